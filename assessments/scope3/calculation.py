"""Scope 3 Category 1 (purchased goods and services) of the buyer, per supplier. Pure functions.

Follows the Category 1 methods of the GHG Protocol Scope 3 Technical Guidance (chapter 1),
from the most to the least specific. THE HIERARCHY, in this one place (`METHODS`):

1. `supplier_declared` (supplier-specific method, allocation by the supplier): the supplier
   declares the emissions it allocates to us for the period (questionnaire item A4.11 of the
   approved assessment, with its allocation basis, as in the CDP supply chain questionnaire).
   The figure is used as declared.
2. `supplier_specific` (hybrid method, Scope 1 and 2 only): the supplier's approved Scope 1 +
   Scope 2 for the period x our spend with it / its revenue (both in CNY), an economic
   allocation. Upstream (cradle-to-gate) emissions of what the supplier buys are not included.
   A missing or zero revenue, or a spend above the revenue (an allocation share over 1, which
   means the figures do not describe the same thing), falls back to the next method.
3. `spend_based` (spend-based method): spend (CNY) x a factor in kgCO2e per CNY of the
   supplier's category, from a versioned spend-based factor set. Without a set, or without a
   factor for the category, there is no figure (`result` None) and the reason says why.

Every result keeps its inputs, factor and source, and the reasons the higher methods were not
used (codes of `REASONS`; the selectors put them in words). Results are in tCO2e, rounded to
4 decimals, as the GHG calculation stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
KG_PER_TONNE = Decimal(1000)
CNY_PER_MILLION = Decimal(1_000_000)
RESULT_PLACES = Decimal("0.0001")
SHARE_PLACES = Decimal("0.000001")

SUPPLIER_DECLARED = "supplier_declared"
SUPPLIER_SPECIFIC = "supplier_specific"
SPEND_BASED = "spend_based"
# The hierarchy: the first method that can be used is.
METHODS: tuple[str, ...] = (SUPPLIER_DECLARED, SUPPLIER_SPECIFIC, SPEND_BASED)
# Methods that use the supplier's own data (the primary-data share).
PRIMARY_METHODS = frozenset({SUPPLIER_DECLARED, SUPPLIER_SPECIFIC})

# Why a method was not used.
NO_APPROVED_ASSESSMENT = "no_approved_assessment"
NO_DECLARED_ALLOCATION = "no_declared_allocation"
NO_GHG_RESULT = "no_ghg_result"
NO_REVENUE = "no_revenue"
SPEND_ABOVE_REVENUE = "spend_above_revenue"
NO_FACTOR_SET = "no_factor_set"
NO_FACTOR = "no_factor"
REASONS = (
    NO_APPROVED_ASSESSMENT,
    NO_DECLARED_ALLOCATION,
    NO_GHG_RESULT,
    NO_REVENUE,
    SPEND_ABOVE_REVENUE,
    NO_FACTOR_SET,
    NO_FACTOR,
)

SPECIFIC_NOTE = "Scope 1+2 allocation; upstream not included"


@dataclass(frozen=True)
class SupplierData:
    """What is known of one supplier for the period. `revenue_rmb_million` is the answer to
    the revenue question (A2.11, in RMB million); the rest comes from the approved assessment
    of the period, if any."""

    supplier_id: int
    spend_cny: Decimal
    category: str = ""
    has_approved_assessment: bool = False
    declared_tco2e: Decimal | None = None
    declared_method: str = ""
    scope1: Decimal | None = None
    scope2: Decimal | None = None
    revenue_rmb_million: Decimal | None = None


@dataclass(frozen=True)
class SpendFactor:
    category: str
    kg_per_cny: Decimal
    source: str
    base_year: int


@dataclass(frozen=True)
class SpendFactors:
    """A spend-based factor set; `version` None when there is none."""

    version: int | None = None
    name: str = ""
    factors: Mapping[str, SpendFactor] = field(default_factory=dict)


@dataclass(frozen=True)
class SupplierResult:
    supplier_id: int
    spend_cny: Decimal
    category: str
    method: str
    result: Decimal | None  # tCO2e; None when no figure could be made
    reasons: tuple[str, ...]  # why the higher methods were not used (and why no figure)
    note: str = ""
    declared_tco2e: Decimal | None = None
    declared_method: str = ""
    scope1: Decimal | None = None
    scope2: Decimal | None = None
    revenue_cny: Decimal | None = None
    allocation_share: Decimal | None = None
    factor: Decimal | None = None  # kgCO2e per CNY
    factor_source: str = ""
    factor_base_year: int | None = None

    @property
    def is_primary(self) -> bool:
        return self.method in PRIMARY_METHODS and self.result is not None


@dataclass(frozen=True)
class MethodTotal:
    method: str
    tco2e: Decimal
    supplier_count: int
    spend_cny: Decimal
    spend_share: Decimal | None


@dataclass(frozen=True)
class Category1Result:
    period: int
    suppliers: tuple[SupplierResult, ...]
    by_method: tuple[MethodTotal, ...]
    total: Decimal  # tCO2e of the suppliers with a figure
    spend_cny: Decimal  # all spend of the period
    not_computed_count: int
    not_computed_spend_cny: Decimal
    primary_data_share: Decimal | None  # None when the total is zero
    factor_set_version: int | None

    @property
    def supplier_count(self) -> int:
        return len(self.suppliers)

    @property
    def intensity_kg_per_cny(self) -> Decimal | None:
        """kgCO2e per CNY of the spend with a figure (the target's measure)."""
        spend = self.spend_cny - self.not_computed_spend_cny
        if spend <= 0:
            return None
        return self.total * KG_PER_TONNE / spend


def _round(value: Decimal) -> Decimal:
    return value.quantize(RESULT_PLACES, rounding=ROUND_HALF_UP)


def allocate(data: SupplierData, factors: SpendFactors) -> SupplierResult:
    """One supplier's Category 1 emissions by the first method of the hierarchy that applies."""
    reasons: list[str] = []
    revenue_cny = (
        None if data.revenue_rmb_million is None else data.revenue_rmb_million * CNY_PER_MILLION
    )
    # What is known of the supplier, kept whichever method is used.
    known = SupplierResult(
        supplier_id=data.supplier_id,
        spend_cny=data.spend_cny,
        category=data.category,
        method=SPEND_BASED,
        result=None,
        reasons=(),
        declared_tco2e=data.declared_tco2e,
        declared_method=data.declared_method,
        scope1=data.scope1,
        scope2=data.scope2,
        revenue_cny=revenue_cny,
    )
    if not data.has_approved_assessment:
        reasons.append(NO_APPROVED_ASSESSMENT)
    else:
        # 1. The supplier's own allocation.
        if data.declared_tco2e is not None:
            return replace(known, method=SUPPLIER_DECLARED, result=_round(data.declared_tco2e))
        reasons.append(NO_DECLARED_ALLOCATION)
        # 2. Scope 1 + 2 allocated by our share of the supplier's revenue.
        if data.scope1 is None or data.scope2 is None:
            reasons.append(NO_GHG_RESULT)
        elif revenue_cny is None or revenue_cny <= 0:
            reasons.append(NO_REVENUE)
        elif data.spend_cny > revenue_cny:
            reasons.append(SPEND_ABOVE_REVENUE)
        else:
            allocation = data.spend_cny / revenue_cny
            return replace(
                known,
                method=SUPPLIER_SPECIFIC,
                result=_round((data.scope1 + data.scope2) * data.spend_cny / revenue_cny),
                reasons=tuple(reasons),
                note=SPECIFIC_NOTE,
                allocation_share=allocation.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP),
            )
    # 3. Spend x the category's factor.
    factor = factors.factors.get(data.category)
    if factors.version is None or factor is None:
        reasons.append(NO_FACTOR_SET if factors.version is None else NO_FACTOR)
        return replace(known, reasons=tuple(reasons))
    return replace(
        known,
        result=_round(data.spend_cny * factor.kg_per_cny / KG_PER_TONNE),
        reasons=tuple(reasons),
        factor=factor.kg_per_cny,
        factor_source=factor.source,
        factor_base_year=factor.base_year,
    )


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else part / whole


