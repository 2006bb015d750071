"""The disclosure figures of a reporting period: one selector per figure, in one registry.

Definitions (each stated in the figure's `definition`, so the page, the API and the workbook say
the same):

- The period is the fiscal year `period_bounds(period)` (2025 = 1 April 2025 to 31 March
  2026); an assessment belongs to `period_of(campaign.period_start)`; dates of datetimes are
  read in the project's time zone.
- New supplier: registered in GreenGate (`created_at`) during the period, archived ones included.
- Screened / assessed with environmental criteria: has an assessment of a campaign of the
  period that was submitted (submitted, returned, approved or rejected: the dashboard's
  `ANSWERED_STATUSES`), the questionnaire covering the code's six environmental areas.
- Significant negative impacts: an approved assessment of the period whose shown score (the
  final one: `scores_shown`) has a failed critical item, or an overall score below the minimum
  overall score of the label rules in force (`rules_in_force`, version named in the text).
- Improvements agreed: a corrective action raised on one of the supplier's assessments of the
  period.
- Terminated: `relationship_ended_on` in the period with the reason "environmental".
- Suppliers of the period (HKEX B5.1): registered by the period's end, relationship not ended
  before its start, not archived; by the region of the registered country.

Every figure is one or two queries, however many suppliers there are (the base sets shared by
several figures are read once per period), and carries the ids of the suppliers behind it.
To add a figure, write one function decorated with `@figure("<code>")` and name the code in the
mapping (`assessments/data/disclosure-frameworks.json`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.campaigns.models import period_bounds, period_of
from assessments.dashboard.selectors import ANSWERED_STATUSES, rules_in_force
from assessments.disclosures.calculation import (
    TONNES_CO2E,
    Figure,
    count_figure,
    share_figure,
)
from assessments.disclosures.frameworks import Mapping, mapping_load
from assessments.models import Assessment, Campaign, CorrectiveAction, LabelDecision, LabelRules
from assessments.scope3.selectors import category1_compute
from assessments.scoring.selectors import scores_shown
from suppliers import selectors as supplier_selectors
from suppliers.models import Region, RelationshipEndReason, Supplier

# Periods a user may ask for: a year the fiscal calendar can name, with room for old records.
PERIOD_MIN = 1990
PERIOD_MAX = 2100


@dataclass
class DisclosurePeriod:
    """What every figure of one period reads: its bounds, the label rules, the suppliers the
    user may see, the mapping; and the base sets already read (by name)."""

    period: int
    start: datetime.date
    end: datetime.date
    rules: LabelRules
    suppliers: QuerySet[Supplier]
    mapping: Mapping
    _ids: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def ids(self, name: str) -> tuple[int, ...]:
        """The ids of the named base set (SETS), read once."""
        if name not in self._ids:
            self._ids[name] = _ids(SETS[name](self))
        return self._ids[name]


def _ids(queryset: QuerySet[Supplier]) -> tuple[int, ...]:
    return tuple(queryset.order_by("pk").values_list("pk", flat=True))


# --- The sets of suppliers the figures count ------------------------------------------------


def _period_assessments(p: DisclosurePeriod) -> QuerySet[Assessment]:
    return Assessment.objects.filter(campaign__period_start__range=(p.start, p.end))


def _of_supplier(assessments: QuerySet[Any]) -> Exists:
    return Exists(assessments.filter(supplier=OuterRef("pk")))


def registered_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """Suppliers of the period: registered by its end, relationship not ended before its start,
    not archived."""
    return (
        p.suppliers.exclude(status=Supplier.Status.ARCHIVED)
        .filter(created_at__date__lte=p.end)
        .filter(Q(relationship_ended_on__isnull=True) | Q(relationship_ended_on__gte=p.start))
    )


def new_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    return p.suppliers.filter(created_at__date__range=(p.start, p.end))


def engaged_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """Invited to an assessment of a campaign of the period (any status)."""
    return p.suppliers.filter(_of_supplier(_period_assessments(p)))


def assessed_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """With an assessment of the period that was submitted."""
    return p.suppliers.filter(
        _of_supplier(_period_assessments(p).filter(status__in=ANSWERED_STATUSES))
    )


def _significant(rules: LabelRules) -> Q:
    return Q(overall__lt=rules.min_overall) | ~Q(critical_failures=[])


def _approved_scores(p: DisclosurePeriod) -> QuerySet[Any]:
    approved = _period_assessments(p).filter(status=Assessment.Status.APPROVED)
    return scores_shown(assessments=approved)


def significant_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """An approved assessment of the period whose shown score fails a critical item or the
    minimum overall score of the label rules."""
    flagged = _approved_scores(p).filter(_significant(p.rules))
    return p.suppliers.filter(pk__in=flagged.values("assessment__supplier_id"))


def low_risk_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """An approved assessment of the period with an overall score at or above the minimum and
    no failed critical item, and no approved assessment of the period with significant impacts."""
    clean = _approved_scores(p).filter(overall__isnull=False).exclude(_significant(p.rules))
    flagged = _approved_scores(p).filter(_significant(p.rules))
    return p.suppliers.filter(pk__in=clean.values("assessment__supplier_id")).exclude(
        pk__in=flagged.values("assessment__supplier_id")
    )


def improvement_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """A corrective action raised on one of the supplier's assessments of the period."""
    actions = CorrectiveAction.objects.filter(
        assessment__campaign__period_start__range=(p.start, p.end),
        assessment__supplier=OuterRef("pk"),
    )
    return p.suppliers.filter(Exists(actions))


