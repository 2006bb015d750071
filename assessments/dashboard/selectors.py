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
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from assessments.campaigns import selectors
from assessments.dashboard.charts import (
    Series,
    Tone,
    bar_chart,
    line_chart,
    tone_of_band,
    tone_of_score,
)
from assessments.models import (
    Area,
    Assessment,
    Campaign,
    CorrectiveAction,
    GhgCalculation,
    GreenLabel,
    LabelDecision,
    LabelRules,
)
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
DECIDED_STATUSES = (Assessment.Status.APPROVED, Assessment.Status.REJECTED)
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


def rules_in_force() -> LabelRules:
    """The label rules in force; their documented defaults before any version exists (a read
    never creates one)."""
    return LabelRules.objects.in_force() or LabelRules()


# --- The subsets behind the headline figures -----------------------------------------------
# Each is the one definition of its figure: the dashboard counts it and the assessment list
# filters by it (assessments/campaigns/filters.py), so a number and its list always agree.


def overdue_subset(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Still open and past the due date."""
    return assessments.filter(is_overdue=True, status__in=Assessment.OPEN_STATUSES)


def scored_subset(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """With a shown score that has an overall value (what the average score averages)."""
    shown = scores_shown(assessments=assessments).filter(overall__isnull=False)
    return assessments.filter(pk__in=shown.values("assessment_id"))


def _open_critical_actions() -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(severity=CorrectiveAction.Severity.CRITICAL).exclude(
        status=CorrectiveAction.Status.CLOSED
    )


def critical_subset(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """With a critical corrective action that is not closed (open or answered by the supplier)."""
    return assessments.filter(pk__in=_open_critical_actions().values("assessment_id"))


def _latest_ghg() -> Subquery:
    return Subquery(
        GhgCalculation.objects.filter(assessment=OuterRef("pk"))
        .order_by("-computed_at", "-id")
        .values("pk")[:1]
    )


def ghg_subset(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """With a Scope 1 and 2 calculation (the latest one counts)."""
    return assessments.filter(Exists(GhgCalculation.objects.filter(assessment=OuterRef("pk"))))


FIGURE_SUBSETS = {
    "overdue": overdue_subset,
    "scored": scored_subset,
    "critical": critical_subset,
    "ghg": ghg_subset,
}


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


@dataclass(frozen=True)
class Figure:
    """A headline figure: its number in words, what it counts, and the list behind it."""

    key: str
    label: str
    value: int | Decimal | None
    display: str
    detail: str
    url: str
    count: int  # the rows the link lists (suppliers or assessments)
    tone: str = Tone.NEUTRAL


@dataclass(frozen=True)
class YearTrend:
    year: int
    assessments: int
    decided: int
    average: Decimal | None
    scores: int
    labelled: int

    @property
    def label_share(self) -> Decimal | None:
        return percent(self.labelled, self.decided)


def _with_query(url: str, **params: object) -> str:
    return f"{url}?{urlencode({key: value for key, value in params.items() if value != ''})}"


def headline_figures(
    *,
    assessments: QuerySet[Assessment],
    suppliers: QuerySet[Supplier],
    scores: Sequence[LatestScore],
    statuses: dict[str, int],
    campaign_id: int | None,
    rules: LabelRules,
) -> list[Figure]:
    """The six headline figures, each with the link to exactly the rows it counts (4 queries)."""
    campaign = "" if campaign_id is None else campaign_id
    people = assessments.aggregate(
        invited=Count("supplier_id", distinct=True),
        assessed=Count("supplier_id", distinct=True, filter=Q(status__in=ANSWERED_STATUSES)),
    )
    registry = suppliers.filter(status=Supplier.Status.ACTIVE).aggregate(
        total=Count("pk"), green=Count("pk", filter=_green())
    )
    overall = [Decimal(score.overall) for score in scores if score.overall is not None]
    average = (
        (sum(overall, Decimal(0)) / len(overall)).quantize(AVERAGE, rounding=ROUND_HALF_UP)
        if overall
        else None
    )
    actions = (
        _open_critical_actions()
        .filter(assessment__in=assessments)
        .aggregate(actions=Count("pk"), assessments=Count("assessment_id", distinct=True))
    )
    ghg = GhgCalculation.objects.filter(
        pk__in=assessments.annotate(latest_ghg=_latest_ghg())
        .filter(latest_ghg__isnull=False)
        .values("latest_ghg")
    ).aggregate(reports=Count("pk"), total=Sum(F("scope1") + F("scope2")))
    green_share = percent(registry["green"], registry["total"])
    total_co2 = Decimal(ghg["total"] or 0).quantize(PERCENT, rounding=ROUND_HALF_UP)
    assessment_list = reverse("campaigns:dashboard_assessments")
    supplier_list = reverse("suppliers:list")
    return [
        Figure(
            key="assessed",
            label=_("Suppliers assessed"),
            value=people["assessed"],
            display=str(people["assessed"]),
            detail=_("of %(count)s invited (answered the questionnaire)")
            % {"count": people["invited"]},
            url=_with_query(supplier_list, assessed=campaign or "any"),
            count=people["assessed"],
        ),
        Figure(
            key="green",
            label=_("Green share"),
            value=green_share,
            display=_display_percent(green_share),
            detail=_("%(green)s of %(total)s active suppliers hold an active label")
            % {"green": registry["green"], "total": registry["total"]},
            url=_with_query(supplier_list, status=Supplier.Status.ACTIVE, green="true"),
            count=registry["green"],
            tone=Tone.GOOD,
        ),
        Figure(
            key="average",
            label=_("Average score"),
            value=average,
            display="—" if average is None else str(average),
            detail=_("over %(count)s scores; label minimum %(min)s")
            % {"count": len(overall), "min": rules.min_overall},
            url=_with_query(assessment_list, campaign=campaign, scored="true"),
            count=len(overall),
            tone=tone_of_score(average, low=rules.min_area, high=rules.min_overall),
        ),
        Figure(
            key="overdue",
            label=_("Overdue assessments"),
            value=statuses["overdue"],
            display=str(statuses["overdue"]),
            detail=_("still open, past the due date"),
            url=_with_query(assessment_list, campaign=campaign, overdue="true"),
            count=statuses["overdue"],
            tone=Tone.BAD if statuses["overdue"] else Tone.GOOD,
        ),
        Figure(
            key="critical",
            label=_("Open critical actions"),
            value=actions["actions"],
            display=str(actions["actions"]),
            detail=_("in %(count)s assessments, not closed") % {"count": actions["assessments"]},
            url=_with_query(assessment_list, campaign=campaign, critical="true"),
            count=actions["assessments"],
            tone=Tone.BAD if actions["actions"] else Tone.GOOD,
        ),
        Figure(
            key="ghg",
            label=_("Scope 1+2 reported"),
            value=ghg["reports"],
            display=str(ghg["reports"]),
            detail=_("reports, %(total)s tCO2e in total") % {"total": total_co2},
            url=_with_query(assessment_list, campaign=campaign, ghg="true"),
            count=ghg["reports"],
        ),
    ]


def _display_percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def year_trends(*, assessments: QuerySet[Assessment]) -> list[YearTrend]:
    """Per reporting year (the year the campaign's period starts): assessments, the average of
    their shown scores, and the share of decided assessments that earned a green label (3
    queries, whatever the number of campaigns)."""
    year = ExtractYear("campaign__period_start")
    counts = {
        row["year"]: row
        for row in assessments.annotate(year=year)
        .values("year")
        .annotate(
            total=Count("pk"),
            decided=Count("pk", filter=Q(status__in=DECIDED_STATUSES)),
        )
        .order_by("year")
    }
    averages = {
        row["year"]: row
        for row in scores_shown(assessments=assessments)
        .filter(overall__isnull=False)
        .annotate(year=ExtractYear("assessment__campaign__period_start"))
        .values("year")
        .annotate(average=Avg("overall"), scores=Count("pk"))
        .order_by("year")
    }
    labelled = {
        row["year"]: row["labelled"]
        for row in LabelDecision.objects.filter(
            kind__in=(LabelDecision.Kind.GRANTED, LabelDecision.Kind.RENEWED),
            assessment__in=assessments,
        )
        .annotate(year=ExtractYear("assessment__campaign__period_start"))
        .values("year")
        .annotate(labelled=Count("assessment_id", distinct=True))
        .order_by("year")
    }
    trends = []
    for key in sorted(counts):
        average = averages.get(key, {}).get("average")
        trends.append(
            YearTrend(
                year=key,
                assessments=counts[key]["total"],
                decided=counts[key]["decided"],
                average=(
                    None
                    if average is None
                    else Decimal(str(average)).quantize(AVERAGE, rounding=ROUND_HALF_UP)
                ),
                scores=averages.get(key, {}).get("scores", 0),
                labelled=labelled.get(key, 0),
            )
        )
    return trends


LABEL_TONES = {
    GreenLabel.Status.ACTIVE: Tone.GOOD,
    GreenLabel.Status.SUSPENDED: Tone.WARN,
    GreenLabel.Status.EXPIRED: Tone.MUTED,
    GreenLabel.Status.REVOKED: Tone.BAD,
}


def label_status_counts(*, suppliers: QuerySet[Supplier]) -> dict[str, int]:
    """Labels of the suppliers that are not archived, by status (one query)."""
    rows = (
        GreenLabel.objects.filter(supplier__in=suppliers.exclude(status=Supplier.Status.ARCHIVED))
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(GreenLabel.Status.values, 0)
    for row in rows:
        counts[row["status"]] = row["count"]
    return counts


def score_legend(rules: LabelRules) -> list[tuple[str, str]]:
    """The meaning of each score colour, in words, from the rules in force."""
    return [
        (Tone.GOOD, _("%(min)s or more: meets the label minimum") % {"min": rules.min_overall}),
        (
            Tone.WARN,
            _("%(low)s to under %(high)s: below the label minimum")
            % {"low": rules.min_area, "high": rules.min_overall},
        ),
        (Tone.BAD, _("Under %(low)s: below the area minimum") % {"low": rules.min_area}),
        (Tone.MUTED, _("Not scored")),
    ]


def figure_rows(data: dict[str, Any]) -> list[tuple[str, str, object, str]]:
    """Every figure of `dashboard_data` as (section, item, value, detail) rows, for the CSV."""
    rows: list[tuple[str, str, object, str]] = []
    for figure in data["figures"]:
        rows.append((_("Headline figures"), figure.label, figure.display, figure.detail))
    trend = _("Average score and label share by reporting year")
    for year in data["trends"]:
        rows.append((trend, str(year.year), year.average, _("Average score")))
        rows.append((trend, str(year.year), year.label_share, _("Label earned (share of decided)")))
    for chart in data["charts"].values():
        for bar in chart.bars:
            rows.append((chart.title, bar.label, bar.value, ""))
    return rows


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
    rules = rules_in_force()
    figures = headline_figures(
        assessments=assessments,
        suppliers=suppliers,
        scores=scores,
        statuses=statuses,
        campaign_id=campaign_id,
        rules=rules,
    )
    # Year on year always covers every campaign: a trend of one campaign is a single point.
    trends = year_trends(assessments=assessments_in_scope(user=user, campaign_id=None))
    labels = label_status_counts(suppliers=suppliers)
    label_names = dict(GreenLabel.Status.choices)
    low, high = rules.min_area, rules.min_overall
    band_tones = {
        key: tone_of_band(lower, upper, low=low, high=high) for key, lower, upper in SCORE_BANDS
    }
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
            tones=band_tones,
        ),
        "areas": bar_chart(
            "areas",
            _("Average score by area"),
            [(a.code, f"{a.code} {a.title}".strip(), a.average) for a in areas],
            scale=100,
            tones={a.code: tone_of_score(a.average, low=low, high=high) for a in areas},
        ),
        "labels": bar_chart(
            "labels",
            _("Green labels by status"),
            [(key, str(label_names[key]), labels[key]) for key in GreenLabel.Status.values],
            tones={str(key): tone for key, tone in LABEL_TONES.items()},
        ),
        "green_category": bar_chart(
            "green-category",
            _("Green supplier share by category"),
            [(share.key, share.label, share.percent) for share in by_category],
            is_percent=True,
            scale=100,
            tone=Tone.GOOD,
        ),
        "green_region": bar_chart(
            "green-region",
            _("Green supplier share by region"),
            [(share.key, share.label, share.percent) for share in by_region],
            is_percent=True,
            scale=100,
            tone=Tone.GOOD,
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
    trend_chart = line_chart(
        "trend",
        _("Average score and label share by reporting year"),
        [str(trend.year) for trend in trends],
        [
            Series("average", _("Average score"), [trend.average for trend in trends]),
            Series(
                "labelled",
                _("Label earned (share of decided)"),
                [trend.label_share for trend in trends],
                is_percent=True,
            ),
        ],
        threshold=(high, _("Label minimum %(min)s") % {"min": high}),
    )
    return {
        "rules": rules,
        "figures": figures,
        "trends": trends,
        "trend_chart": trend_chart,
        "label_counts": labels,
        "label_rows": [
            (key, label_names[key], labels[key], LABEL_TONES[GreenLabel.Status(key)])
            for key in GreenLabel.Status.values
        ],
        "score_legend": score_legend(rules),
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