def summarise(
    period: int, results: Sequence[SupplierResult], factors: SpendFactors
) -> Category1Result:
    """Totals by method, the primary-data share (supplier_declared + supplier_specific over the
    total) and the spend each method covers."""
    spend = sum((row.spend_cny for row in results), ZERO)
    totals = []
    for method in METHODS:
        rows = [row for row in results if row.method == method and row.result is not None]
        method_spend = sum((row.spend_cny for row in rows), ZERO)
        totals.append(
            MethodTotal(
                method=method,
                tco2e=sum((row.result or ZERO for row in rows), ZERO),
                supplier_count=len(rows),
                spend_cny=method_spend,
                spend_share=share(method_spend, spend),
            )
        )
    total = sum((item.tco2e for item in totals), ZERO)
    primary = sum((item.tco2e for item in totals if item.method in PRIMARY_METHODS), ZERO)
    missing = [row for row in results if row.result is None]
    return Category1Result(
        period=period,
        suppliers=tuple(results),
        by_method=tuple(totals),
        total=total,
        spend_cny=spend,
        not_computed_count=len(missing),
        not_computed_spend_cny=sum((row.spend_cny for row in missing), ZERO),
        primary_data_share=share(primary, total),
        factor_set_version=factors.version,
    )


def category1(
    period: int, suppliers: Iterable[SupplierData], factors: SpendFactors
) -> Category1Result:
    """The period's Category 1: each supplier by the hierarchy, then the totals."""
    return summarise(period, [allocate(data, factors) for data in suppliers], factors)


def reduction_progress(
    *, base_intensity: Decimal | None, current_intensity: Decimal | None, target_pct: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """(reduction achieved so far, share of the target reached), both as fractions; None when
    an intensity is unknown or the base is zero."""
    if base_intensity is None or current_intensity is None or base_intensity <= 0:
        return None, None
    achieved = ONE - current_intensity / base_intensity
    target = target_pct / Decimal(100)
    return achieved, (achieved / target if target > 0 else None)
