"""Scope 3 Category 1 reads: the inputs of each supplier of a period, aggregated in the database
(spend summed per supplier in SQL, the latest GHG result of each approved assessment by a
subquery), the factor set in force, and the figures made of them by `calculation.py`.

A period's figures take a constant number of queries whatever the number of suppliers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from assessments.campaigns.models import period_bounds
from assessments.models import (
    Answer,
    Assessment,
    GhgCalculation,
    Scope3Target,
    SpendFactor,
    SpendFactorSet,
    SpendLine,
)
from assessments.scope3 import calculation as calc
from assessments.scope3.calculation import Category1Result, SupplierData, SupplierResult
from suppliers.models import Supplier

# Where the inputs sit in the questionnaire (codes are stable across versions).
REVENUE = "A2.11"  # RMB million, the GHG intensity's denominator (assessments/ghg/selectors.py)
DECLARED_ALLOCATION = "A4.11"  # tCO2e allocated to us for the period
DECLARED_ALLOCATION_METHOD = "A4.11.1"

METHOD_LABELS = {
    calc.SUPPLIER_DECLARED: _("Supplier-declared allocation"),
    calc.SUPPLIER_SPECIFIC: _("Supplier-specific (Scope 1+2 allocation)"),
    calc.SPEND_BASED: _("Spend-based"),
}

# Why a higher method was not used, or why there is no figure, in words.
REASON_TEXTS = {
    calc.NO_APPROVED_ASSESSMENT: _("No approved assessment for the period."),
    calc.NO_DECLARED_ALLOCATION: _("The supplier declared no allocation to us."),
    calc.NO_GHG_RESULT: _("The approved assessment has no GHG result."),
    calc.NO_REVENUE: _("The supplier's revenue is zero or missing."),
    calc.SPEND_ABOVE_REVENUE: _("Our spend is above the supplier's revenue."),
    calc.NO_FACTOR_SET: _("No spend-based factor set."),
    calc.NO_FACTOR: _("The spend-based factor set has no factor for this category."),
}
SPECIFIC_NOTE_TEXT = _("Scope 1+2 allocation; upstream not included")


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))


def reason_texts(reasons: Iterable[str]) -> list[str]:
    return [str(REASON_TEXTS.get(reason, reason)) for reason in reasons]


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def spend_factor_set_for(*, period: int) -> SpendFactorSet | None:
    """The set in force for a period: the latest set for that period, else the latest set
    without a period; None when no set has been imported."""
    return (
        SpendFactorSet.objects.filter(period=period).order_by("-version").first()
        or SpendFactorSet.objects.filter(period__isnull=True).order_by("-version").first()
    )


def spend_factors(*, period: int) -> calc.SpendFactors:
    factor_set = spend_factor_set_for(period=period)
    if factor_set is None:
        return calc.SpendFactors()
    factors = {
        row.category: calc.SpendFactor(row.category, row.kg_per_cny, row.source, row.base_year)
        for row in SpendFactor.objects.filter(factor_set=factor_set)
    }
    return calc.SpendFactors(factor_set.version, factor_set.name, factors)


@dataclass(frozen=True)
class SupplierName:
    name: str
    name_en: str
    category: str  # slug


def supplier_inputs(
    *, period: int, suppliers: QuerySet[Supplier] | None = None
) -> tuple[list[SupplierData], dict[int, SupplierName]]:
    """Each supplier with spend in the period (of `suppliers` only, when given), with what its
    approved assessment of the period says (the latest decided one when there are several);
    a fixed number of queries, `suppliers` being a subquery of each."""
    lines = SpendLine.objects.filter(period=period)
    if suppliers is not None:
        lines = lines.filter(supplier_id__in=suppliers.order_by().values("pk"))
    spend_rows = (
        lines.values(
            "supplier_id", "supplier__name", "supplier__name_en", "supplier__category__slug"
        )
        .annotate(spend=Sum("amount_cny"))
        .order_by("supplier_id")
    )
    start, end = period_bounds(period)
    latest = GhgCalculation.objects.filter(assessment=OuterRef("pk")).order_by(
        "-computed_at", "-id"
    )
    approved = Assessment.objects.filter(
        status=Assessment.Status.APPROVED,
        campaign__period_start__gte=start,
        campaign__period_start__lte=end,
    )
    if suppliers is not None:
        approved = approved.filter(supplier_id__in=suppliers.order_by().values("pk"))
    assessment_of: dict[int, tuple[int, Decimal | None, Decimal | None]] = {}
    for assessment_id, supplier_id, scope1, scope2 in (
        approved.annotate(
            ghg_scope1=Subquery(latest.values("scope1")[:1]),
            ghg_scope2=Subquery(latest.values("scope2")[:1]),
        )
        .order_by("supplier_id", "decided_at", "id")
        .values_list("id", "supplier_id", "ghg_scope1", "ghg_scope2")
    ):
        assessment_of[supplier_id] = (assessment_id, scope1, scope2)  # the latest wins
    answers: dict[int, dict[str, Any]] = {}
    for assessment_id, code, value in Answer.objects.filter(
        assessment__in=approved,
        question__code__in=[REVENUE, DECLARED_ALLOCATION, DECLARED_ALLOCATION_METHOD],
        not_applicable=False,
    ).values_list("assessment_id", "question__code", "value"):
        answers.setdefault(assessment_id, {})[code] = value

    data: list[SupplierData] = []
    names: dict[int, SupplierName] = {}
    for row in spend_rows:
        supplier_id = row["supplier_id"]
        category = row["supplier__category__slug"] or ""
        names[supplier_id] = SupplierName(row["supplier__name"], row["supplier__name_en"], category)
        found = assessment_of.get(supplier_id)
        if found is None:
            data.append(SupplierData(supplier_id, row["spend"] or Decimal(0), category))
            continue
        assessment_id, scope1, scope2 = found
        given = answers.get(assessment_id, {})
        method = given.get(DECLARED_ALLOCATION_METHOD)
        data.append(
            SupplierData(
                supplier_id=supplier_id,
                spend_cny=row["spend"] or Decimal(0),
                category=category,
                has_approved_assessment=True,
                declared_tco2e=_number(given.get(DECLARED_ALLOCATION)),
                declared_method=method if isinstance(method, str) else "",
                scope1=scope1,
                scope2=scope2,
                revenue_rmb_million=_number(given.get(REVENUE)),
            )
        )
    return data, names


@dataclass(frozen=True)
class Category1:
    """A period's figures with the names of the suppliers and the factor set used."""

    result: Category1Result
    names: dict[int, SupplierName]
    factor_set: calc.SpendFactors

    def name_of(self, supplier_id: int) -> str:
        found = self.names.get(supplier_id)
        return "" if found is None else found.name


