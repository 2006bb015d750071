"""Category 1 from the database, the selector for the lead, and the API."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from assessments.scope3.selectors import category1_compute, category1_summary
from core import roles
from tests.assessments.scope3.data import approved, factor_set, spend
from tests.factories import SupplierFactory, api_token, staff_user, supplier_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/scope3/category1/"


@pytest.fixture
def suppliers():  # type: ignore[no-untyped-def]
    """Five suppliers of period 2025, one per case (hand-computed in the comments)."""
    specific, only_spend, declared, usd, no_revenue = (SupplierFactory() for _ in range(5))
    # (100 + 50) x 1,000,000 / (50 x 1,000,000) = 3 t
    approved(specific, scope1="100", scope2="50", revenue=50)
    spend(specific, "600000")
    spend(specific, "400000")
    # 200,000 x 0.5 kg / 1000 = 100 t (with the factor set)
    spend(only_spend, "200000")
    # declared 12.5 t, used as declared whatever the rest says
    approved(declared, scope1="1000", scope2="0", revenue=10, declared="12.5",
             declared_method="market_value")  # fmt: skip
    spend(declared, "300000")
    # 10,000 USD at 7.1 = 71,000 CNY: 71,000 x 0.5 / 1000 = 35.5 t
    spend(usd, "71000", currency="USD", amount="10000", rate="7.1")
    # revenue 0: spend-based, 10,000 x 0.5 / 1000 = 5 t
    approved(no_revenue, scope1="80", scope2="20", revenue=0)
    spend(no_revenue, "10000")
    # Another period and an assessment of another period are not counted.
    spend(specific, "999999", period=2024)
    return {"specific": specific, "only_spend": only_spend, "declared": declared, "usd": usd,
            "no_revenue": no_revenue}  # fmt: skip


def _rows(period: int = 2025):  # type: ignore[no-untyped-def]
    return {row.supplier_id: row for row in category1_compute(period=period).result.suppliers}


def test_each_case_by_hand(suppliers) -> None:
    factor_set({"logistics": "0.5"})
    rows = _rows()
    specific = rows[suppliers["specific"].pk]
    assert (specific.method, specific.result, specific.spend_cny) == (
        "supplier_specific", Decimal("3"), Decimal("1000000"))  # fmt: skip
    assert specific.allocation_share == Decimal("0.02")
    assert (rows[suppliers["only_spend"].pk].method, rows[suppliers["only_spend"].pk].result) == (
        "spend_based", Decimal("100"))  # fmt: skip
    declared = rows[suppliers["declared"].pk]
    assert (declared.method, declared.result, declared.declared_method) == (
        "supplier_declared", Decimal("12.5"), "market_value")  # fmt: skip
    assert rows[suppliers["usd"].pk].result == Decimal("35.5")  # amount_cny, not amount
    no_revenue = rows[suppliers["no_revenue"].pk]
    assert (no_revenue.method, no_revenue.result) == ("spend_based", Decimal("5"))
    assert no_revenue.reasons == ("no_declared_allocation", "no_revenue")

    summary = category1_summary(period=2025)
    assert summary.total == Decimal("156")
    assert summary.primary_data_share == Decimal("15.5") / Decimal("156")
    assert summary.supplier_count == 5


def test_without_a_factor_set_spend_based_has_no_figure(suppliers) -> None:
    rows = _rows()
    only = rows[suppliers["only_spend"].pk]
    assert (only.method, only.result) == ("spend_based", None)
    assert only.reasons == ("no_approved_assessment", "no_factor_set")
    assert category1_summary(period=2025).total == Decimal("15.5")  # 3 + 12.5


def test_missing_revenue_falls_back_too() -> None:
    supplier = SupplierFactory()
    approved(supplier, scope1="10", scope2="10")
    spend(supplier, "1000")
    factor_set({"logistics": "2"})
    row = _rows()[supplier.pk]
    assert (row.method, row.result, row.reasons) == (
        "spend_based", Decimal("2"), ("no_declared_allocation", "no_revenue"))  # fmt: skip


def test_only_approved_assessments_of_the_period_count() -> None:
    submitted, other_period = SupplierFactory(), SupplierFactory()
    approved(submitted, scope1="100", scope2="0", revenue=1, status="submitted")
    approved(other_period, period=2024, scope1="100", scope2="0", revenue=1)
    spend(submitted, "1000")
    spend(other_period, "1000")
    rows = _rows()
    assert rows[submitted.pk].reasons[0] == "no_approved_assessment"
    assert rows[other_period.pk].reasons[0] == "no_approved_assessment"


def test_the_factor_set_of_the_period_wins_over_the_latest_general_one() -> None:
    supplier = SupplierFactory()
    spend(supplier, "1000")
    factor_set({"logistics": "1"}, period=2025)
    factor_set({"logistics": "3"})
    assert _rows()[supplier.pk].result == Decimal("1")
    assert _rows(2025)[supplier.pk].factor_source == "Test source for logistics"
    spend(supplier, "1000", period=2026)
    assert _rows(2026)[supplier.pk].result == Decimal("3")


def test_queries_do_not_grow_with_suppliers(django_assert_max_num_queries) -> None:
    factor_set({"logistics": "0.5"})
    for index in range(6):
        supplier = SupplierFactory()
        approved(supplier, scope1="10", scope2="5", revenue=10 + index)
        spend(supplier, "1000")
    with django_assert_max_num_queries(6):
        result = category1_compute(period=2025).result
    assert result.supplier_count == 6


# --- The API ------------------------------------------------------------------------------


def test_api_fields(api, suppliers) -> None:
    factor_set({"logistics": "0.5"}, name="Hand set")
    response = api.get(URL, {"period": 2025})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["total"] == 156.0
    assert data["by_method"] == {
        "supplier_declared": {"tco2e": 12.5, "supplier_count": 1},
        "supplier_specific": {"tco2e": 3.0, "supplier_count": 1},
        "spend_based": {"tco2e": 140.5, "supplier_count": 3},
    }
    assert data["primary_data_share"] == pytest.approx(15.5 / 156)
    assert data["spend_total"] == 1581000.0
    assert data["spend_coverage"]["spend_based"] == {
        "spend_cny": 281000.0, "share": pytest.approx(281000 / 1581000)}  # fmt: skip
    assert data["spend_coverage"]["not_computed"] == {"spend_cny": 0.0, "share": 0.0}
    assert data["factor_set"] == {"version": 1, "name": "Hand set"}
    by_supplier = {row["supplier"]: row for row in data["suppliers"]}
    specific = by_supplier[suppliers["specific"].pk]
    assert {key: specific[key] for key in (
        "spend", "method", "scope1", "scope2", "revenue", "allocation_share", "factor",
        "declared", "result")} == {
        "spend": 1000000.0, "method": "supplier_specific", "scope1": 100.0, "scope2": 50.0,
        "revenue": 50000000.0, "allocation_share": 0.02, "factor": None, "declared": None,
        "result": 3.0}  # fmt: skip
    assert specific["note"] == "Scope 1+2 allocation; upstream not included"
    assert specific["reason"] == "The supplier declared no allocation to us."
    usd = by_supplier[suppliers["usd"].pk]
    assert (usd["factor"], usd["factor_source"], usd["spend"]) == (
        0.5, "Test source for logistics", 71000.0)  # fmt: skip
    assert by_supplier[suppliers["declared"].pk]["declared"] == 12.5


def test_api_without_factor_set_says_so(api, suppliers) -> None:
    data = api.get(URL, {"period": 2025}).json()
    assert data["factor_set"] is None
    row = next(row for row in data["suppliers"] if row["supplier"] == suppliers["only_spend"].pk)
    assert row["result"] is None
    assert row["reason_codes"] == ["no_approved_assessment", "no_factor_set"]
    assert "No spend-based factor set." in row["reason"]
    assert (
        data["spend_coverage"]["not_computed"]["spend_cny"] == 281000.0
    )  # 200,000 + 71,000 + 10,000


@pytest.mark.parametrize("query", [{}, {"period": "x"}, {"period": "1999"}, {"period": "10**9"}])
def test_api_bad_period_is_400(api, query) -> None:
    assert api.get(URL, query).status_code == 400


def test_api_refuses_supplier_users_and_roles_without_spend(suppliers) -> None:
    client = APIClient()
    member = supplier_user(supplier=suppliers["specific"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(member)}")
    assert client.get(URL, {"period": 2025}).status_code == 403
    assert client.get(URL + "export.xlsx", {"period": 2025}).status_code == 403
    reviewer = staff_user(roles.REVIEWER)  # reviewers do not read spend
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(reviewer)}")
    assert client.get(URL, {"period": 2025}).status_code == 403
    assert APIClient().get(URL, {"period": 2025}).status_code in (401, 403)


def test_api_auditor_reads_it(suppliers) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(staff_user(roles.AUDITOR))}")
    assert client.get(URL, {"period": 2025}).status_code == 200


def test_api_queries_constant(api, django_assert_max_num_queries) -> None:
    factor_set({"logistics": "0.5"})
    for _ in range(5):
        supplier = SupplierFactory()
        approved(supplier, scope1="1", scope2="1", revenue=1)
        spend(supplier, "100")
    with django_assert_max_num_queries(12):
        assert len(api.get(URL, {"period": 2025}).json()["suppliers"]) == 5
