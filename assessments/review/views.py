"""Staff review pages: the queue of submitted assessments and the review actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.answers import selectors as answer_selectors
from assessments.campaigns import selectors as campaign_selectors
from assessments.errors import (
    AssessmentStateError,
    ReviewIncompleteError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)
from assessments.models import Answer, Assessment, Campaign
from assessments.review import services as review_services
from assessments.review.forms import AreaAcceptForm
from core.decorators import staff_required
from core.permissions import acting_user

REVIEW_ERRORS = (
    AssessmentStateError,
    ReviewIncompleteError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)


@staff_required("assessments.view_assessment")
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted assessments waiting for review or decision, oldest submission first."""
    status = request.GET.get("status") or Assessment.Status.SUBMITTED
    if status not in Assessment.Status.values:
        status = Assessment.Status.SUBMITTED
    queryset = campaign_selectors.assessment_list(user=request.user).filter(status=status)
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        queryset = queryset.filter(campaign_id=int(campaign))
    if request.GET.get("mine"):
        queryset = queryset.filter(reviewer=acting_user(request))
    page = Paginator(
        queryset.select_related("reviewer").order_by("submitted_at", "id"), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/review/review_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": Assessment.Status.choices,
            "campaigns": Campaign.objects.order_by("-created_at")[:200],
            "campaign": campaign,
        },
    )


def _back(assessment_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("campaigns:assessment", kwargs={"assessment_id": assessment_id})
    return redirect(f"{url}#{anchor}" if anchor else url)


@staff_required("assessments.review_assessment")
@require_POST
def answer_review(request: HttpRequest, assessment_id: int, question_code: str) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    answer = get_object_or_404(Answer, assessment=assessment, question__code=question_code)
    try:
        review_services.answer_review(
            answer=answer,
            accept=request.POST.get("decision") == "accept",
            comment=request.POST.get("comment", ""),
            reviewer=acting_user(request),
        )
    except REVIEW_ERRORS as exc:
        messages.error(request, f"{question_code}: {exc.message}")
    return _back(assessment.pk, f"q-{question_code}")


@staff_required("assessments.review_assessment")
@require_POST
def evidence_review(request: HttpRequest, evidence_id: int) -> HttpResponse:
    document = answer_selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    try:
        review_services.evidence_review(
            document=document,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
            reviewer=acting_user(request),
        )
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    return _back(document.answer.assessment_id, f"q-{document.answer.question.code}")


@staff_required("assessments.review_assessment")
@require_POST
def area_accept(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    form = AreaAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an area."))
        return _back(assessment.pk)
    area = form.cleaned_data["area"]
    try:
        result = review_services.area_accept(
            assessment=assessment, area_code=area, reviewer=acting_user(request)
        )
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(area)s: %(answers)s answer(s) and %(documents)s document(s) accepted.")
            % {
                "area": area,
                "answers": len(result.answers),
                "documents": len(result.documents),
            },
        )
    return _back(assessment.pk, f"area-{area}")


@staff_required("assessments.review_assessment")
@require_POST
def assessment_return(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    try:
        review_services.assessment_return(
            assessment=assessment,
            question_codes=request.POST.getlist("questions"),
            comment=request.POST.get("comment", ""),
            reviewer=acting_user(request),
        )
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Returned to the supplier: only the queried questions are open.")
        )
    return _back(assessment.pk)


@staff_required("assessments.approve_assessment")
@require_POST
def assessment_decide(request: HttpRequest, assessment_id: int, decision: str) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    try:
        if decision == "approve":
            review_services.assessment_approve(assessment=assessment, approver=acting_user(request))
            messages.success(request, _("Assessment approved."))
        else:
            review_services.assessment_reject(
                assessment=assessment,
                approver=acting_user(request),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Assessment rejected."))
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    return _back(assessment.pk)
