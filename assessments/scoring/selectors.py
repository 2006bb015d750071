"""Which score is shown."""

from __future__ import annotations

from assessments.models import Assessment, Score


def latest_score(assessment: Assessment) -> Score | None:
    """The final score if there is one, else the latest provisional one."""
    scores = list(assessment.scores.all()[:50])
    finals = [score for score in scores if score.kind == Score.Kind.FINAL]
    return finals[0] if finals else (scores[0] if scores else None)