def category1_compute(*, period: int, suppliers: QuerySet[Supplier] | None = None) -> Category1:
    """The period's Category 1, supplier by supplier, by the hierarchy of `calculation.py`;
    of `suppliers` only when given (a campaign's audit workbook), in a constant number of
    queries either way."""
    factors = spend_factors(period=period)
    data, names = supplier_inputs(period=period, suppliers=suppliers)
    return Category1(calc.category1(period, data, factors), names, factors)


@dataclass(frozen=True)
class Category1Summary:
    total: Decimal  # tCO2e
    primary_data_share: Decimal | None  # 0..1; None when the total is zero
    supplier_count: int


def category1_summary(*, period: int) -> Category1Summary:
    """The headline figures (dashboard, disclosures)."""
    result = category1_compute(period=period).result
    return Category1Summary(result.total, result.primary_data_share, result.supplier_count)


def scope3_target_current() -> Scope3Target | None:
    return Scope3Target.objects.order_by("-set_at", "-id").first()


@dataclass(frozen=True)
class Ranked:
    label: str
    tco2e: Decimal
    spend_cny: Decimal
    method: str = ""


def top_suppliers(category1: Category1, *, limit: int = 10) -> list[Ranked]:
    rows = sorted(
        (row for row in category1.result.suppliers if row.result is not None),
        key=lambda row: (-(row.result or 0), row.supplier_id),
    )[:limit]
    return [
        Ranked(
            category1.name_of(row.supplier_id), row.result or Decimal(0), row.spend_cny, row.method
        )
        for row in rows
    ]


def top_categories(category1: Category1, *, limit: int = 10) -> list[Ranked]:
    totals: dict[str, tuple[Decimal, Decimal]] = {}
    for row in category1.result.suppliers:
        if row.result is None:
            continue
        tco2e, spend = totals.get(row.category, (Decimal(0), Decimal(0)))
        totals[row.category] = (tco2e + row.result, spend + row.spend_cny)
    ranked = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    return [Ranked(slug, tco2e, spend) for slug, (tco2e, spend) in ranked]


def supplier_results(category1: Category1) -> list[SupplierResult]:
    return list(category1.result.suppliers)


def spend_periods() -> list[int]:
    """The periods that have spend lines, latest first."""
    return list(SpendLine.objects.order_by("-period").values_list("period", flat=True).distinct())


def spend_factor_set_list() -> list[SpendFactorSet]:
    return list(SpendFactorSet.objects.select_related("created_by").order_by("-version"))


@dataclass(frozen=True)
class Headline:
    period: int
    summary: Category1Summary
    primary_percent: Decimal | None


def category1_headline() -> Headline | None:
    """Category 1 of the latest period with spend (the dashboard); None without spend."""
    periods = spend_periods()
    if not periods:
        return None
    summary = category1_summary(period=periods[0])
    share = summary.primary_data_share
    percent = None if share is None else (share * 100).quantize(Decimal("0.1"))
    return Headline(periods[0], summary, percent)
