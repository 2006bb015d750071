"""The supplier portal: a supplier user sees only its own supplier and its assessments.

Answers are saved per area; every valid answer is saved even when another one on the page is
not, and the page comes back with what was typed next to each problem."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.answers import values as answer_values
from assessments.answers.models import DATA_QUALITY_CHOICES
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
from assessments.labels import services as label_services
from assessments.models import Answer, Assessment, Event, Question
from assessments.portal.forms import SetPasswordForm
from assessments.questionnaires import selectors as questionnaire_selectors
from assessments.scoring.calculation import path_to_green
from assessments.scoring.selectors import score_for_supplier
from core.decorators import supplier_required
from core.errors import ApplicationError
from core.permissions import acting_user


@supplier_required
def portal_home(request: HttpRequest) -> HttpResponse:
    supplier = request.user.supplier_membership.supplier  # type: ignore[union-attr]
    assessments = campaign_selectors.assessment_list(user=request.user).order_by("-created_at")[:50]
    return render(request, "portal/home.html", {"supplier": supplier, "assessments": assessments})


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
    assessment = answer_services.assessment_carry_acknowledgement(assessment=assessment)
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


def _posted_value(request: HttpRequest, question: Question) -> Any:
    name = f"q-{question.code}"
    if question.type == Question.Type.MULTI_CHOICE:
        return request.POST.getlist(name)
    if question.type == Question.Type.TABLE:
        rows = []
        count = _int(request.POST.get(f"{name}-rows"), 0)
        for index in range(min(count, answer_values.MAX_TABLE_ROWS + 1)):
            if request.POST.get(f"{name}-{index}-delete"):
                continue
            rows.append(
                {
                    column.code: request.POST.get(f"{name}-{index}-{column.code}", "").strip()
                    for column in question.columns.all()
                }
            )
        return rows
    if question.type == Question.Type.FILE:
        return None
    return request.POST.get(name, "").strip()


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _is_editable(assessment: Assessment, answer: Answer | None) -> bool:
    if assessment.status in (Assessment.Status.INVITED, Assessment.Status.IN_PROGRESS):
        return True
    return (
        assessment.status == Assessment.Status.RETURNED
        and answer is not None
        and answer.is_unlocked
    )


def _unchanged(question: Question, answer: Answer | None, posted: dict[str, Any]) -> bool:
    if posted["not_applicable"]:
        return bool(
            answer is not None
            and answer.not_applicable
            and answer.justification == posted["justification"].strip()
        )
    try:
        clean = answer_values.clean_value(question, posted["value"])
    except ValueError:
        return False
    if answer is None:
        return clean is None and not posted["data_quality"]
    return (
        not answer.not_applicable
        and answer.value == clean
        and (answer.data_quality or "") == posted["data_quality"]
        and (posted["response"] is None or answer.supplier_response == posted["response"].strip())
    )


@supplier_required
@require_http_methods(["GET", "POST"])
def assessment_area(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    assessment = answer_services.assessment_carry_acknowledgement(assessment=assessment)
    if assessment.code_acknowledged_at is None:
        messages.info(request, _("Please acknowledge the code of conduct first."))
        return redirect("portal:assessment", assessment_id=assessment.pk)
    context = _context(assessment)
    area = next((a for a in context["areas"] if a.code == area_code), None)
    if area is None:
        raise Http404("No such area.")
    questions = [q for q in context["questions"] if q.area_id == area.pk]
    answers: dict[str, Answer] = context["answers"]
    posted: dict[str, dict[str, Any]] = {}
    errors: dict[str, list[str]] = {}
    extra_rows: dict[str, int] = {}
    if request.method == "POST" and not assessment.is_editable_by_supplier:
        messages.error(
            request,
            _("This assessment is %(status)s: answers cannot change.")
            % {"status": assessment.get_status_display()},
        )
        return redirect("portal:area", assessment_id=assessment.pk, area_code=area.code)
    if request.method == "POST":
        user = acting_user(request)
        for question in questions:
            answer = answers.get(question.code)
            if not _is_editable(assessment, answer):
                continue
            name = f"q-{question.code}"
            data = {
                "value": _posted_value(request, question),
                "not_applicable": bool(request.POST.get(f"{name}-na")),
                "justification": request.POST.get(f"{name}-justification", ""),
                "data_quality": request.POST.get(f"{name}-dq", ""),
                "revision": _int(request.POST.get(f"{name}-rev"), 0),
                "response": request.POST.get(f"{name}-response"),
            }
            posted[question.code] = data
            try:
                if question.type != Question.Type.FILE and not _unchanged(question, answer, data):
                    answers[question.code] = answer_services.answer_save(
                        assessment=assessment,
                        question_code=question.code,
                        value=data["value"],
                        not_applicable=data["not_applicable"],
                        justification=data["justification"],
                        data_quality=data["data_quality"],
                        revision=data["revision"],
                        supplier_response=data["response"],
                        user=user,
                        via=Event.Via.WEB,
                    )
                    posted.pop(question.code)
                for upload in request.FILES.getlist(f"{name}-file"):
                    answer_services.evidence_upload(
                        assessment=assessment, question_code=question.code, file=upload, user=user
                    )
            except (
                AnswerInvalidError,
                AnswerConflictError,
                AnswerLockedError,
                EvidenceInvalidError,
            ) as exc:
                problems = [message for values in exc.fields.values() for message in values]
                errors[question.code] = problems or [exc.message]
            else:
                posted.pop(question.code, None)
        if request.POST.get("add-row"):
            code = request.POST["add-row"]
            extra_rows[code] = _int(request.POST.get(f"q-{code}-rows"), 0)
        if errors:
            messages.error(
                request,
                _(
                    "%(count)s answer(s) were not saved: see the messages below. "
                    "Everything else was saved."
                )
                % {"count": len(errors)},
            )
        elif not extra_rows:
            messages.success(request, _("Saved."))
            target = request.POST.get("next-area")
            if target:
                return redirect("portal:area", assessment_id=assessment.pk, area_code=target)
            return redirect("portal:area", assessment_id=assessment.pk, area_code=area.code)
        context = _context(assessment)
        answers = context["answers"]
        questions = [q for q in context["questions"] if q.area_id == area.pk]
    codes = [a.code for a in context["areas"]]
    position = codes.index(area.code)
    items = [
        _item(
            question,
            answers.get(question.code),
            posted.get(question.code),
            errors.get(question.code),
            assessment,
            extra_rows.get(question.code),
        )
        for question in questions
    ]
    return render(
        request,
        "portal/area.html",
        {
            **context,
            "area": area,
            "items": items,
            "next_area": codes[position + 1] if position + 1 < len(codes) else None,
            "previous_area": codes[position - 1] if position > 0 else None,
            "data_quality_choices": DATA_QUALITY_CHOICES,
            "has_errors": bool(errors),
        },
        status=400 if errors else 200,
    )


def _item(
    question: Question,
    answer: Answer | None,
    posted: dict[str, Any] | None,
    errors: list[str] | None,
    assessment: Assessment,
    shown_rows: int | None,
) -> dict[str, Any]:
    """What the template needs for one question: current (or just typed) values and state."""
    if posted is not None:
        value = posted["value"]
        not_applicable = posted["not_applicable"]
        justification = posted["justification"]
        data_quality = posted["data_quality"]
        revision = posted["revision"]
        response = posted["response"] or ""
    else:
        value = answer.value if answer is not None else None
        not_applicable = bool(answer and answer.not_applicable)
        justification = answer.justification if answer is not None else ""
        data_quality = answer.data_quality if answer is not None else ""
        revision = answer.revision if answer is not None else 0
        response = answer.supplier_response if answer is not None else ""
    rows = list(value) if question.type == Question.Type.TABLE and isinstance(value, list) else []
    if question.type == Question.Type.TABLE:
        # "Add a row": the rows that were on the page (blank ones too) and one more.
        if shown_rows is not None:
            rows += [{} for _ in range(max(0, shown_rows - len(rows)))]
            rows.append({})
        elif not rows:
            rows.append({})
    return {
        "question": question,
        "answer": answer,
        "value": value,
        "values": value if isinstance(value, list) else [],
        "rows": rows,
        "not_applicable": not_applicable,
        "justification": justification,
        "data_quality": data_quality,
        "revision": revision,
        "response": response,
        "errors": errors or [],
        "editable": _is_editable(assessment, answer),
        "evidence": answer.documents if answer is not None else [],
        "choices": [c for c in question.choices.all() if c.column_id is None],
        "columns": list(question.columns.all()),
    }


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
