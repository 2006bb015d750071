"""Scores of assessments: computed on submission (provisional) and approval (final)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from assessments.models import Answer, Assessment, Score
from assessments.scoring import (
    AnswerInput,
    AreaRule,
    Band,
    QuestionRule,
    ScoreResult,
    score_assessment,
)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rules_for(assessment: Assessment) -> tuple[list[AreaRule], list[QuestionRule]]:
    """The pinned version's scoring rules as plain data (three queries)."""
    areas = [AreaRule(area.code, area.weight) for area in assessment.version.areas.all()]
    questions = []
    for question in assessment.version.questions.select_related("area").prefetch_related("choices"):
        questions.append(
            QuestionRule(
                code=question.code,
                area=question.area.code,
                type=question.type,
                scoring=question.scoring,
                max_points=question.max_points,
                criticality=question.criticality,
                requires_evidence=question.requires_evidence,
                points_yes=question.points_yes,
                points_no=question.points_no,
                bands=tuple(
                    Band(
                        _decimal(band.get("min")),
                        _decimal(band.get("max")),
                        Decimal(str(band["points"])),
                    )
                    for band in question.bands or []
                ),
                choice_points={
                    choice.code: choice.points
                    for choice in question.choices.all()
                    if choice.column_id is None
                },
                categories=tuple(question.categories or ()),
                condition=question.condition,
            )
        )
    return areas, questions


def answers_for(assessment: Assessment) -> dict[str, AnswerInput]:
    answers = assessment.answers.select_related("question").prefetch_related("evidence")
    return {
        answer.question.code: AnswerInput(
            value=answer.value,
            not_applicable=answer.not_applicable,
            is_queried=answer.review_status == Answer.ReviewStatus.QUERIED,
            evidence=tuple(document.review_status for document in answer.evidence.all()),
        )
        for answer in answers
    }


def compute(assessment: Assessment) -> ScoreResult:
    areas, questions = rules_for(assessment)
    return score_assessment(
        areas=areas,
        questions=questions,
        answers=answers_for(assessment),
        category=assessment.supplier.category.slug,
    )


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@transaction.atomic
def assessment_score(*, assessment_id: int, kind: str) -> Score:
    """Store a new score record; earlier ones (an approved final score too) are kept."""
    assessment = Assessment.objects.select_related("supplier__category", "version").get(
        pk=assessment_id
    )
    result = compute(assessment)
    # The GHG figures are recomputed with every score, with the factor set in force.
    from assessments.services.ghg import ghg_calculate

    ghg_calculate(assessment=assessment)
    return Score.objects.create(
        assessment=assessment,
        kind=kind,
        overall=result.overall,
        areas=[
            {
                "code": area.code,
                "score": _plain(area.score),
                "points": _plain(area.points),
                "max_points": _plain(area.max_points),
                "weight": _plain(area.weight),
            }
            for area in result.areas
        ],
        questions=[
            {
                "code": question.code,
                "area": question.area,
                "points": _plain(question.points),
                "max_points": _plain(question.max_points),
                "applicable": question.applicable,
                "reason": question.reason,
            }
            for question in result.questions
        ],
        critical_failures=list(result.critical_failures),
        version_hash=assessment.version.content_hash,
    )


def latest_score(assessment: Assessment) -> Score | None:
    """The final score if there is one, else the latest provisional one."""
    scores = list(assessment.scores.all()[:50])
    finals = [score for score in scores if score.kind == Score.Kind.FINAL]
    return finals[0] if finals else (scores[0] if scores else None)
