"""Answering an area: the area page, its save, the per-question autosave and the live
visibility of follow-up questions."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.campaigns import selectors as campaign_selectors
from assessments.errors import (
    AnswerConflictError,
    AnswerInvalidError,
    AnswerLockedError,
    EvidenceInvalidError,
)
from assessments.ghg import selectors as ghg_selectors
from assessments.models import Answer, Area, Assessment, Event, Question
from assessments.portal.forms import (
    AnswerForm,
    AreaPageForm,
    TableAnswerForm,
    answer_form,
)
from assessments.portal.views.pages import _context
from assessments.prefill.selectors import area_unconfirmed_codes
from core.decorators import supplier_required
from core.permissions import acting_user

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
        posted, saved = _save_area(request, assessment, context, area)
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
            # Prefilled from the last cycle: the "Confirm all carried answers" button's count.
            "carried_unconfirmed": area_unconfirmed_codes(
                answers=context["answers"], area_code=area.code
            ),
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
    table whose "Add a row" was pressed shows the rows that were on the page and one more.

    The follow-ups whose condition does not hold are on the page too, hidden, so that they
    appear as soon as the supplier's answer opens them (portal.js asks `area_visibility`)."""
    assessment: Assessment = context["assessment"]
    answers: dict[str, Answer] = context["answers"]
    shown = {question.code for question in context["questions"]}
    sources = answer_selectors.condition_sources(assessment)
    forms = [
        answer_form(question=question, answer=answers.get(question.code), assessment=assessment)
        for question in answer_selectors.category_questions(assessment)
        if question.area_id == area.pk
    ]
    for index, form in enumerate(forms):
        code = form.question.code
        before = posted.get(code)
        rows_on_page = None
        if code == adding:
            rows_on_page = before.rows_on_page if isinstance(before, TableAnswerForm) else 0
        if code in shown and before is not None and before.errors:
            before.show_again(answer=form.answer, saved=code in saved, rows_on_page=rows_on_page)
            forms[index] = form = before
        else:
            form.show_rows(rows_on_page=rows_on_page)
        form.is_shown = code in shown
        form.is_condition_source = code in sources
    return forms


def _save_area(
    request: HttpRequest, assessment: Assessment, context: dict[str, Any], area: Area
) -> tuple[dict[str, AnswerForm], set[str]]:
    """Save every changed answer the supplier may edit and upload its documents; each one that
    fails keeps its messages on its form, and the others are saved all the same.

    A follow-up typed on the page (shown by portal.js before its trigger was saved) is saved
    too: after each round the questions the saved answers open are read again, until no new
    one opens. Returns the posted forms by question code and the codes whose answer was saved.
    """
    posted: dict[str, AnswerForm] = {}
    saved: set[str] = set()
    while True:
        forms = [
            form
            for form in _area_forms(context, area, data=request.POST, files=request.FILES)
            if form.question.code not in posted and form.is_editable
        ]
        if not forms:
            return posted, saved
        for form in forms:
            posted[form.question.code] = form
            if _save_answer(request, assessment, form):
                saved.add(form.question.code)
        context = _context(assessment)


def _save_answer(
    request: HttpRequest, assessment: Assessment, form: AnswerForm, *, with_documents: bool = True
) -> Answer | None:
    """Save one question's form, the one rule of the area page and of autosave: the answer if
    it changed, then (`with_documents`) the documents ticked "Remove" and the new uploads. A
    service's refusal goes onto the form. Returns the saved answer, or None if none was saved.
    """
    if not form.is_valid():
        return None
    user = acting_user(request)
    code = form.question.code
    answer = None
    try:
        if form.has_changed():
            answer = answer_services.answer_save(
                assessment=assessment, **form.answer_data(), user=user, via=Event.Via.WEB
            )
        if not with_documents:
            return answer
        if form.cleaned_data["documents"]:
            # Before any removal: a replacement refused for its dates keeps the old document.
            answer_services.evidence_validity_check(question=form.question, **form.validity())
        removable = {document.pk: document for document in form.answer_documents()}
        for document_id in form.cleaned_data["remove_documents"]:
            if document_id in removable:
                answer_services.evidence_remove(
                    document=removable[document_id], user=user, via=Event.Via.WEB
                )
        for upload in form.cleaned_data["documents"]:
            answer_services.evidence_upload(
                assessment=assessment,
                question_code=code,
                file=upload,
                user=user,
                **form.validity(),
            )
    except ANSWER_ERRORS as exc:
        form.add_service_error(exc)
    return answer


