"""The campaign audit workbook's Scope3 sheet: the Category 1 of the campaign's reporting period
for the campaign's suppliers, recomputed by LibreOffice (every check TRUE, the figures worked
out here by hand) and caught out by a changed spend cell."""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.campaigns.models import period_bounds
from assessments.exports.columns import SHEETS, sheet_columns
from assessments.exports.services import export_scope
from assessments.exports.workbooks import write_workbook
from assessments.models import Campaign, Export
from assessments.scope3.workbooks import COLUMNS
from suppliers.models import Category
from tests.assessments.exports.test_recalculation import recalculated
from tests.assessments.scope3.data import approved, factor_set, scope3_version, spend
from tests.factories import AssessmentFactory, CampaignFactory, SupplierFactory

pytestmark = pytest.mark.django_db

PERIOD = 2025
SPEND = {"specific": "123456.78", "spend_based": "98765.43", "declared": "5000"}
FACTOR = "0.123456789"  # kgCO2e per CNY of logistics


def _round(value: Decimal, places: str = "0.0001") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


# Worked out by hand from the inputs above, as the GHG Protocol methods say.
SPECIFIC = _round((Decimal("7") + Decimal("3.3")) * Decimal(SPEND["specific"]) / Decimal(3_000_000))
SPEND_BASED = _round(Decimal(SPEND["spend_based"]) * Decimal(FACTOR) / 1000)
DECLARED = Decimal("12.3456")
TOTAL = SPECIFIC + SPEND_BASED + DECLARED
SHARE = _round((SPECIFIC + DECLARED) / TOTAL, "0.000001")


def _campaign(*, suppliers: int = 0) -> tuple[Campaign, dict[str, Any]]:
    """A campaign of period 2025 with a supplier-specific, a spend-only and a declaring
    supplier (and `suppliers` more spend-only ones), and a supplier with spend outside it."""
    start, end = period_bounds(PERIOD)
    campaign = CampaignFactory(
        name="FY2025", questionnaire_version=scope3_version(), period_start=start,
        period_end=end, due_on=end, status=Campaign.Status.LAUNCHED,
    )  # fmt: skip
    logistics = Category.objects.get(slug="logistics")
    made = {key: SupplierFactory(category=logistics) for key in SPEND}
    approved(made["specific"], campaign=campaign, scope1="7", scope2="3.3", revenue=3)
    AssessmentFactory(campaign=campaign, supplier=made["spend_based"], status="in_progress")
    approved(made["declared"], campaign=campaign, declared="12.3456", declared_method="other")
    for key, amount in SPEND.items():
        spend(made[key], amount)
    for n in range(suppliers):
        extra = SupplierFactory(category=logistics)
        AssessmentFactory(campaign=campaign, supplier=extra, status="in_progress")
        spend(extra, f"{1000 + n}")
    outsider = SupplierFactory(category=logistics)  # spend, but not in the campaign
    spend(outsider, "777777")
    approved(outsider, scope1="1", scope2="1", revenue=10)
    made["outsider"] = outsider
    factor_set({"logistics": FACTOR})
    return campaign, made


def _write(path: Path, campaign: Campaign) -> Path:
    export = Export(scope="campaign", target_id=campaign.pk, title=campaign.name)
    write_workbook(str(path), scope=export_scope(export), export_id=1, requested_by="auditor")
    return path


def _codes(sheet: Any) -> dict[str, int]:
    return {str(cell.value).rsplit("(", 1)[1][:-1]: i for i, cell in enumerate(sheet[1])}


def _rows(book: openpyxl.Workbook) -> tuple[dict[int, tuple[Any, ...]], dict[str, tuple]]:
    """The supplier rows by supplier id and the total rows by method."""
    rows = list(book["Scope3"].iter_rows(min_row=2, values_only=True))
    suppliers = {row[0]: row for row in rows if isinstance(row[0], int)}
    totals = {row[3]: row for row in rows if row[0] in ("total", "primary_data_share")}
    return suppliers, totals


def test_the_sheet_has_the_scope3_exports_columns_after_ghg() -> None:
    assert SHEETS.index("Scope3") == SHEETS.index("GHG") + 1
    assert [column.code for column in sheet_columns()["Scope3"]] == list(COLUMNS)