def terminated_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """Relationship ended during the period for environmental reasons."""
    return p.suppliers.filter(
        relationship_ended_on__range=(p.start, p.end),
        relationship_end_reason=RelationshipEndReason.ENVIRONMENTAL,
    )


def labelled_suppliers(p: DisclosurePeriod) -> QuerySet[Supplier]:
    """Green supplier label granted or renewed during the period."""
    decisions = LabelDecision.objects.filter(
        supplier=OuterRef("pk"),
        kind__in=[LabelDecision.Kind.GRANTED, LabelDecision.Kind.RENEWED],
        at__date__range=(p.start, p.end),
    )
    return p.suppliers.filter(Exists(decisions))


SETS: dict[str, Callable[[DisclosurePeriod], QuerySet[Supplier]]] = {
    "registered": registered_suppliers,
    "new": new_suppliers,
    "assessed": assessed_suppliers,
    "significant": significant_suppliers,
}


# --- The registry: one function per figure --------------------------------------------------

FigureFunction = Callable[[DisclosurePeriod], Figure]
FIGURES: dict[str, FigureFunction] = {}


def figure(code: str) -> Callable[[FigureFunction], FigureFunction]:
    """Register a figure function under its stable code (the page and the API list figures in
    the order they are registered)."""

    def register(function: FigureFunction) -> FigureFunction:
        if code in FIGURES:
            raise ValueError(f"Disclosure figure {code} is registered twice.")
        FIGURES[code] = function
        return function

    return register


def _count(p: DisclosurePeriod, code: str, title: str, definition: str, ids: Any) -> Figure:
    return count_figure(
        code=code,
        title=title,
        definition=definition,
        references=p.mapping.references_of(code),
        supplier_ids=ids,
    )


def _share(
    p: DisclosurePeriod, code: str, title: str, definition: str, part: Any, base: str
) -> Figure:
    return share_figure(
        code=code,
        title=title,
        definition=definition,
        references=p.mapping.references_of(code),
        part_ids=part,
        base_ids=p.ids(base),
    )


def _rules_words(p: DisclosurePeriod) -> dict[str, object]:
    return {"version": p.rules.version or 1, "min": p.rules.min_overall}


@figure("gri-308-1")
def gri_308_1(p: DisclosurePeriod) -> Figure:
    part = _ids(new_suppliers(p).filter(pk__in=assessed_suppliers(p)))
    return _share(
        p,
        "gri-308-1",
        _("New suppliers screened using environmental criteria"),
        _(
            "New suppliers (registered in GreenGate during the period, archived ones included) "
            "that submitted an assessment of a campaign of the period (submitted, returned, "
            "approved or rejected), as a share of all new suppliers of the period."
        ),
        part,
        "new",
    )


@figure("gri-308-2-a")
def gri_308_2_a(p: DisclosurePeriod) -> Figure:
    return _count(
        p,
        "gri-308-2-a",
        _("Suppliers assessed for environmental impacts"),
        _(
            "Suppliers that submitted an assessment of a campaign of the period (submitted, "
            "returned, approved or rejected); the questionnaire covers the six environmental "
            "areas of the code of conduct."
        ),
        p.ids("assessed"),
    )


@figure("gri-308-2-b")
def gri_308_2_b(p: DisclosurePeriod) -> Figure:
    return _count(
        p,
        "gri-308-2-b",
        _("Suppliers with significant actual and potential negative environmental impacts"),
        _(
            "Suppliers with an approved assessment of the period whose final score has a failed "
            "critical item or an overall score below the minimum of label rules version "
            "%(version)s (%(min)s). A score without an overall value counts by its critical "
            "items only."
        )
        % _rules_words(p),
        p.ids("significant"),
    )


