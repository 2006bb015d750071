"""Scores of assessments: computed on submission (provisional) and approval (final)."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction

from assessments.answers.selectors import with_documents
from assessments.models import Answer, Assessment, Score
from assessments.questionnaires.selectors import version_load
from assessments.scoring.calculation import (
    AnswerInput,
    ScoreResult,
    score_assessment,
)
from assessments.scoring.selectors import latest_score

logger = logging.getLogger(__name__)


def answers_for(assessment: Assessment) -> dict[str, AnswerInput]:
    answers = assessment.answers.select_related("question").prefetch_related(with_documents())
    return {
        answer.question.code: AnswerInput(
            value=answer.value,
            not_applicable=answer.not_applicable,
            is_queried=answer.review_status == Answer.ReviewStatus.QUERIED,
            evidence=tuple(document.review_status for document in answer.documents),
        )
        for answer in answers
    }


def compute(
    assessment: Assessment, *, kind: str, answers: dict[str, AnswerInput] | None = None
) -> ScoreResult:
    """A final score counts only accepted evidence; a provisional one counts pending too."""
    rules = version_load(assessment.version).rules
    return score_assessment(
        areas=rules.areas,
        questions=rules.questions,
        answers=answers_for(assessment) if answers is None else answers,
        category=assessment.supplier.category.slug,
        kind=kind,
    )


# Why a hidden question has its result: `score_assessment` gives it this reason and no other.
HIDDEN_REASON = "does not apply"


def _scored_answer(answer: AnswerInput | None) -> dict[str, Any]:
    """The answer as it was scored, kept in the score record so an audit can re-perform the
    points after the answer changed (an assessment returned and answered again)."""
    if answer is None:
        return {"value": None, "not_applicable": False, "queried": False, "evidence": []}
    return {
        "value": answer.value,
        "not_applicable": answer.not_applicable,
        "queried": answer.is_queried,
        "evidence": list(answer.evidence),
    }


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@transaction.atomic
def assessment_score(*, assessment_id: int, kind: str) -> Score:
    """Store a new score record; earlier ones (an approved final score too) are kept.

    `kind` decides what evidence counts: final, only accepted documents; provisional, pending
    ones too (each such question's reason says "pending review")."""
    assessment = Assessment.objects.select_related("supplier__category", "version").get(
        pk=assessment_id
    )
    answers = answers_for(assessment)
    result = compute(assessment, kind=kind, answers=answers)
    # The GHG figures are recomputed with every score, with the factor set in force.
    from assessments.ghg.services import ghg_calculate

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
                "assessed": area.assessed,
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
                "pending_review": question.pending_review,
                "visible": question.reason != HIDDEN_REASON,
                **_scored_answer(answers.get(question.code)),
            }
            for question in result.questions
        ],
        critical_failures=list(result.critical_failures),
        version_hash=assessment.version.content_hash,
    )


@transaction.atomic
def rescoring_start(*, campaign: Any, started_by: Any) -> Any:
    """Queue the rescoring of every scored assessment of a campaign."""
    from assessments.models import RescoringJob
    from assessments.tasks import rescoring_run_task

    total = Assessment.objects.filter(campaign=campaign, scores__isnull=False).distinct().count()
    job = RescoringJob.objects.create(campaign=campaign, total=total, created_by=started_by)
    job_id = job.pk
    transaction.on_commit(lambda: rescoring_run_task.delay(job_id))
    return job


def rescoring_run(*, job_id: int) -> Any:
    """New score records for a campaign, never overwriting one; before and after per supplier.

    An assessment that cannot be scored (an answer stored before today's bounds, a figure too
    large for its column) is skipped and reported in the results with its error; the others
    are scored all the same and the job ends "finished with failures". Only a database that
    went away stops the job.

    A re-delivered task continues where the first one stopped: assessments already in the
    results are skipped, so none is scored twice by one job.
    """
    from django.db import InterfaceError, OperationalError
    from django.utils import timezone

    from assessments.models import RescoringJob

    with transaction.atomic():
        job = RescoringJob.objects.select_for_update().get(pk=job_id)
        if job.status in RescoringJob.FINISHED:
            return job
        job.status = RescoringJob.Status.RUNNING
        job.save(update_fields=["status"])
    done = {entry["assessment"] for entry in job.results}
    assessments = (
        Assessment.objects.filter(campaign_id=job.campaign_id, scores__isnull=False)
        .distinct()
        .select_related("supplier")
        .order_by("pk")
    )
    results = list(job.results)
    try:
        for assessment in assessments.iterator():
            if assessment.pk in done:
                continue
            before = latest_score(assessment)
            kind = before.kind if before is not None else Score.Kind.PROVISIONAL
            entry: dict[str, Any] = {
                "assessment": assessment.pk,
                "supplier": assessment.supplier.name,
                "kind": kind,
                "before": None
                if before is None or before.overall is None
                else float(before.overall),
            }
            try:
                # Its own transaction (a savepoint inside one): a failure undoes only this one.
                after = assessment_score(assessment_id=assessment.pk, kind=kind)
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:
                logger.exception(
                    "Rescoring job %s: assessment %s not scored", job.pk, assessment.pk
                )
                entry.update(after=None, error=f"{type(exc).__name__}: {exc}"[:300])
            else:
                entry["after"] = None if after.overall is None else float(after.overall)
            results.append(entry)
            if len(results) % 25 == 0:
                RescoringJob.objects.filter(pk=job.pk).update(
                    results=results, processed=len(results)
                )
    except Exception as exc:
        RescoringJob.objects.filter(pk=job.pk).update(
            status=RescoringJob.Status.FAILED,
            results=results,
            processed=len(results),
            failure_reason=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )
        raise
    failed = any(entry.get("error") for entry in results)
    RescoringJob.objects.filter(pk=job.pk).update(
        status=RescoringJob.Status.PARTIAL if failed else RescoringJob.Status.SUCCEEDED,
        results=results,
        processed=len(results),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
