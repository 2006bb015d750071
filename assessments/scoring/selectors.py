"""Which score is shown: one rule for staff pages, the API, the dashboard and the workbook.

Staff see the final score if there is one, else the latest provisional one. A supplier sees a
score only once its assessment is approved, and then only the final one.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, When

from assessments.models import Assessment, Score


def _shown_first() -> tuple[Case, str, str]:
    """Score rows in the order of preference: final before provisional, then newest."""
    return (
        Case(When(kind=Score.Kind.FINAL, then=0), default=1, output_field=IntegerField()),
        "-computed_at",
        "-id",
    )


def scores_shown(*, assessments: QuerySet[Assessment]) -> QuerySet[Score]:
    """The shown score of each of `assessments`, chosen by the database in one query."""
    chosen = Score.objects.filter(assessment=OuterRef("pk")).order_by(*_shown_first())
    return Score.objects.filter(
        pk__in=assessments.annotate(shown_score_id=Subquery(chosen.values("pk")[:1])).values(
            "shown_score_id"
        )
    )


def assessments_with_shown_score(*, assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """`assessments` annotated with their shown score's `shown_overall` and `shown_kind`."""
    chosen = Score.objects.filter(assessment=OuterRef("pk")).order_by(*_shown_first())
    return assessments.annotate(
        shown_overall=Subquery(chosen.values("overall")[:1]),
        shown_kind=Subquery(chosen.values("kind")[:1]),
    )


def supplier_shown_score() -> Subquery:
    """A supplier's score for staff lists (over OuterRef("pk")): the shown score of its most
    recently created assessment that has a score."""
    chosen = Score.objects.filter(assessment__supplier=OuterRef("pk")).order_by(
        "-assessment__created_at", "-assessment_id", *_shown_first()
    )
    return Subquery(chosen.values("overall")[:1])


def latest_score(assessment: Assessment) -> Score | None:
    """The score staff see: the final score if there is one, else the latest provisional one."""
    return Score.objects.filter(assessment=assessment).order_by(*_shown_first()).first()


def score_for_supplier(assessment: Assessment) -> Score | None:
    """The score the supplier sees: the final one, once the assessment is approved."""
    if assessment.status != Assessment.Status.APPROVED:
        return None
    score = latest_score(assessment)
    return score if score is not None and score.kind == Score.Kind.FINAL else None