@figure("gri-308-2-d")
def gri_308_2_d(p: DisclosurePeriod) -> Figure:
    return _share(
        p,
        "gri-308-2-d",
        _("Suppliers with significant impacts with which improvements were agreed"),
        _(
            "Of the suppliers with significant negative impacts (GRI 308-2 b), those with a "
            "corrective action raised on one of their assessments of the period, as a share of "
            "them."
        ),
        _ids(improvement_suppliers(p)),
        "significant",
    )


@figure("gri-308-2-e")
def gri_308_2_e(p: DisclosurePeriod) -> Figure:
    return _share(
        p,
        "gri-308-2-e",
        _("Suppliers with significant impacts whose relationship was terminated"),
        _(
            "Of the suppliers with significant negative impacts (GRI 308-2 b), those whose "
            "relationship ended during the period for environmental reasons, as a share of "
            "them. Why each relationship ended is in the suppliers list and the workbook."
        ),
        _ids(terminated_suppliers(p)),
        "significant",
    )


@figure("hkex-b5.1-total")
def hkex_b5_1_total(p: DisclosurePeriod) -> Figure:
    return _count(
        p,
        "hkex-b5.1-total",
        _("Suppliers, all regions"),
        _(
            "Suppliers registered by the end of the period whose relationship had not ended "
            "before it began, archived suppliers excluded."
        ),
        p.ids("registered"),
    )


def _region_figure(region: Region) -> FigureFunction:
    code = f"hkex-b5.1-{region.value}"

    def region_figure(p: DisclosurePeriod) -> Figure:
        return _count(
            p,
            code,
            _("Suppliers in %(region)s") % {"region": region.label},
            _(
                "Suppliers registered by the end of the period whose relationship had not ended "
                "before it began, archived suppliers excluded, whose registered country is in "
                "this region (not where the work is done)."
            ),
            _ids(registered_suppliers(p).filter(region=region.value)),
        )

    region_figure.__name__ = f"hkex_b5_1_{region.value}"
    return figure(code)(region_figure)


for _region in Region:
    _region_figure(_region)


@figure("hkex-b5.2")
def hkex_b5_2(p: DisclosurePeriod) -> Figure:
    return _count(
        p,
        "hkex-b5.2",
        _("Suppliers where the engagement practices are implemented"),
        _(
            "Suppliers invited to an assessment of a campaign of the period: they acknowledge "
            "the code of conduct and answer the questionnaire, reviewers check the answers and "
            "evidence, approvers decide, and corrective actions follow up what was found."
        ),
        _ids(engaged_suppliers(p)),
    )


@figure("hkex-b5.4")
def hkex_b5_4(p: DisclosurePeriod) -> Figure:
    return _count(
        p,
        "hkex-b5.4",
        _("Suppliers granted the green supplier label"),
        _(
            "Suppliers whose green supplier label was granted or renewed during the period under "
            "the label rules (the label is how environmentally preferable suppliers are "
            "preferred when selecting suppliers)."
        ),
        _ids(labelled_suppliers(p)),
    )


@figure("hkex-d-scope3-cat1")
def hkex_d_scope3_cat1(p: DisclosurePeriod) -> Figure:
    """The period's Scope 3 Category 1 emissions, as the Scope 3 module computes them (its
    method hierarchy, inputs and primary-data share are on the Scope 3 page)."""
    result = category1_compute(period=p.period).result
    return Figure(
        code="hkex-d-scope3-cat1",
        title=_("Scope 3 Category 1 emissions (purchased goods and services)"),
        definition=_(
            "Scope 3 Category 1 emissions of the period in tCO2e: the buyer's spend with each "
            "supplier, by the supplier's declared allocation, else its approved Scope 1 and 2 "
            "allocated by spend over revenue, else spend-based factors (see the Scope 3 page)."
        ),
        references=p.mapping.references_of("hkex-d-scope3-cat1"),
        value=result.total,
        unit=TONNES_CO2E,
        supplier_ids=tuple(
            sorted(row.supplier_id for row in result.suppliers if row.result is not None)
        ),
    )


@figure("miit-x22")
def miit_x22(p: DisclosurePeriod) -> Figure:
    return _share(
        p,
        "miit-x22",
        _("Share of suppliers granted the green supplier label"),
        _(
            "Suppliers of the period (HKEX B5.1) whose green supplier label was granted or "
            "renewed during the period, as a share of the suppliers of the period."
        ),
        _ids(labelled_suppliers(p)),
        "registered",
    )


