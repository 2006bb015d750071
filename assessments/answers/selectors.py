"""Reads of answers and evidence: the answers of an assessment, visible questions, progress."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.answers.values import _empty
from assessments.campaigns.selectors import assessment_list
from assessments.models import (
    Answer,
    Area,
    Assessment,
    Campaign,
    EvidenceDocument,
    Question,
)
from assessments.questionnaires.conditions import visible_codes
from assessments.questionnaires.selectors import version_load


def with_documents() -> Prefetch:
    """Loads each answer's evidence into `Answer.documents`, for many answers in one query."""
    return Prefetch("evidence", to_attr="evidence_documents")


def evidence_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, evidence_id: Any
) -> EvidenceDocument:
    visible = assessment_list(user=user).values("pk")
    try:
        return EvidenceDocument.objects.select_related(
            "answer__question", "answer__assessment"
        ).get(pk=int(evidence_id), answer__assessment__in=visible)
    except (EvidenceDocument.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such document.") from exc


@dataclass(frozen=True)
class MissingItem:
    """One thing that stops submission, naming its question."""

    question_code: str
    area_code: str
    text: str
    reason: str


@dataclass(frozen=True)
class Requirement:
    """A visible question the submission check looks at; `missing` says why it is not met yet
    ("" when it is)."""

    question: Question
    missing: str


def _requirement(question: Question, answer: Answer | None) -> Requirement | None:
    """What submission needs of one visible question: an answer when it is required, a
    document (not a rejected one) when it requires evidence and is answered (not "not
    applicable"), a document as the answer of a file question, and a carried answer confirmed.
    None: it needs nothing."""
    if answer is not None and answer.carried_forward and not answer.confirmed:
        # Prefilled from the last cycle (`prefill.services`): the supplier confirms or changes it.
        return Requirement(
            question, _("Carried forward from the last cycle: confirm it or change it.")
        )
    not_applicable = answer is not None and answer.not_applicable
    documents = answer.documents if answer is not None else []
    rejected = EvidenceDocument.ReviewStatus.REJECTED
    has_document = any(document.review_status != rejected for document in documents)
    if question.type == Question.Type.FILE:
        answered = has_document or not_applicable
    else:
        answered = answer is not None and (not_applicable or not _empty(answer.value))
    if question.is_required and not answered:
        return Requirement(question, _("No answer yet."))
    needs_document = question.requires_evidence and answered and not not_applicable
    if needs_document and not has_document:
        return Requirement(question, _("Evidence is required."))
    if question.is_required or needs_document:
        return Requirement(question, "")
    return None


def assessment_requirements(
    *, questions: Sequence[Question], answers: dict[str, Answer]
) -> list[Requirement]:
    """The one rule of "is it complete?": what submission needs of each visible question.

    The submission check (`missing_items`), the portal's area progress (`area_progress`) and
    every page showing either derive from this list, so they never disagree."""
    requirements = []
    for question in questions:
        requirement = _requirement(question, answers.get(question.code))
        if requirement is not None:
            requirements.append(requirement)
    return requirements


def missing_items(
    *, questions: Sequence[Question], answers: dict[str, Answer]
) -> list[MissingItem]:
    """What stops submission, in questionnaire order."""
    return [
        MissingItem(r.question.code, r.question.area.code, r.question.text, r.missing)
        for r in assessment_requirements(questions=questions, answers=answers)
        if r.missing
    ]


def assessment_missing_items(assessment: Assessment) -> list[MissingItem]:
    """What stops submission: required answers and required evidence, each naming its question."""
    answers = assessment_answers(assessment)
    return missing_items(questions=visible_questions(assessment, answers), answers=answers)


def area_progress(
    *, areas: Sequence[Area], questions: Sequence[Question], answers: dict[str, Answer]
) -> list[dict[str, Any]]:
    """Per area: the required items (answers and documents) of its visible questions, how many
    are there, and what is missing; complete when nothing is (`assessment_requirements`)."""
    requirements = assessment_requirements(questions=questions, answers=answers)
    progress = []
    for area in areas:
        own = [r for r in requirements if r.question.area_id == area.pk]
        missing = [
            MissingItem(r.question.code, area.code, r.question.text, r.missing)
            for r in own
            if r.missing
        ]
        done = len(own) - len(missing)
        progress.append(
            {
                "code": area.code,
                "title": area.title,
                "answered": done,
                "required": len(own),
                "missing": missing,
                "is_complete": not missing,
                "percent": 100 if not own else round(100 * done / len(own)),
            }
        )
    return progress


def assessment_answers(assessment: Assessment) -> dict[str, Answer]:
    """The answers by question code, each with its question and evidence (two queries)."""
    questions = version_load(assessment.version).by_id
    documents: dict[int, list[EvidenceDocument]] = {}
    for document in EvidenceDocument.objects.filter(answer__assessment=assessment):
        documents.setdefault(document.answer_id, []).append(document)
    answers = {}
    for answer in assessment.answers.all():
        question = questions.get(answer.question_id)
        if question is not None:
            answer.question = question
        answer.evidence_documents = documents.get(answer.pk, [])
        answers[answer.question.code] = answer
    return answers


def visible_questions(
    assessment: Assessment,
    answers: dict[str, Answer],
    *,
    typed: Mapping[str, Any] | None = None,
) -> list[Question]:
    """The questions this supplier sees: its category's, with conditions on its answers.

    `typed` overrides stored answers with values typed on a page and not saved yet (None: not
    answered), so a page can show the follow-up questions a change opens before it is saved."""
    questions = version_load(assessment.version).questions
    values = {code: answer.value for code, answer in answers.items() if not answer.not_applicable}
    for code, value in (typed or {}).items():
        if value is None:
            values.pop(code, None)
        else:
            values[code] = value
    shown = set(
        visible_codes(questions, category=assessment.supplier.category.slug, answers=values)
    )
    return [question for question in questions if question.code in shown]


def category_questions(assessment: Assessment) -> list[Question]:
    """Every question for this supplier's category, whatever the conditions say (the area page
    holds the hidden follow-ups too, so they can appear as soon as their condition holds)."""
    slug = assessment.supplier.category.slug
    return [
        question
        for question in version_load(assessment.version).questions
        if not question.categories or slug in question.categories
    ]


def condition_sources(assessment: Assessment) -> set[str]:
    """The codes of the questions whose answer some display condition depends on."""
    return {
        question.condition["question"]
        for question in version_load(assessment.version).questions
        if question.condition
    }


# --- The offline workbook (answers.xlsx): the rows `workbooks.write_offline_workbook` writes ---


class OfflineChoice(NamedTuple):
    code: str
    label: str


class OfflineColumn(NamedTuple):
    code: str
    label: str
    type: str
    unit: str
    is_required: bool
    choices: tuple[OfflineChoice, ...]


class OfflineQuestion(NamedTuple):
    code: str
    text: str
    type: str
    type_label: str
    unit: str
    is_required: bool
    allows_not_applicable: bool
    choices: tuple[OfflineChoice, ...]
    columns: tuple[OfflineColumn, ...]
    value: Any
    not_applicable: bool
    justification: str
    revision: int  # 0: not answered yet
    fingerprint: str  # of the answer as downloaded (`answer_fingerprint`)
    is_editable: bool


class OfflineArea(NamedTuple):
    code: str
    title: str
    questions: tuple[OfflineQuestion, ...]


class OfflineAnswers(NamedTuple):
    assessment_id: int
    version_hash: str
    campaign: str
    supplier: str
    areas: tuple[OfflineArea, ...]


def answer_fingerprint(*, value: Any, not_applicable: bool, justification: str) -> str:
    """A short hash of what an answer says. The workbook keeps each answer's fingerprint as
    downloaded, so the import tells the rows changed offline from those left as they were (which
    are never saved over what the portal holds now)."""
    text = json.dumps(
        [value, bool(not_applicable), justification or ""],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def offline_answers(*, assessment: Assessment) -> OfflineAnswers:
    """Each area's questions the supplier sees now, with their answers, in the user's language.

    A row is editable where the supplier may change the answer (`is_answer_editable_by_supplier`)
    while the campaign is open; document questions are answered in the portal only."""
    answers = assessment_answers(assessment)
    questions = visible_questions(assessment, answers)
    is_open = assessment.campaign.status != Campaign.Status.CLOSED
    areas = []
    for area in version_load(assessment.version).areas:
        rows = []
        for question in questions:
            if question.area_id != area.pk:
                continue
            answer = answers.get(question.code)
            value = answer.value if answer is not None else None
            not_applicable = bool(answer and answer.not_applicable)
            justification = answer.justification if answer is not None else ""
            rows.append(
                OfflineQuestion(
                    code=question.code,
                    text=question.text,
                    type=question.type,
                    type_label=str(Question.Type(question.type).label),
                    unit=question.unit,
                    is_required=question.is_required,
                    allows_not_applicable=question.allows_not_applicable,
                    choices=tuple(
                        OfflineChoice(choice.code, choice.label)
                        for choice in question.choices.all()
                        if choice.column_id is None
                    ),
                    columns=tuple(
                        OfflineColumn(
                            code=column.code,
                            label=column.label,
                            type=column.type,
                            unit=column.unit,
                            is_required=column.is_required,
                            choices=tuple(
                                OfflineChoice(choice.code, choice.label)
                                for choice in column.choices.all()
                            ),
                        )
                        for column in question.columns.all()
                    ),
                    value=value,
                    not_applicable=not_applicable,
                    justification=justification,
                    revision=answer.revision if answer is not None else 0,
                    fingerprint=answer_fingerprint(
                        value=value, not_applicable=not_applicable, justification=justification
                    ),
                    is_editable=(
                        is_open
                        and question.type != Question.Type.FILE
                        and assessment.is_answer_editable_by_supplier(answer)
                    ),
                )
            )
        areas.append(OfflineArea(area.code, area.title, tuple(rows)))
    return OfflineAnswers(
        assessment_id=assessment.pk,
        version_hash=assessment.version.content_hash,
        campaign=assessment.campaign.name,
        supplier=assessment.supplier.name,
        areas=tuple(areas),
    )
