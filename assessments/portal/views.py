"""The supplier portal: a supplier user sees only its own supplier and its assessments, and keeps
its contacts and operating sites (not its registration) up to date.

Answers are saved per area; every valid answer is saved even when another one on the page is
not, and the page comes back with what was typed next to each problem."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
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
from assessments.errors import (
    AnswerConflictError,
    AnswerInvalidError,
    AnswerLockedError,
    AssessmentStateError,
    EvidenceInvalidError,
    InvitationInvalidError,
    SubmissionIncompleteError,
)
from assessments.ghg import selectors as ghg_selectors
from assessments.labels import services as label_services
from assessments.models import Answer, Area, Assessment, Event
from assessments.portal import selectors as portal_selectors
from assessments.portal.forms import (
    AnswerForm,
    AreaPageForm,
    ContactForm,
    SetPasswordForm,
    TableAnswerForm,
    answer_form,
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
        "progress": answer_selectors.area_progress(
            areas=areas, questions=questions, answers=answers
        ),
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


ANSWER_ERRORS = (AnswerInvalidError, AnswerConflictError, AnswerLockedError, EvidenceInvalidError)


@supplier_required
@require_http_methods(["GET", "POST"])
def assessment_area(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    if assessment.code_acknowledged_at is None:
        messages.info(request, _("Please acknowledge the code of conduct first."))
        return redirect("portal:assessment", assessment_id=assessment.pk)
    context = _context(assessment)
    area = next((a for a in context["areas"] if a.code == area_code), None)
    if area is None:
        raise Http404("No such area.")
    if request.method == "POST" and not assessment.is_editable_by_supplier:
        messages.error(
            request,
            _("This assessment is %(status)s: answers cannot change.")
            % {"status": assessment.get_status_display()},
        )
        return redirect("portal:area", assessment_id=assessment.pk, area_code=area.code)
    posted: dict[str, AnswerForm] = {}
    saved: set[str] = set()
    adding = ""
    page = AreaPageForm(
        request.POST if request.method == "POST" else None,
        area_codes=[a.code for a in context["areas"]],
    )
    refused = page.is_bound and not page.is_valid()  # a tampered post: nothing is saved
    for problem in page.errors.values():
        messages.error(request, " ".join(str(message) for message in problem))
    if page.is_valid():
        adding = page.cleaned_data["add_row"]
        posted, saved = _save_area(
            request, assessment, _area_forms(context, area, data=request.POST, files=request.FILES)
        )
        for warning in ghg_selectors.ghg_save_warnings(assessment=assessment, question_codes=saved):
            messages.warning(request, warning)
        failed = [code for code, form in posted.items() if form.errors]
        if failed:
            messages.error(
                request,
                _(
                    "%(count)s answer(s) were not saved: see the messages below. "
                    "Everything else was saved."
                )
                % {"count": len(failed)},
            )
        elif not adding:
            messages.success(request, _("Saved."))
            target = page.cleaned_data["next_area"] or area.code
            return redirect("portal:area", assessment_id=assessment.pk, area_code=target)
        context = _context(assessment)
    codes = [a.code for a in context["areas"]]
    position = codes.index(area.code)
    return render(
        request,
        "portal/area.html",
        {
            **context,
            "area": area,
            "forms": _forms_to_show(context, area, posted=posted, saved=saved, adding=adding),
            "next_area": codes[position + 1] if position + 1 < len(codes) else None,
            "previous_area": codes[position - 1] if position > 0 else None,
        },
        status=400 if refused or any(form.errors for form in posted.values()) else 200,
    )


def _area_forms(
    context: dict[str, Any], area: Area, *, data: Any = None, files: Any = None
) -> list[AnswerForm]:
    """A form per question of the area the supplier sees: bound to the post, if one is given."""
    answers: dict[str, Answer] = context["answers"]
    return [
        answer_form(
            question=question,
            answer=answers.get(question.code),
            assessment=context["assessment"],
            data=data,
            files=files,
        )
        for question in context["questions"]
        if question.area_id == area.pk
    ]


def _forms_to_show(
    context: dict[str, Any],
    area: Area,
    *,
    posted: dict[str, AnswerForm],
    saved: set[str],
    adding: str,
) -> list[AnswerForm]:
    """The stored answers, but what was typed (with its messages) where a post failed; the
    table whose "Add a row" was pressed shows the rows that were on the page and one more."""
    forms = _area_forms(context, area)
    for index, form in enumerate(forms):
        code = form.question.code
        before = posted.get(code)
        rows_on_page = None
        if code == adding:
            rows_on_page = before.rows_on_page if isinstance(before, TableAnswerForm) else 0
        if before is not None and before.errors:
            before.show_again(answer=form.answer, saved=code in saved, rows_on_page=rows_on_page)
            forms[index] = before
        else:
            form.show_rows(rows_on_page=rows_on_page)
    return forms


def _save_area(
    request: HttpRequest, assessment: Assessment, forms: list[AnswerForm]
) -> tuple[dict[str, AnswerForm], set[str]]:
    """Save every changed answer the supplier may edit and upload its documents; each one that
    fails keeps its messages on its form, and the others are saved all the same.

    Returns the posted forms by question code and the codes whose answer was saved.
    """
    user = acting_user(request)
    posted: dict[str, AnswerForm] = {}
    saved: set[str] = set()
    for form in forms:
        if not form.is_editable:
            continue
        code = form.question.code
        posted[code] = form
        if not form.is_valid():
            continue
        try:
            if form.has_changed():
                answer_services.answer_save(
                    assessment=assessment, **form.answer_data(), user=user, via=Event.Via.WEB
                )
                saved.add(code)
            removable = {document.pk: document for document in form.answer_documents()}
            for document_id in form.cleaned_data["remove_documents"]:
                if document_id in removable:
                    answer_services.evidence_remove(
                        document=removable[document_id], user=user, via=Event.Via.WEB
                    )
            for upload in form.cleaned_data["documents"]:
                answer_services.evidence_upload(
                    assessment=assessment, question_code=code, file=upload, user=user
                )
        except ANSWER_ERRORS as exc:
            form.add_service_error(exc)
    return posted, saved


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
    missing = answer_services.assessment_missing_items(assessment)
    return render(
        request,
        "portal/submit.html",
        {"assessment": assessment, "missing": missing, "error": error},
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
    response_text = action.response
    if request.method == "POST":
        response_text = request.POST.get("response", "")
        try:
            action_services.action_respond(
                action=action,
                response=response_text,
                files=request.FILES.getlist("files"),
                user=acting_user(request),
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
        {"action": action, "error": error, "response_text": response_text},
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
