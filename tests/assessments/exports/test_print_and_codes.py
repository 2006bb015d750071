"""The audit workbook printed and read: page set-up, zeros, booleans, times, the Codes sheet, and
the GHG sheet's formulas recalculated by LibreOffice (and caught when tampered with)."""

from __future__ import annotations

import datetime
import math
import zoneinfo
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from assessments.answers.models import DATA_QUALITY_CHOICES
from assessments.exports.columns import SHEETS
from assessments.exports.services import export_scope
from assessments.exports.workbooks import write_workbook
from assessments.models import (
    Answer,
    Assessment,
    EvidenceDocument,
    Export,
    GhgCalculation,
    GreenLabel,
    Score,
)
from assessments.questionnaires.services import default_questionnaire_load
from assessments.scoring.services import assessment_score
from suppliers.models import Category, Region, Supplier
from tests.assessments.audit_data import varied_campaign
from tests.assessments.exports.test_recalculation import recalculated
from tests.factories import AnswerFactory, AssessmentFactory, CampaignFactory, SupplierFactory

ENERGY = [
    {"energy_type": "purchased_electricity", "quantity": "1200", "unit": "kWh"},  # scope 2
    {"energy_type": "purchased_electricity", "quantity": "3", "unit": "MWh"},  # scope 2
    {"energy_type": "diesel", "quantity": "250", "unit": "L", "use": "mobile"},  # NCV, density
    {"energy_type": "natural_gas", "quantity": "900", "unit": "m3", "use": "stationary"},
    {"energy_type": "other_fuel", "quantity": "40", "unit": "kg"},  # no factor: flagged
]
REFRIGERANTS = [
    {"refrigerant": "r410a", "topup_kg": "2.5"},  # scope 1
    {"refrigerant": "r22", "topup_kg": "1"},  # HCFC: memo, outside the scopes
    {"refrigerant": "other", "topup_kg": "3", "gwp": "150"},  # declared GWP, scope 1
]


def _write(path: Path, export: Export, **kwargs: Any) -> Path:
    write_workbook(str(path), scope=export_scope(export), export_id=1, requested_by="auditor",
                   **kwargs)  # fmt: skip
    return path


def _columns(sheet: Any) -> dict[str, int]:
    """Header code -> 0-based column index ("Label (code)")."""
    return {
        str(cell.value).rsplit("(", 1)[-1].rstrip(")"): index
        for index, cell in enumerate(sheet[1])
        if cell.value
    }


@pytest.fixture
def ghg_assessment(officer: Any) -> Assessment:
    """An approved assessment of the default questionnaire with energy and refrigerant lines of
    every kind (converted units, a line without a factor, a memo gas), a revenue, and a number
    answered 0."""
    version = default_questionnaire_load()
    campaign = CampaignFactory(
        name="GHG print", questionnaire_version=version, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), status="launched", created_by=officer,
    )  # fmt: skip
    supplier = SupplierFactory(category=Category.objects.get(slug="logistics"))
    assessment = AssessmentFactory(campaign=campaign, supplier=supplier, status="approved")
    questions = {question.code: question for question in version.questions.all()}
    for code, value in (("A2.1", ENERGY), ("A6.5", REFRIGERANTS), ("A2.11", "80"),
                        ("A2.2", "0")):  # fmt: skip
        AnswerFactory(assessment=assessment, question=questions[code], value=value,
                      review_status="accepted")  # fmt: skip
    assessment_score(assessment_id=assessment.pk, kind="final")
    return assessment


def _assessment_export(assessment: Assessment) -> Export:
    return Export(scope="assessment", target_id=assessment.pk, title="one")


# --- Print and reading --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(
    officer, tmp_path
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    path = _write(tmp_path / "c.xlsx", Export(scope="campaign", target_id=campaign.pk))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SHEETS)
    wrapped = 0
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        if sheet.title == "Summary":
            continue
        # The header row is as high as its longest wrapped label needs (at least one line
        # per column width of characters), so printed labels never run over the data.
        needed = max(
            math.ceil(len(str(cell.value)) / sheet.column_dimensions[cell.column_letter].width)
            for cell in sheet[1]
        )
        wrapped += needed > 1
        assert (sheet.row_dimensions[1].height or 0) >= 15 * needed, sheet.title
    assert wrapped >= 8


