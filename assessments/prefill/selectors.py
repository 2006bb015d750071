"""Reads of the next cycle prefilled: which questions carry, which documents, what is carried."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.models import Answer, Assessment, Campaign, EvidenceDocument, Question
from assessments.questionnaires.comparison import diff_definitions
from assessments.questionnaires.models import QuestionnaireVersion
from assessments.questionnaires.selectors import version_load, version_to_definition


def campaign_base_choices() -> QuerySet[Campaign]:
    """The campaigns a new one can be based on: launched or closed (a draft has no answers)."""
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-period_start", "-id")


def carried_question_codes(
    *, source: QuestionnaireVersion, target: QuestionnaireVersion
) -> dict[str, Question]:
    """The questions of `target` an answer to `source` carries into, by code.

    Decided by the version diff (`questionnaires.comparison`): a question of the same code in
    both, of the same type. A changed scoring rule, text or help still carries (the answer
    means the same); a changed type or a removed question does not."""
    questions = version_load(target).by_code
    if source.pk == target.pk:
        return dict(questions)
    diff = diff_definitions(version_to_definition(source), version_to_definition(target))
    retyped = {change.code for change in diff.changed if "type" in change.fields}
    stays = set(questions) - set(diff.added) - set(diff.removed) - retyped
    return {code: question for code, question in questions.items() if code in stays}


def carried_documents(
    documents: Iterable[EvidenceDocument], *, on: datetime.date
) -> list[EvidenceDocument]:
    """The evidence of a carried answer that comes with it: THE one filter (nowhere else).

    Every document the reviewer accepted last cycle (a rejected or unreviewed one was no
    evidence then and is none now; removed ones are never loaded) that is still valid on `on`,
    the day the new assessment is created: an expired permit does not come along, a renewed
    one that starts later does."""
    return [
        document
        for document in documents
        if document.review_status == EvidenceDocument.ReviewStatus.ACCEPTED
        and (document.valid_until is None or document.valid_until >= on)
    ]


def approved_sources(*, based_on: Campaign, supplier_ids: Iterable[int]) -> dict[int, Assessment]:
    """Per supplier, its approved assessment of `based_on` (one query)."""
    return {
        assessment.supplier_id: assessment
        for assessment in Assessment.objects.filter(
            campaign=based_on,
            supplier_id__in=list(supplier_ids),
            status=Assessment.Status.APPROVED,
        ).select_related("version")
    }


@dataclass(frozen=True)
class CarriedView:
    """How a carried answer stands, for the portal and the reviewer.

    `state`: "unconfirmed" (carried, the supplier has not confirmed it yet), "unchanged" (carried
    and confirmed as it was) or "changed" (the supplier changed it: `old` is the carried answer).
    """

    state: str
    old: Answer | None


def carried_state(answer: Answer | None) -> str:
    """How a carried answer stands: "unconfirmed", "unchanged", "changed" ("" if not carried)."""
    if answer is None or (answer.carried_from_id is None and not answer.carried_forward):
        return ""
    if not answer.carried_forward:
        return "changed"
    return "unchanged" if answer.confirmed else "unconfirmed"


def carried_views(*, answers: Mapping[str, Answer]) -> dict[str, CarriedView]:
    """Per question code of a carried (or carried and changed) answer, how it stands, with the
    carried answer for the changed ones (one query, whatever the number of answers)."""
    states = {code: carried_state(answer) for code, answer in answers.items()}
    changed_from = [
        answers[code].carried_from_id for code, state in states.items() if state == "changed"
    ]
    sources = {
        answer.pk: answer
        for answer in (
            Answer.objects.filter(pk__in=changed_from).select_related("question")
            if changed_from
            else []
        )
    }
    return {
        code: CarriedView(
            state,
            sources.get(answers[code].carried_from_id or 0) if state == "changed" else None,
        )
        for code, state in states.items()
        if state
    }


def area_unconfirmed_codes(*, answers: Mapping[str, Answer], area_code: str) -> list[str]:
    """The codes of the area's carried answers still waiting for the supplier's confirmation."""
    return [
        code
        for code, answer in answers.items()
        if answer.question.area.code == area_code and carried_state(answer) == "unconfirmed"
    ]
