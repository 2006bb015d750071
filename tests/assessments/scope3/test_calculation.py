"""The Category 1 hierarchy as pure functions, hand-computed."""

from decimal import Decimal

import pytest

from assessments.scope3 import calculation as calc
from assessments.scope3.calculation import SpendFactor, SpendFactors, SupplierData, allocate

D = Decimal
FACTORS = SpendFactors(
    version=1,
    name="Test",
    factors={"logistics": SpendFactor("logistics", D("0.5"), "Test source", 2020)},
)
NONE = SpendFactors()


def data(**kwargs):  # type: ignore[no-untyped-def]
    values = {"supplier_id": 1, "spend_cny": D("1000000"), "category": "logistics"}
    values.update(kwargs)
    return SupplierData(**values)


APPROVED = {"has_approved_assessment": True, "scope1": D("100"), "scope2": D("50")}


@pytest.mark.parametrize(
    ("inputs", "factors", "method", "result", "reasons"),
    [
        # (100 + 50) x 1,000,000 / 50,000,000 = 3
        (data(**APPROVED, revenue_rmb_million=D("50")), FACTORS, "supplier_specific", D("3"),
         ("no_declared_allocation",)),
        # The declared figure wins over everything else.
        (data(**APPROVED, revenue_rmb_million=D("50"), declared_tco2e=D("12.5")), FACTORS,
         "supplier_declared", D("12.5"), ()),
        # A declared zero is a figure.
        (data(**APPROVED, declared_tco2e=D("0")), FACTORS, "supplier_declared", D("0"), ()),
        # Only spend: 1,000,000 x 0.5 kg / 1000 = 500 t.
        (data(), FACTORS, "spend_based", D("500"), ("no_approved_assessment",)),
        (data(), NONE, "spend_based", None, ("no_approved_assessment", "no_factor_set")),
        (data(category="media"), FACTORS, "spend_based", None,
         ("no_approved_assessment", "no_factor")),
        # Revenue zero or missing: spend-based, and why.
        (data(**APPROVED, revenue_rmb_million=D("0")), FACTORS, "spend_based", D("500"),
         ("no_declared_allocation", "no_revenue")),
        (data(**APPROVED), FACTORS, "spend_based", D("500"),
         ("no_declared_allocation", "no_revenue")),
        (data(**APPROVED, revenue_rmb_million=D("0.5")), FACTORS, "spend_based", D("500"),
         ("no_declared_allocation", "spend_above_revenue")),
        (data(has_approved_assessment=True, revenue_rmb_million=D("50")), FACTORS, "spend_based",
         D("500"), ("no_declared_allocation", "no_ghg_result")),
        # Rounded to 4 places: 7 x 1 / 3,000,000 ... (7 x 1,000,000 / 3,000,000 = 2.3333...)
        (data(has_approved_assessment=True, scope1=D("7"), scope2=D("0"),
              revenue_rmb_million=D("3")), FACTORS, "supplier_specific", D("2.3333"),
         ("no_declared_allocation",)),
    ],
)  # fmt: skip
def test_the_hierarchy(inputs, factors, method, result, reasons) -> None:
    computed = allocate(inputs, factors)
    assert (computed.method, computed.result, computed.reasons) == (method, result, reasons)


def test_supplier_specific_keeps_its_inputs_and_says_upstream_is_not_included() -> None:
    row = allocate(data(**APPROVED, revenue_rmb_million=D("50")), FACTORS)
    assert row.revenue_cny == D("50000000")
    assert row.allocation_share == D("0.02")
    assert (row.scope1, row.scope2) == (D("100"), D("50"))
    assert row.note == "Scope 1+2 allocation; upstream not included"
    assert row.factor is None


def test_spend_based_keeps_factor_source_and_base_year() -> None:
    row = allocate(data(), FACTORS)
    assert (row.factor, row.factor_source, row.factor_base_year) == (D("0.5"), "Test source", 2020)


def test_totals_by_method_and_primary_share() -> None:
    rows = [
        data(supplier_id=1, **APPROVED, revenue_rmb_million=D("50")),  # 3 t
        data(supplier_id=2, spend_cny=D("200000")),  # 100 t
        data(supplier_id=3, has_approved_assessment=True, declared_tco2e=D("12.5")),  # 12.5 t
        data(supplier_id=4, spend_cny=D("5000"), category="media"),  # no factor
    ]
    result = calc.category1(2025, rows, FACTORS)
    by = {item.method: item for item in result.by_method}
    assert result.total == D("115.5")
    assert (by["supplier_declared"].tco2e, by["supplier_declared"].supplier_count) == (D("12.5"), 1)
    assert (by["supplier_specific"].tco2e, by["supplier_specific"].supplier_count) == (D("3"), 1)
    assert (by["spend_based"].tco2e, by["spend_based"].supplier_count) == (D("100"), 1)
    assert result.primary_data_share == D("15.5") / D("115.5")
    assert result.spend_cny == D("2205000")
    assert by["spend_based"].spend_share == D("200000") / D("2205000")
    assert (result.not_computed_count, result.not_computed_spend_cny) == (1, D("5000"))
    assert result.supplier_count == 4
    # kg per CNY of the spend with a figure: 115,500 kg / 2,200,000 CNY
    assert result.intensity_kg_per_cny == D("115500") / D("2200000")


def test_no_total_no_share() -> None:
    result = calc.category1(2025, [data()], NONE)
    assert (result.total, result.primary_data_share, result.intensity_kg_per_cny) == (0, None, None)


@pytest.mark.parametrize(
    ("base", "current", "target", "expected"),
    [
        (D("0.2"), D("0.15"), D("50"), (D("0.25"), D("0.5"))),
        (D("0.2"), D("0.25"), D("50"), (D("-0.25"), D("-0.5"))),
        (None, D("0.1"), D("50"), (None, None)),
        (D("0"), D("0.1"), D("50"), (None, None)),
    ],
)
def test_reduction_progress(base, current, target, expected) -> None:
    assert (
        calc.reduction_progress(base_intensity=base, current_intensity=current, target_pct=target)
        == expected
    )