@pytest.mark.django_db
def test_zeros_stay_zero_booleans_are_booleans_and_times_have_no_microseconds(
    ghg_assessment, tmp_path
) -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    path = _write(tmp_path / "one.xlsx", _assessment_export(ghg_assessment), time_zone=berlin)
    book = openpyxl.load_workbook(path)

    answers = book["Answers"]
    at = _columns(answers)
    rows = list(answers.iter_rows(min_row=2, values_only=True))
    zero = next(row for row in rows if row[at["question_code"]] == "A2.2")
    assert zero[at["answer"]] == 0 and zero[at["answer"]] is not None
    assert all(type(row[at["not_applicable"]]) is bool for row in rows)

    ghg = book["GHG"]
    at = _columns(ghg)
    lines = [row for row in ghg.iter_rows(min_row=2, values_only=True) if row[at["row"]] == "line"]
    assert {type(row[at["counted"]]) for row in lines} == {bool}

    supplier = Supplier.objects.get(pk=ghg_assessment.supplier_id)
    registered = book["Suppliers"].cell(
        row=2, column=_columns(book["Suppliers"])["registered_at"] + 1
    )
    expected = supplier.created_at.astimezone(berlin).replace(tzinfo=None, microsecond=0)
    assert registered.value == expected
    computed = GhgCalculation.objects.get(assessment=ghg_assessment).computed_at
    written = {row[at["computed_at"]] for row in ghg.iter_rows(min_row=2, values_only=True)}
    assert written == {computed.astimezone(berlin).replace(tzinfo=None, microsecond=0)}


@pytest.mark.django_db
def test_times_default_to_the_installations_time_zone(ghg_assessment, tmp_path, settings) -> None:
    path = _write(tmp_path / "one.xlsx", _assessment_export(ghg_assessment))
    sheet = openpyxl.load_workbook(path)["Suppliers"]
    registered = sheet.cell(row=2, column=_columns(sheet)["registered_at"] + 1).value
    created = Supplier.objects.get(pk=ghg_assessment.supplier_id).created_at
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    assert registered == created.astimezone(zone).replace(tzinfo=None, microsecond=0)


@pytest.mark.django_db
def test_codes_sheet_explains_every_code_in_english_and_chinese(ghg_assessment, tmp_path) -> None:
    path = _write(tmp_path / "one.xlsx", _assessment_export(ghg_assessment))
    book = openpyxl.load_workbook(path)
    sheet = book["Codes"]
    assert [cell.value for cell in sheet[1]] == [
        "Kind (kind)", "Code (code)", "English (en)", "中文 (zh_hans)",
    ]  # fmt: skip
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(kind and code and english and chinese for kind, code, english, chinese in rows)
    listed: dict[str, set[str]] = {}
    for kind, code, _english, _chinese in rows:
        listed.setdefault(kind, set()).add(code)
    expected = {
        "category": set(Category.objects.values_list("slug", flat=True)),
        "region": set(Region.values),
        "supplier_status": set(Supplier.Status.values),
        "assessment_status": set(Assessment.Status.values),
        "score_kind": set(Score.Kind.values),
        "data_quality": {code for code, _label in DATA_QUALITY_CHOICES},
        "review_status": set(Answer.ReviewStatus.values),
        "evidence_status": set(EvidenceDocument.ReviewStatus.values),
        "label_status": set(GreenLabel.Status.values),
        "ghg_flag": {"no_factor", "no_conversion", "no_gwp", "memo"},
        "ghg_row": {"line", "scope1_total", "scope2_location_total", "memo_total", "intensity"},
    }
    for kind, codes in expected.items():
        assert codes and codes <= listed.get(kind, set()), kind
    assert {"A2.1.energy_type: diesel", "A6.5.refrigerant: r22"} <= listed["choice"]
    # Names kept in both languages by the app are written in both.
    logistics = next(row for row in rows if row[:2] == ("category", "logistics"))
    category = Category.objects.get(slug="logistics")
    assert logistics[2:] == (category.name_en, category.name_zh)
    # Summary points to the sheet instead of listing the codes itself.
    summary = [row[0] for row in book["Summary"].iter_rows(values_only=True) if row and row[0]]
    assert any("Codes sheet" in str(text) for text in summary)
    assert "approved" not in summary


