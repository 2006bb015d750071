"""The procurement dashboard: programme figures, as numbers and as server-rendered SVG bar charts.

Every figure comes from a fixed number of aggregate queries, whatever the amount of data: status
counts in one query, the latest score of every assessment in one (a correlated subquery picks it),
area titles in one, supplier figures by category, by region and for new suppliers in one each.

The campaign filter narrows the assessment figures (statuses, score bands, area averages); the
supplier figures (green share, suppliers by region, GRI 308-1 screening) cover the whole registry.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from assessments.campaigns import selectors
from assessments.dashboard.charts import bar_chart
from assessments.models import Area, Assessment, Campaign, GreenLabel
from assessments.scoring.selectors import scores_shown
from suppliers import selectors as supplier_selectors
from suppliers.models import Region, Supplier

# Score bands: (key, lower bound inclusive, upper bound exclusive; None for no upper bound).
SCORE_BANDS: tuple[tuple[str, Decimal, Decimal | None], ...] = (
    ("0_50", Decimal(0), Decimal(50)),
    ("50_70", Decimal(50), Decimal(70)),
    ("70_85", Decimal(70), Decimal(85)),
    ("85_100", Decimal(85), None),
)
NOT_SCORED = "none"
SCORE_BAND_LABELS = {
    "0_50": gettext_lazy("0–49.99"),
    "50_70": gettext_lazy("50–69.99"),
    "70_85": gettext_lazy("70–84.99"),
    "85_100": gettext_lazy("85–100"),
    NOT_SCORED: gettext_lazy("Not scored"),
}

# Reporting regions of the dashboard (HKEX KPI B5.1): Mainland China against everything else.
MAINLAND = str(Region.MAINLAND_CHINA)
ELSEWHERE = "other"
REGION_LABELS = {
    MAINLAND: gettext_lazy("Mainland China"),
    ELSEWHERE: gettext_lazy("Other countries and regions"),
}

# "Answered the questionnaire" (GRI 308-1 screening): the assessment reached the reviewers.
ANSWERED_STATUSES = (
    Assessment.Status.SUBMITTED,
    Assessment.Status.RETURNED,
    Assessment.Status.APPROVED,
    Assessment.Status.REJECTED,
)
NEW_SUPPLIER_MONTHS = 12

PERCENT = Decimal("0.1")
AVERAGE = Decimal("0.01")


@dataclass(frozen=True)
class LatestScore:
    assessment_id: int
    overall: Decimal | None
    areas: list[dict[str, Any]]


@dataclass(frozen=True)
class AreaAverage:
    code: str
    title: str
    average: Decimal
    count: int  # scores with a value for this area


@dataclass(frozen=True)
class Share:
    """Green suppliers among the suppliers of one group (a category or a region)."""

    key: str
    label: str
    green: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.green, self.total)


@dataclass(frozen=True)
class Screening:
    """GRI 308-1: new suppliers, and those of them screened with environmental criteria."""

    since: datetime.datetime
    new: int
    screened: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.screened, self.new)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT, rounding=ROUND_HALF_UP)


def campaign_choices() -> list[Campaign]:
    return list(Campaign.objects.only("pk", "name").order_by("-created_at", "-id"))


def assessments_in_scope(
    *, user: AbstractBaseUser | AnonymousUser, campaign_id: int | None
) -> QuerySet[Assessment]:
    assessments = selectors.assessment_list(user=user).select_related(None).order_by()
    if campaign_id is not None:
        assessments = assessments.filter(campaign_id=campaign_id)
    return assessments


def suppliers_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Supplier]:
    """The suppliers the user may see, archived ones included (callers exclude them if needed)."""
    return supplier_selectors.supplier_list(user=user).select_related(None).order_by()


def status_counts(*, assessments: QuerySet[Assessment]) -> dict[str, int]:
    """Assessments by status, with "total" and "overdue" (still open and past due), one query."""
    aggregates: dict[str, Any] = {
        status: Count("pk", filter=Q(status=status)) for status in Assessment.Status.values
    }
    aggregates["total"] = Count("pk")
    aggregates["overdue"] = Count(
        "pk", filter=Q(is_overdue=True, status__in=Assessment.OPEN_STATUSES)
    )
    return {key: int(value or 0) for key, value in assessments.aggregate(**aggregates).items()}


def latest_scores(*, assessments: QuerySet[Assessment]) -> list[LatestScore]:
    """The latest score of each assessment (the final one if any, else the latest provisional).

    The rule of `scores_shown`, applied by the database to every assessment at once: one query,
    and only the chosen score rows are read.
    """
    rows = (
        scores_shown(assessments=assessments)
        .order_by("assessment_id")
        .values_list("assessment_id", "overall", "areas")
    )
    return [
        LatestScore(assessment_id=assessment_id, overall=overall, areas=list(areas or []))
        for assessment_id, overall, areas in rows
    ]


def score_bands(*, scores: Iterable[LatestScore], assessment_count: int) -> dict[str, int]:
    """Assessments per band of their latest overall score; the rest are "not scored"."""
    counts = {key: 0 for key, _low, _high in SCORE_BANDS}
    scored = 0
    for score in scores:
        if score.overall is None:
            continue
        overall = Decimal(score.overall)
        for key, low, high in SCORE_BANDS:
            if overall >= low and (high is None or overall < high):
                counts[key] += 1
                scored += 1
                break
    counts[NOT_SCORED] = max(assessment_count - scored, 0)
    return counts


def _natural_key(code: str) -> list[tuple[int, int, str]]:
    """A2 before A10."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", code)
        if part
    ]


