"""Reads of answers and evidence: the answers of an assessment, visible questions, progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch
from django.http import Http404

from assessments.campaigns.selectors import assessment_list
from assessments.models import (
    Answer,
    Area,
    Assessment,
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


def area_progress(
    *, areas: Sequence[Area], questions: Sequence[Question], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """Per area: required questions shown to the supplier, and how many of them are answered."""
    progress = []
    for area in areas:
        required = [q for q in questions if q.area_id == area.pk and q.is_required]
        done = 0
        for question in required:
            answer = answers.get(question.code)
            if answer is None:
                continue
            if (
                answer.not_applicable
                or answer.value not in (None, "", [], {})
                or (question.type == Question.Type.FILE and answer.documents)
            ):
                done += 1
        progress.append(
            {
                "code": area.code,
                "title": area.title,
                "answered": done,
                "required": len(required),
                "percent": 100 if not required else round(100 * done / len(required)),
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


def visible_questions(assessment: Assessment, answers: dict[str, Answer]) -> list[Question]:
    """The questions this supplier sees: its category's, with conditions on its answers."""
    questions = version_load(assessment.version).questions
    values = {code: answer.value for code, answer in answers.items() if not answer.not_applicable}
    shown = set(
        visible_codes(questions, category=assessment.supplier.category.slug, answers=values)
    )
    return [question for question in questions if question.code in shown]