def _area_of(context: dict[str, Any], area_code: str) -> Area:
    area = next((a for a in context["areas"] if a.code == area_code), None)
    if area is None:
        raise Http404("No such area.")
    return area


def _typed_visible(request: HttpRequest, context: dict[str, Any], area: Area) -> list[Question]:
    """The visible questions given the stored answers and what the area's page holds now
    (posted, not saved): the follow-ups a change opens, before it is saved."""
    assessment: Assessment = context["assessment"]
    answers: dict[str, Answer] = context["answers"]
    forms = [
        answer_form(
            question=question,
            answer=answers.get(question.code),
            assessment=assessment,
            data=request.POST,
        )
        for question in answer_selectors.category_questions(assessment)
        if question.area_id == area.pk
    ]
    # A locked answer is not on the page's post (its fieldset is disabled): the stored one holds.
    typed = {form.question.code: form.condition_value() for form in forms if form.is_editable}
    return answer_selectors.visible_questions(assessment, answers, typed=typed)


@supplier_required
@require_POST
def area_visibility(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    """Which of the area's questions the page shows for what it holds now (nothing is saved):
    JSON, and for htmx the `portal:visibility` event that portal.js turns into shown and
    hidden questions (hidden ones keep what was typed)."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    context = _context(assessment)
    area = _area_of(context, area_code)
    visible = [q.code for q in _typed_visible(request, context, area) if q.area_id == area.pk]
    response = JsonResponse({"visible": visible})
    response["HX-Trigger"] = json.dumps({"portal:visibility": {"visible": visible}})
    return response


@supplier_required
@require_POST
def answer_autosave(
    request: HttpRequest, assessment_id: int, area_code: str, question_code: str
) -> HttpResponse:
    """Save one question of an area page as the supplier goes (htmx posts the page's form on
    each change): the same form and the same save as the area's Save button, without the
    documents (those wait for Save). Answers with the question's save state: "Saved" and its
    new revision, or "Not saved" and why (409 on a conflict, 400 otherwise)."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    context = _context(assessment)
    area = _area_of(context, area_code)
    question = next(
        (q for q in _typed_visible(request, context, area) if q.code == question_code), None
    )
    if question is None or question.area_id != area.pk:
        raise Http404("No such question on this page.")
    answer = context["answers"].get(question.code)
    form = answer_form(question=question, answer=answer, assessment=assessment, data=request.POST)
    status = 200
    errors: list[str] = []
    warnings: list[str] = []
    if assessment.code_acknowledged_at is None:
        errors, status = [_("Please acknowledge the code of conduct first.")], 400
    elif not form.is_editable:
        errors, status = [_("This answer cannot change now.")], 400
    else:
        saved = _save_answer(request, assessment, form, with_documents=False)
        if saved is not None:
            answer = saved
            warnings = list(
                ghg_selectors.ghg_save_warnings(
                    assessment=assessment, question_codes={question.code}
                )
            )
        if form.errors:
            errors = [str(error) for problems in form.errors.values() for error in problems]
            status = 409 if isinstance(form.refusal, AnswerConflictError) else 400
    if not getattr(request, "htmx", False):  # django-htmx's middleware sets it
        for message in errors:
            messages.error(request, message)
        if not errors:
            messages.success(request, _("Saved."))
        url = reverse(
            "portal:area", kwargs={"assessment_id": assessment.pk, "area_code": area.code}
        )
        return redirect(f"{url}#q-{question.code}")
    return render(
        request,
        "portal/widgets/save_state.html",
        {
            "question": question,
            "errors": errors,
            "warnings": warnings,
            "revision": answer.revision if answer is not None else 0,
            "revision_name": form["revision"].html_name,
        },
        status=status,
    )
