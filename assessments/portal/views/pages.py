"""The supplier portal: a supplier user sees only its own supplier and its assessments, and keeps
its contacts and operating sites (not its registration) up to date.

Answers are saved per area; every valid answer is saved even when another one on the page is
not, and the page comes back with what was typed next to each problem."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns import services as campaign_services
from assessments.corrective_actions import selectors as action_selectors
from assessments.corrective_actions import services as action_services
from assessments.corrective_actions.forms import ActionResponseForm
from assessments.errors import (
    AssessmentStateError,
    InvitationInvalidError,
    SubmissionIncompleteError,
)
from assessments.labels import services as label_services
from assessments.models import Assessment
from assessments.portal import selectors as portal_selectors
from assessments.portal.forms import (
    ContactForm,
    SetPasswordForm,
)
from assessments.questionnaires import selectors as questionnaire_selectors
from assessments.scoring.calculation import path_to_green
from assessments.scoring.selectors import score_for_supplier
from core.decorators import supplier_required
from core.errors import ApplicationError
from core.permissions import acting_user
from suppliers import services as supplier_services
from suppliers.forms import SiteFormSet, site_rows
from suppliers.models import Supplier


@supplier_required
def portal_home(request: HttpRequest) -> HttpResponse:
    supplier = request.user.supplier_membership.supplier  # type: ignore[union-attr]
    assessments = campaign_selectors.assessment_list(user=request.user).order_by("-created_at")[:50]
    return render(
        request,
        "portal/home.html",
        {
            "supplier": supplier,
            "assessments": assessments,
            "todo": portal_selectors.supplier_todo(supplier),
            "today": timezone.localdate(),
        },
    )


def _context(assessment: Assessment) -> dict[str, Any]:
    answers = answer_selectors.assessment_answers(assessment)
    questions = answer_selectors.visible_questions(assessment, answers)
    areas = questionnaire_selectors.version_load(assessment.version).areas
    return {
        "assessment": assessment,
        "answers": answers,
        "questions": questions,
        "areas": areas,
        # One rule: the submit page's missing items and every area's progress come from
        # `assessment_requirements`, so "complete" here means "nothing missing" there.
        "progress": answer_selectors.area_progress(
            areas=areas, questions=questions, answers=answers
        ),
        "missing": answer_selectors.missing_items(questions=questions, answers=answers),
    }


@supplier_required
def assessment_overview(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    context = _context(assessment)
    context["events"] = assessment.events.filter(is_supplier_visible=True).select_related("actor")
    context["queried"] = [a for a in context["answers"].values() if a.is_unlocked]
    context["actions"] = assessment.corrective_actions.select_related("question")
    # Suppliers see their scores once the assessment is approved (the final score).
    shown = score_for_supplier(assessment)
    context["score"] = shown
    if shown is not None:
        score = shown
        rules = label_services.current_rules()
        context["failed_rules"] = label_services.label_check(
            assessment=assessment, score=score, rules=rules, today=timezone.localdate()
        )
        context["improvements"] = path_to_green(
            areas=score.areas,
            questions=score.questions,
            critical_failures=score.critical_failures,
            min_area=rules.min_area,
        )
        context["comments"] = [a for a in context["answers"].values() if a.review_comment]
    return render(request, "portal/assessment.html", context)


@supplier_required
@require_POST
def assessment_acknowledge(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    if request.POST.get("acknowledge") != "yes":
        messages.error(request, _("Tick the box to acknowledge the code of conduct."))
    else:
        answer_services.assessment_acknowledge_code(
            assessment=assessment, user=acting_user(request)
        )
        messages.success(request, _("Thank you. You can now answer the questionnaire."))
    return redirect("portal:assessment", assessment_id=assessment.pk)


@supplier_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    error = ""
    if request.method == "POST":
        try:
            answer_services.assessment_submit(
                assessment=assessment,
                attestation=request.POST.get("attestation") == "yes",
                user=acting_user(request),
            )
        except (SubmissionIncompleteError, AssessmentStateError) as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Submitted. Your customer's reviewers will look at it now.")
            )
            return redirect("portal:assessment", assessment_id=assessment.pk)
    context = _context(assessment)
    return render(
        request,
        "portal/submit.html",
        {**context, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = campaign_services.invitation_get(token=token)
    except InvitationInvalidError as exc:
        return render(
            request, "portal/invitation_invalid.html", {"message": exc.message}, status=400
        )
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = campaign_services.invitation_accept(
                token=token, password=form.cleaned_data["password1"]
            )
        except InvitationInvalidError as exc:
            for message in exc.fields.get("password", []):
                form.add_error("password1", message)
            if not exc.fields.get("password"):
                form.add_error(None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(reverse("portal:home"))
    return render(
        request,
        "portal/invitation.html",
        {"invitation": invitation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@supplier_required
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    """A finding of the customer's reviewer: the supplier answers with text and documents."""
    action = action_selectors.action_get_for_user(user=request.user, action_id=action_id)
    error = ""
    form = ActionResponseForm(
        request.POST if request.method == "POST" else None,
        action=action,
        initial={"response": action.response},
    )
    if request.method == "POST":
        if not form.is_valid():
            error = _("The answer is not valid.")
        else:
            try:
                action_services.action_respond(
                    action=action,
                    response=form.cleaned_data["response"],
                    files=request.FILES.getlist("files"),
                    user=acting_user(request),
                    improved_value=form.cleaned_data.get("improved_value"),
                )
            except ApplicationError as exc:
                details = [message for values in exc.fields.values() for message in values]
                error = " ".join([exc.message, *details])
            else:
                messages.success(request, _("Thank you: your answer was sent to the reviewer."))
                return redirect("portal:action", action_id=action.pk)
    return render(
        request,
        "portal/action.html",
        {
            "action": action,
            "error": error,
            "form": form,
            "proposed_text": action_selectors.action_proposed_text(action),
        },
        status=400 if error else 200,
    )


@supplier_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    supplier = request.user.supplier_membership.supplier  # type: ignore[union-attr]
    form = ContactForm(request.POST or None, instance=supplier)
    formset = SiteFormSet(request.POST or None, instance=supplier, prefix="sites")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            supplier_services.supplier_update(
                supplier=Supplier.objects.get(pk=supplier.pk),
                updated_by=acting_user(request),
                sites=site_rows(formset),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your company profile was saved."))
            return redirect("portal:profile")
    return render(
        request,
        "portal/profile.html",
        {"supplier": supplier, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


# --- Answering as the supplier goes (issue 16): live conditions and per-question autosave ----