def area_averages(
    *, scores: Iterable[LatestScore], assessments: QuerySet[Assessment]
) -> list[AreaAverage]:
    """The average score of each area over the latest scores (areas with no score left out)."""
    totals: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for score in scores:
        for area in score.areas:
            code, value = area.get("code"), area.get("score")
            if not code or value is None:
                continue
            totals[code] = totals.get(code, Decimal(0)) + Decimal(str(value))
            counts[code] = counts.get(code, 0) + 1
    if not totals:
        return []
    titles: dict[str, str] = {}
    # The newest questionnaire version in scope names each area (one query).
    for named in (
        Area.objects.filter(version_id__in=assessments.values("version_id"), code__in=totals)
        .only("code", "title_en", "title_zh")
        .order_by("code", "-version_id")
    ):
        titles.setdefault(named.code, named.title)
    return [
        AreaAverage(
            code=code,
            title=titles.get(code, ""),
            average=(totals[code] / counts[code]).quantize(AVERAGE, rounding=ROUND_HALF_UP),
            count=counts[code],
        )
        for code in sorted(totals, key=_natural_key)
    ]


def _green() -> Q:
    return Q(green_label__status=GreenLabel.Status.ACTIVE)


def green_share_by_category(*, suppliers: QuerySet[Supplier]) -> list[Share]:
    """Suppliers with an active label among the non-archived suppliers of each category."""
    rows = (
        suppliers.exclude(status=Supplier.Status.ARCHIVED)
        .values("category__slug", "category__name_en", "category__name_zh", "category__sort_order")
        .annotate(total=Count("pk"), green=Count("pk", filter=_green()))
        .order_by("category__sort_order", "category__slug")
    )
    chinese = (get_language() or "").startswith("zh")
    return [
        Share(
            key=row["category__slug"],
            label=row["category__name_zh"] if chinese else row["category__name_en"],
            green=row["green"],
            total=row["total"],
        )
        for row in rows
    ]


def region_summary(*, suppliers: QuerySet[Supplier]) -> list[Share]:
    """Non-archived suppliers, and the green ones, in Mainland China and elsewhere (one query).

    The totals are HKEX KPI B5.1 (number of suppliers by geographical region); green / total is
    the green supplier share by region.
    """
    rows = (
        suppliers.exclude(status=Supplier.Status.ARCHIVED)
        .values("region")
        .annotate(total=Count("pk"), green=Count("pk", filter=_green()))
        .order_by("region")
    )
    totals = {MAINLAND: [0, 0], ELSEWHERE: [0, 0]}
    for row in rows:
        key = MAINLAND if row["region"] == MAINLAND else ELSEWHERE
        totals[key][0] += row["green"]
        totals[key][1] += row["total"]
    return [
        Share(key=key, label=str(REGION_LABELS[key]), green=green, total=total)
        for key, (green, total) in totals.items()
    ]