# --- GHG by formula -----------------------------------------------------------------------


def _ghg_rows(book: openpyxl.Workbook) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    sheet = book["GHG"]
    return _columns(sheet), list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.mark.django_db
def test_ghg_lines_and_totals_recomputed_by_libreoffice_give_the_apps_numbers(
    ghg_assessment, tmp_path
) -> None:
    path = _write(tmp_path / "one.xlsx", _assessment_export(ghg_assessment))
    at, rows = _ghg_rows(recalculated(path, tmp_path))
    calculation = GhgCalculation.objects.get(assessment=ghg_assessment)
    lines = [row for row in rows if row[at["row"]] == "line"]
    assert len(lines) == len(ENERGY) + len(REFRIGERANTS) == len(calculation.lines)
    assert [row[at["tco2e_check"]] for row in rows] == [True] * len(rows)
    # The formulas computed the numbers (not copies of the stored ones): each line is
    # quantity x conversion x factor.
    for row in lines:
        product = row[at["quantity"]] * (row[at["conversion"]] or 0) * (row[at["factor"]] or 0)
        assert row[at["tco2e_recomputed"]] == pytest.approx(product)
    converted = [row for row in lines if row[at["unit"]] in ("kWh", "L", "m3")]
    assert len(converted) == 3 and all(row[at["conversion"]] != 1 for row in converted)
    assert {row[at["factor_unit"]] for row in converted} >= {"MWh", "GJ"}
    flagged = [row for row in lines if row[at["counted"]] is False]
    assert [(row[at["activity"]], row[at["flag"]]) for row in flagged] == [
        ("other_fuel", "no_factor")
    ]
    memo = next(row for row in lines if row[at["activity"]] == "refrigerant:r22")
    assert (memo[at["scope"]], memo[at["flag"]], memo[at["counted"]]) == ("memo", "memo", True)
    totals = {row[at["row"]]: row[at["tco2e_recomputed"]] for row in rows}
    assert totals["scope1_total"] == pytest.approx(float(calculation.scope1), abs=1e-4)
    assert totals["scope2_location_total"] == pytest.approx(float(calculation.scope2), abs=1e-4)
    assert totals["memo_total"] == pytest.approx(float(calculation.memo_non_kyoto), abs=1e-4)
    assert totals["intensity"] == pytest.approx(float(calculation.intensity), abs=1e-6)
    assert calculation.scope1 > 0 and calculation.scope2 > 0 and calculation.memo_non_kyoto > 0


def _tamper(path: Path, *, activity: str, column: str, factor: float) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["GHG"]
    at = _columns(sheet)
    for row in sheet.iter_rows(min_row=2):
        if row[at["row"]].value == "line" and row[at["activity"]].value == activity:
            cell = row[at[column]]
            cell.value = float(cell.value) * factor
            break
    else:
        raise AssertionError(activity)
    book.save(path)


@pytest.mark.parametrize(
    ("activity", "column", "total"),
    [("diesel:mobile", "quantity", "scope1_total"),
     ("purchased_electricity", "factor", "scope2_location_total"),
     ("refrigerant:r22", "conversion", "memo_total")],
)  # fmt: skip
@pytest.mark.django_db
def test_a_tampered_quantity_or_factor_turns_its_line_and_scope_total_false(
    ghg_assessment, tmp_path, activity, column, total
) -> None:
    path = _write(tmp_path / "one.xlsx", _assessment_export(ghg_assessment))
    _tamper(path, activity=activity, column=column, factor=1.1)
    at, rows = _ghg_rows(recalculated(path, tmp_path))
    false = [
        (row[at["row"]], row[at["activity"]]) for row in rows if row[at["tco2e_check"]] is not True
    ]
    assert false[0] == ("line", activity)
    assert (total, rows[[r[at["row"]] for r in rows].index(total)][at["activity"]]) in false
    # Scope 1 and 2 changed: so did the intensity; the memo is outside it.
    assert len(false) == (2 if total == "memo_total" else 3)