def test_every_scope3_check_is_true_in_libreoffice_and_a_changed_spend_is_caught(
    tmp_path,
) -> None:
    campaign, made = _campaign()
    path = _write(tmp_path / "campaign.xlsx", campaign)
    book = recalculated(path, tmp_path)
    at = _codes(book["Scope3"])
    check, recomputed, stored = at["result_check"], at["result_tco2e_recomputed"], at["result_tco2e_stored"]  # fmt: skip
    suppliers, totals = _rows(book)

    # The campaign's three suppliers, each by its method; the outsider's spend is not counted.
    ids = {key: supplier.pk for key, supplier in made.items()}
    assert set(suppliers) == {ids["specific"], ids["spend_based"], ids["declared"]}
    expected = {
        ids["specific"]: ("supplier_specific", SPECIFIC),
        ids["spend_based"]: ("spend_based", SPEND_BASED),
        ids["declared"]: ("supplier_declared", DECLARED),
    }
    for supplier_id, (method, tco2e) in expected.items():
        row = suppliers[supplier_id]
        assert row[at["method"]] == method
        assert row[recomputed] == pytest.approx(float(tco2e), abs=1e-9), method
        assert row[stored] == pytest.approx(float(tco2e), abs=1e-9), method
        assert row[check] is True, row
    by_method = {
        "supplier_declared": DECLARED,
        "supplier_specific": SPECIFIC,
        "spend_based": SPEND_BASED,
        "all": TOTAL,
        "supplier_declared+supplier_specific": SHARE,
    }
    assert set(totals) == set(by_method)
    for method, value in by_method.items():
        assert totals[method][recomputed] == pytest.approx(float(value), abs=1e-9), method
        assert totals[method][stored] == pytest.approx(float(value), abs=1e-9), method
        assert totals[method][check] is True, totals[method]

    # An auditor adds 1000 CNY to the spend-based supplier's spend: that row, its method's
    # total and the total disagree with the stored figures; the other rows still agree.
    edited = openpyxl.load_workbook(path)
    sheet = edited["Scope3"]
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == ids["spend_based"]:
            cells[at["spend_cny"]].value = float(SPEND["spend_based"]) + 1000
    changed = tmp_path / "changed" / "campaign.xlsx"
    changed.parent.mkdir()
    edited.save(changed)
    suppliers, totals = _rows(recalculated(changed, tmp_path / "changed"))
    assert suppliers[ids["spend_based"]][check] is False
    assert suppliers[ids["specific"]][check] is True and suppliers[ids["declared"]][check] is True
    assert totals["spend_based"][check] is False and totals["all"][check] is False
    assert totals["supplier_specific"][check] is True
    assert totals["supplier_declared"][check] is True


def test_without_spend_in_the_period_the_sheet_says_so(tmp_path) -> None:
    start, end = period_bounds(PERIOD)
    campaign = CampaignFactory(
        questionnaire_version=scope3_version(), period_start=start, period_end=end,
        due_on=end, status=Campaign.Status.LAUNCHED,
    )  # fmt: skip
    supplier = SupplierFactory()
    approved(supplier, campaign=campaign, scope1="1", scope2="1", revenue=1)
    spend(supplier, "1000", period=PERIOD - 1)  # another period's spend
    book = openpyxl.load_workbook(_write(tmp_path / "empty.xlsx", campaign))
    rows = list(book["Scope3"].iter_rows(values_only=True))
    assert rows[0][0] == "Supplier id (supplier)"
    assert [row[0] for row in rows[1:]] == [
        "No spend with these suppliers in reporting period 2025."
    ]
    summary = [row for row in book["Summary"].iter_rows(values_only=True) if row]
    assert ("Scope3", 1) in [tuple(row[:2]) for row in summary]


def test_the_codes_sheet_explains_the_scope3_methods_in_both_languages(tmp_path) -> None:
    campaign, _made = _campaign()
    book = openpyxl.load_workbook(_write(tmp_path / "codes.xlsx", campaign))
    rows = {
        code: (english, chinese)
        for kind, code, english, chinese in book["Codes"].iter_rows(min_row=2, values_only=True)
        if kind == "scope3_method"
    }
    assert set(rows) == {"supplier_declared", "supplier_specific", "spend_based"}
    assert rows["spend_based"] == ("Spend-based", "基于支出")
    assert all(english and chinese and english != chinese for english, chinese in rows.values())


def test_the_query_count_does_not_grow_with_the_suppliers(
    tmp_path, django_assert_max_num_queries
) -> None:
    few_campaign, _made = _campaign()
    many_campaign, _made = _campaign(suppliers=8)
    with CaptureQueriesContext(connection) as few:
        _write(tmp_path / "few.xlsx", few_campaign)
    with django_assert_max_num_queries(len(few)):
        _write(tmp_path / "many.xlsx", many_campaign)
    book = openpyxl.load_workbook(tmp_path / "many.xlsx", read_only=True)
    suppliers = [
        row for row in book["Scope3"].iter_rows(min_row=2, values_only=True)
        if row and isinstance(row[0], int)
    ]  # fmt: skip
    assert len(suppliers) == 3 + 8
