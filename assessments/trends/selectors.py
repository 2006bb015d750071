"""A supplier's results across campaigns, oldest reporting period first (issue 18).

One entry per campaign the supplier was assessed in: its shown score (`scoring.selectors`
decides which), the area scores of that score record, the latest GHG intensity and the label as
the last decision on that assessment left it. Two queries whatever the number of campaigns.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery

from assessments.campaigns.models import period_of
from assessments.models import Assessment, GhgCalculation, GreenLabel, LabelDecision, Score
from assessments.scoring.selectors import scores_shown
from suppliers.models import Supplier

# The label a decision leaves: what the trend shows per assessment ("none" when no decision).
LABEL_AFTER_DECISION = {
    LabelDecision.Kind.GRANTED: GreenLabel.Status.ACTIVE,
    LabelDecision.Kind.RENEWED: GreenLabel.Status.ACTIVE,
    LabelDecision.Kind.SUSPENDED: GreenLabel.Status.SUSPENDED,
    LabelDecision.Kind.EXPIRED: GreenLabel.Status.EXPIRED,
    LabelDecision.Kind.REVOKED: GreenLabel.Status.REVOKED,
}
NO_LABEL = "none"


@dataclass(frozen=True)
class TrendArea:
    code: str
    score: float | None  # None: not assessed


@dataclass(frozen=True)
class TrendEntry:
    campaign_id: int
    campaign_name: str
    period: int
    period_start: datetime.date
    assessment_id: int
    status: str
    status_display: str
    score_kind: str | None
    overall: float | None
    areas: list[TrendArea]
    ghg_intensity: Decimal | None
    label_status: str

    @property
    def label_status_display(self) -> str:
        if self.label_status == NO_LABEL:
            return ""
        return str(GreenLabel.Status(self.label_status).label)

    def area(self, code: str) -> float | None:
        return next((area.score for area in self.areas if area.code == code), None)


def supplier_trend(*, supplier: Supplier) -> list[TrendEntry]:
    """The supplier's entries by campaign period (then the campaign's start and id)."""
    intensity = GhgCalculation.objects.filter(assessment=OuterRef("pk")).order_by(
        "-computed_at", "-id"
    )
    decision = LabelDecision.objects.filter(assessment=OuterRef("pk")).order_by("-at", "-id")
    of_supplier = Assessment.objects.filter(supplier=supplier)
    assessments = list(
        of_supplier.select_related("campaign").annotate(
            latest_intensity=Subquery(intensity.values("intensity")[:1]),
            last_decision=Subquery(decision.values("kind")[:1]),
        )
    )
    scores = {
        score.assessment_id: score
        for score in scores_shown(assessments=of_supplier).only(
            "pk", "assessment_id", "kind", "overall", "areas"
        )
    }
    entries = [_entry(assessment, scores.get(assessment.pk)) for assessment in assessments]
    return sorted(entries, key=lambda e: (e.period, e.period_start, e.campaign_id))


def _entry(assessment: Any, score: Score | None) -> TrendEntry:
    campaign = assessment.campaign
    return TrendEntry(
        campaign_id=campaign.pk,
        campaign_name=campaign.name,
        period=period_of(campaign.period_start),
        period_start=campaign.period_start,
        assessment_id=assessment.pk,
        status=assessment.status,
        status_display=assessment.get_status_display(),
        score_kind=score.kind if score is not None else None,
        overall=None if score is None or score.overall is None else float(score.overall),
        areas=[
            TrendArea(
                code=str(area["code"]),
                score=None if area.get("score") is None else float(area["score"]),
            )
            for area in (score.areas if score is not None else [])
        ],
        ghg_intensity=assessment.latest_intensity,
        label_status=str(LABEL_AFTER_DECISION.get(assessment.last_decision, NO_LABEL)),
    )


def trend_area_codes(entries: list[TrendEntry]) -> list[str]:
    """Every area code in the entries, in order of first appearance (the table's columns)."""
    codes: list[str] = []
    for entry in entries:
        for area in entry.areas:
            if area.code not in codes:
                codes.append(area.code)
    return codes
