"""Staff review pages: the queue of submitted assessments and the review actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import selectors
from assessments.errors import (
    AssessmentStateError,
    InvitationInvalidError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)
from assessments.models import Answer, Assessment, Campaign, CorrectiveAction, RescoringJob
from assessments.services import campaigns as campaign_services
from assessments.services import corrective_actions as action_services
from assessments.services import review as review_services
from assessments.services import scores as score_services
from suppliers.permissions import acting_user
from suppliers.views import staff_required

REVIEW_ERRORS = (AssessmentStateError, ReviewInvalidError, SeparationOfDutiesError)


@staff_required("assessments.view_assessment")
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted assessments waiting for review or decision, oldest submission first."""
    status = request.GET.get("status") or Assessment.Status.SUBMITTED
    if status not in Assessment.Status.values:
        status = Assessment.Status.SUBMITTED
    queryset = selectors.assessment_list(user=request.user).filter(status=status)
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
        "assessments/review_queue.html",
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
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
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
    document = selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
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
def assessment_return(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
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
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
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


# --- Corrective actions -------------------------------------------------------------------


class ActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Finding"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("What must be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    severity = forms.ChoiceField(
        label=gettext_lazy("Severity"), choices=CorrectiveAction.Severity.choices
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    question_code = forms.CharField(
        label=gettext_lazy("Question (optional)"), max_length=40, required=False
    )


@staff_required("assessments.review_assessment")
@require_POST
def action_raise(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(problem) for problem in problems)
            messages.error(request, f"{label}: {text}")
        return _back(assessment.pk, "actions")
    try:
        action_services.action_raise(
            assessment=assessment, raised_by=acting_user(request), **form.cleaned_data
        )
    except REVIEW_ERRORS as exc:
        details = [message for values in exc.fields.values() for message in values]
        messages.error(request, " ".join([exc.message, *details]))
    else:
        messages.success(
            request, _("Corrective action raised; the supplier sees it in the portal.")
        )
    return _back(assessment.pk, "actions")


@staff_required("assessments.review_assessment")
@require_POST
def action_decide(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.action_get_for_user(user=request.user, action_id=action_id)
    try:
        if request.POST.get("decision") == "close":
            action_services.action_close(action=action, closed_by=acting_user(request))
        else:
            action_services.action_reopen(
                action=action,
                reopened_by=acting_user(request),
                comment=request.POST.get("comment", ""),
            )
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    return _back(action.assessment_id, "actions")


@staff_required("assessments.change_campaign")
@require_POST
def invitation_send(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Re-send the invitation to the contact, or invite a colleague of the supplier."""
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
    email = request.POST.get("email") or assessment.supplier.contact_email
    try:
        campaign_services.invitation_resend(
            assessment=assessment, email=email, sent_by=acting_user(request)
        )
    except InvitationInvalidError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return _back(assessment.pk)


# --- Rescoring ----------------------------------------------------------------------------


@staff_required("assessments.review_assessment")
@require_POST
def rescoring_start(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    job = score_services.rescoring_start(campaign=campaign, started_by=acting_user(request))
    return redirect("campaigns:rescoring", job_id=job.pk)


@staff_required("assessments.view_assessment")
def rescoring_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(
        RescoringJob.objects.select_related("campaign"),
        pk=job_id,
        campaign__in=selectors.campaign_list(user=request.user).values("pk"),
    )
    results = Paginator(job.results, 100).get_page(request.GET.get("page"))
    return render(request, "assessments/rescoring_job.html", {"job": job, "results": results})