@figure("miit-x24")
def miit_x24(p: DisclosurePeriod) -> Figure:
    return _share(
        p,
        "miit-x24",
        _("Share of suppliers whose environmental performance was evaluated"),
        _(
            "Suppliers of the period (HKEX B5.1) assessed in the period (GRI 308-2 a), as a "
            "share of the suppliers of the period."
        ),
        p.ids("assessed"),
        "registered",
    )


@figure("miit-x26")
def miit_x26(p: DisclosurePeriod) -> Figure:
    return _share(
        p,
        "miit-x26",
        _("Share of low-risk suppliers"),
        _(
            "Suppliers of the period (HKEX B5.1) with an approved assessment of the period whose "
            "final score has no failed critical item and an overall score at or above the "
            "minimum of label rules version %(version)s (%(min)s), and no significant negative "
            "impacts, as a share of the suppliers of the period."
        )
        % _rules_words(p),
        _ids(low_risk_suppliers(p)),
        "registered",
    )


# --- Periods and the whole set ----------------------------------------------------------------


def disclosure_periods() -> list[int]:
    """The periods that have a campaign, newest first (one query)."""
    starts = Campaign.objects.order_by().values_list("period_start", flat=True).distinct()
    return sorted({period_of(start) for start in starts}, reverse=True)


def disclosure_default_period() -> int:
    """The latest period with a campaign; the current period before any campaign exists."""
    periods = disclosure_periods()
    return periods[0] if periods else period_of(timezone.localdate())


def disclosure_period(*, user: AbstractBaseUser | AnonymousUser, period: int) -> DisclosurePeriod:
    start, end = period_bounds(period)
    return DisclosurePeriod(
        period=period,
        start=start,
        end=end,
        rules=rules_in_force(),
        suppliers=supplier_selectors.supplier_list(user=user).select_related(None).order_by(),
        mapping=mapping_load(),
    )


def disclosure_figures(*, user: AbstractBaseUser | AnonymousUser, period: int) -> list[Figure]:
    """Every registered figure of the period, for what the user may see."""
    context = disclosure_period(user=user, period=period)
    return [function(context) for function in FIGURES.values()]


def disclosure_figure(
    *, user: AbstractBaseUser | AnonymousUser, period: int, code: str
) -> Figure | None:
    """One figure of the period (None for a code that is not registered)."""
    function = FIGURES.get(code)
    if function is None:
        return None
    return function(disclosure_period(user=user, period=period))


@dataclass(frozen=True)
class SupplierRow:
    """A supplier behind a figure, as the drill-down list and the workbook show it."""

    id: int
    name: str
    name_en: str
    country: str
    region: str
    category: str
    status: str
    relationship_ended_on: datetime.date | None
    relationship_end_reason: str
    relationship_end_note: str


def supplier_rows(
    *, user: AbstractBaseUser | AnonymousUser, supplier_ids: set[int] | None = None
) -> dict[int, SupplierRow]:
    """Rows of the suppliers the user may see (of `supplier_ids` when given), in one query;
    the ids are filtered here rather than in SQL, so no query carries thousands of parameters."""
    language = get_language() or ""
    queryset = (
        supplier_selectors.supplier_list(user=user)
        .select_related(None)
        .select_related("category")
        .order_by("pk")
        .only(
            "pk",
            "name",
            "name_en",
            "country",
            "region",
            "status",
            "category__name_en",
            "category__name_zh",
            "relationship_ended_on",
            "relationship_end_reason",
            "relationship_end_note",
        )
    )
    if supplier_ids is not None and len(supplier_ids) <= 500:
        queryset = queryset.filter(pk__in=supplier_ids)
    rows: dict[int, SupplierRow] = {}
    for supplier in queryset.iterator(chunk_size=2000):
        if supplier_ids is not None and supplier.pk not in supplier_ids:
            continue
        category = supplier.category
        rows[supplier.pk] = SupplierRow(
            id=supplier.pk,
            name=supplier.name,
            name_en=supplier.name_en,
            country=str(supplier.country),
            region=str(supplier.get_region_display()),
            category=category.name_zh if language.startswith("zh") else category.name_en,
            status=str(supplier.get_status_display()),
            relationship_ended_on=supplier.relationship_ended_on,
            relationship_end_reason=str(supplier.get_relationship_end_reason_display())
            if supplier.relationship_end_reason
            else "",
            relationship_end_note=supplier.relationship_end_note,
        )
    return rows
