"""Staff pages that raise and decide corrective actions; private action documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.campaigns import selectors as campaign_selectors
from assessments.corrective_actions import selectors as action_selectors
from assessments.corrective_actions import services as action_services
from assessments.corrective_actions.forms import ActionForm, ActionVerifyForm
from assessments.errors import ActionVerifyDeniedError
from assessments.models import Answer
from assessments.review.views import REVIEW_ERRORS, _back
from core.decorators import staff_required
from core.downloads import private_file_response
from core.permissions import acting_user


@login_required
def action_document_download(request: HttpRequest, document_id: int) -> FileResponse:
    document = action_selectors.action_document_get_for_user(
        user=request.user, document_id=document_id
    )
    return private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@staff_required("assessments.review_assessment")
@require_POST
def action_raise(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
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


@staff_required()
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    """One corrective action for staff: the finding, the supplier's fix and improved answer, the
    reviewer's verification and, once closed, the score and label before and after."""
    action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
    answer = None
    if action.question_id is not None:
        answer = Answer.objects.filter(
            assessment_id=action.assessment_id, question_id=action.question_id
        ).first()
    return render(
        request,
        "assessments/corrective_actions/action_detail.html",
        {
            "action": action,
            "answer": answer,
            "answer_text": action_selectors.action_answer_text(action, answer),
            "proposed_text": action_selectors.action_proposed_text(action),
            "improvement": action_selectors.action_improvement(action),
            "verify_form": ActionVerifyForm(),
        },
    )


@staff_required("assessments.review_assessment")
@require_POST
def action_decide(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
    try:
        if request.POST.get("decision") == "close":
            form = ActionVerifyForm(request.POST)
            form.is_valid()  # a checkbox: always valid; the service refuses without it
            action_services.corrective_action_verify_close(
                action=action,
                closed_by=acting_user(request),
                verified=form.cleaned_data.get("verified", False),
            )
            messages.success(
                request, _("Corrective action verified and closed; the assessment was rescored.")
            )
        else:
            action_services.action_reopen(
                action=action,
                reopened_by=acting_user(request),
                comment=request.POST.get("comment", ""),
            )
    except (*REVIEW_ERRORS, ActionVerifyDeniedError) as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "action":
        return redirect("campaigns:action_detail", action_id=action.pk)
    return _back(action.assessment_id, "actions")