def _months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day `months` earlier, or the month's last day where it has no such day."""
    result: datetime.datetime = moment - relativedelta(months=months)
    return result


def new_supplier_screening(
    *, suppliers: QuerySet[Supplier], now: datetime.datetime | None = None
) -> Screening:
    """GRI 308-1: suppliers created in the last 12 months, and those that answered a questionnaire.

    A supplier counts as screened with environmental criteria once one of its assessments was
    submitted (submitted, returned, approved or rejected). Archived suppliers count too: they
    were new suppliers all the same.
    """
    since = _months_before(now or timezone.now(), NEW_SUPPLIER_MONTHS)
    answered = Assessment.objects.filter(supplier=OuterRef("pk"), status__in=ANSWERED_STATUSES)
    figures = (
        suppliers.filter(created_at__gte=since)
        .annotate(answered=Exists(answered))
        .aggregate(new=Count("pk"), screened=Count("pk", filter=Q(answered=True)))
    )
    return Screening(since=since, new=figures["new"] or 0, screened=figures["screened"] or 0)


def _campaign_id(value: str, campaigns: Sequence[Campaign]) -> int | None:
    if not value.isdigit():
        return None
    wanted = int(value)
    return wanted if any(campaign.pk == wanted for campaign in campaigns) else None


def dashboard_data(
    *, user: AbstractBaseUser | AnonymousUser, campaign_id: int | None
) -> dict[str, Any]:
    """Every figure of the dashboard, and its charts (a fixed number of queries)."""
    assessments = assessments_in_scope(user=user, campaign_id=campaign_id)
    suppliers = suppliers_in_scope(user=user)
    statuses = status_counts(assessments=assessments)
    scores = latest_scores(assessments=assessments)
    bands = score_bands(scores=scores, assessment_count=statuses["total"])
    areas = area_averages(scores=scores, assessments=assessments)
    by_category = green_share_by_category(suppliers=suppliers)
    by_region = region_summary(suppliers=suppliers)
    screening = new_supplier_screening(suppliers=suppliers)
    status_labels = dict(Assessment.Status.choices)
    charts = {
        "status": bar_chart(
            "status",
            _("Assessments by status"),
            [(s, str(status_labels[s]), statuses[s]) for s in Assessment.Status.values],
        ),
        "scores": bar_chart(
            "scores",
            _("Score distribution"),
            [(key, str(label), bands[key]) for key, label in SCORE_BAND_LABELS.items()],
            muted=[NOT_SCORED],
        ),
        "areas": bar_chart(
            "areas",
            _("Average score by area"),
            [(a.code, f"{a.code} {a.title}".strip(), a.average) for a in areas],
            scale=100,
        ),
        "green_category": bar_chart(
            "green-category",
            _("Green supplier share by category"),
            [(share.key, share.label, share.percent) for share in by_category],
            is_percent=True,
            scale=100,
        ),
        "green_region": bar_chart(
            "green-region",
            _("Green supplier share by region"),
            [(share.key, share.label, share.percent) for share in by_region],
            is_percent=True,
            scale=100,
        ),
        "region": bar_chart(
            "region",
            _("Suppliers by region"),
            [(share.key, share.label, share.total) for share in by_region],
        ),
        "screening": bar_chart(
            "screening",
            _("New suppliers screened using environmental criteria"),
            [("screened", _("Screened"), screening.percent)],
            is_percent=True,
            scale=100,
        ),
    }
    return {
        "status_counts": statuses,
        "status_rows": [
            (status, status_labels[status], statuses[status]) for status in Assessment.Status.values
        ],
        "score_bands": bands,
        "score_band_rows": [(key, label, bands[key]) for key, label in SCORE_BAND_LABELS.items()],
        "area_averages": areas,
        "green_by_category": by_category,
        "green_by_region": by_region,
        "suppliers_by_region": by_region,
        "screening": screening,
        "charts": charts,
    }
