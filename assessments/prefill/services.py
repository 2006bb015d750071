"""Next cycle prefilled: carry approved answers into a new campaign's assessments, the supplier
confirms them, the reviewer accepts the unchanged ones of an area at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from assessments.answers.values import _empty, clean_value
from assessments.campaigns.events import events_record_many
from assessments.models import Answer, Assessment, Campaign, Event, EvidenceDocument, Question
from assessments.prefill.selectors import (
    approved_sources,
    carried_documents,
    carried_question_codes,
)
from assessments.questionnaires.selectors import version_load
from suppliers.models import Supplier

# Copied as they are onto the carried document (the same stored file: files are never deleted
# while a row points at them, and evidence is kept for the record); the rest is the new row's.
_DOCUMENT_OWN_FIELDS = {"id", "answer", "uploaded_at"}


@dataclass(frozen=True)
class CarryResult:
    assessments: int  # assessments that received carried answers
    answers: int
    documents: int


def _carried_value(question: Question, source: Answer) -> tuple[bool, Any]:
    """(carries, value): the source answer still means something to `question` (the new version
    may have dropped a choice or tightened a range: then the supplier answers afresh)."""
    if source.not_applicable:
        return question.allows_not_applicable, None
    if question.type == Question.Type.FILE:
        return True, None
    if _empty(source.value):
        return False, None
    try:
        return True, clean_value(question, source.value)
    except ValueError:
        return False, None


@transaction.atomic
def assessments_carry_forward(
    *, campaign: Campaign, assessments: Sequence[Assessment], actor: User | None = None
) -> CarryResult:
    """Prefill new assessments of a campaign based on an earlier one.

    Each supplier's answers of its APPROVED assessment in `campaign.based_on` are copied into
    its new assessment for every question that carries (`carried_question_codes`: same code,
    same type), marked carried forward and not confirmed; their documents that
    `carried_documents` lets through come along (new rows, the same stored file). One event per
    assessment. A fixed number of queries, whatever the number of assessments."""
    empty = CarryResult(0, 0, 0)
    if campaign.based_on_id is None or not assessments:
        return empty
    sources = approved_sources(
        based_on=Campaign(pk=campaign.based_on_id),
        supplier_ids=[assessment.supplier_id for assessment in assessments],
    )
    if not sources:
        return empty
    slugs = dict(Supplier.objects.filter(pk__in=list(sources)).values_list("pk", "category__slug"))
    source_answers: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(assessment__in=list(sources.values())).order_by("pk"):
        source_answers.setdefault(answer.assessment_id, []).append(answer)
    documents: dict[int, list[EvidenceDocument]] = {}
    for document in EvidenceDocument.objects.filter(
        answer__assessment__in=list(sources.values())
    ).order_by("uploaded_at", "pk"):
        documents.setdefault(document.answer_id, []).append(document)
    today = timezone.localdate()
    plans: dict[tuple[int, int], dict[str, Question]] = {}
    new_answers: list[Answer] = []
    carried_docs: list[list[EvidenceDocument]] = []
    by_assessment: dict[int, dict[str, Any]] = {}
    for assessment in assessments:
        source = sources.get(assessment.supplier_id)
        if source is None:
            continue
        key = (source.version_id, assessment.version_id)
        if key not in plans:
            plans[key] = carried_question_codes(source=source.version, target=assessment.version)
        plan = plans[key]
        source_codes = version_load(source.version).by_id
        slug = slugs.get(assessment.supplier_id)
        for old in source_answers.get(source.pk, []):
            old_question = source_codes.get(old.question_id)
            question = plan.get(old_question.code) if old_question is not None else None
            if question is None or (question.categories and slug not in question.categories):
                continue
            carries, value = _carried_value(question, old)
            docs = carried_documents(documents.get(old.pk, []), on=today)
            if not carries or (question.type == Question.Type.FILE and not docs):
                continue
            new_answers.append(
                Answer(
                    assessment=assessment,
                    question=question,
                    value=value,
                    not_applicable=old.not_applicable,
                    justification=old.justification if old.not_applicable else "",
                    data_quality=old.data_quality if question.data_quality else "",
                    revision=1,
                    carried_forward=True,
                    carried_from=old,
                    confirmed=False,
                )
            )
            carried_docs.append(docs)
            summary = by_assessment.setdefault(
                assessment.pk,
                {"assessment": assessment, "source": source, "questions": [], "documents": 0},
            )
            summary["questions"].append(question.code)
            summary["documents"] += len(docs)
    Answer.objects.bulk_create(new_answers)
    copies = [
        EvidenceDocument(
            answer=answer,
            **{
                field.attname: getattr(document, field.attname)
                for field in EvidenceDocument._meta.concrete_fields
                if field.name not in _DOCUMENT_OWN_FIELDS
            },
        )
        for answer, docs in zip(new_answers, carried_docs, strict=True)
        for document in docs
    ]
    EvidenceDocument.objects.bulk_create(copies)
    events_record_many(
        events=[
            Event(
                assessment=summary["assessment"],
                kind=Event.Kind.ANSWERS_CARRIED,
                actor=actor,
                via=Event.Via.SYSTEM,
                data={
                    "from_assessment": summary["source"].pk,
                    "from_campaign": campaign.based_on_id,
                    "questions": summary["questions"],
                    "documents": summary["documents"],
                },
            )
            for summary in by_assessment.values()
        ]
    )
    return CarryResult(len(by_assessment), len(new_answers), len(copies))
