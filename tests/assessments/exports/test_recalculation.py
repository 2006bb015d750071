"""An auditor opens the campaign workbook in LibreOffice: every check column is TRUE."""

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from assessments.exports.services import export_scope
from assessments.exports.workbooks import write_workbook
from assessments.models import Export
from tests.assessments.audit_data import varied_campaign

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def recalculated(path: Path, tmp_path: Path) -> openpyxl.Workbook:
    """A copy converted (and so recalculated) by LibreOffice headless, with its values."""
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is required: apt-get install -y libreoffice-calc-nogui")
    out = tmp_path / "recalculated"
    out.mkdir()
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path),
        ],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return openpyxl.load_workbook(out / path.name, data_only=True)


@pytest.mark.django_db
def test_every_check_column_is_true_after_libreoffice_recalculates(officer, tmp_path):
    campaign = varied_campaign(officer=officer, suppliers=8)
    path = tmp_path / "campaign.xlsx"
    export = Export(scope="campaign", target_id=campaign.pk, title=campaign.name)
    write_workbook(str(path), scope=export_scope(export), export_id=1, requested_by="auditor")

    book = recalculated(path, tmp_path)
    scores = book["Scores"]
    header = [cell.value for cell in scores[1]]
    checks = [i for i, title in enumerate(header) if title and title.endswith("_check)")]
    recomputed = [i for i, title in enumerate(header) if title and title.endswith("_recomputed)")]
    assert len(checks) == 8 and len(recomputed) == 8  # six areas, overall, critical items
    rows = list(scores.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8
    for row in rows:
        assert [row[i] for i in checks] == [True] * 8, row
    # The formulas really computed numbers (not all empty), from answers with N/A, rejected
    # evidence and critical failures in them.
    numbers = [row[i] for row in rows for i in recomputed if isinstance(row[i], int | float)]
    assert len(numbers) >= 6 * 7
    answers = list(book["Answers"].iter_rows(min_row=2, values_only=True))
    codes = {str(c.value).rsplit("(", 1)[1][:-1]: i for i, c in enumerate(book["Answers"][1])}
    assert any(row[codes["not_applicable"]] is True for row in answers)
    scored = [row for row in answers if row[codes["check"]] is not None]
    assert scored and all(row[codes["check"]] is True for row in scored)
    # A question shown to everyone has no visibility check of its own (its check says so).
    assert all(row[codes["visible_check"]] in (True, None) for row in scored)
    assert any(row[codes["visible_check"]] is True for row in scored)
    assert book["Critical"].max_row > 1
    assert any(
        row[8] == "rejected" for row in book["Evidence"].iter_rows(min_row=2, values_only=True)
    )


@pytest.mark.django_db
def test_checks_hold_across_continued_sheets_and_catch_a_changed_number(officer, tmp_path):
    campaign = varied_campaign(officer=officer, suppliers=5, seed=11)
    path = tmp_path / "split.xlsx"
    export = Export(scope="campaign", target_id=campaign.pk, title=campaign.name)
    write_workbook(str(path), scope=export_scope(export), max_rows=200, chunk_size=2)
    assert "Answers (2)" in openpyxl.load_workbook(path, read_only=True).sheetnames

    book = recalculated(path, tmp_path)
    header = [cell.value for cell in book["Scores"][1]]
    checks = [i for i, title in enumerate(header) if title and title.endswith("_check)")]
    for row in book["Scores"].iter_rows(min_row=2, values_only=True):
        assert all(row[i] is True for i in checks), row
    # A hostile supplier name stays text after a real spreadsheet has opened the file.
    names = [row[1] for row in book["Scores"].iter_rows(min_row=2, values_only=True)]
    assert names[1] == '=HYPERLINK("http://evil.example/","click")'

    # The check columns can be FALSE: answer "no" where a counted "yes" earned points.
    edited = openpyxl.load_workbook(path)
    sheet = edited["Answers"]
    codes = {str(c.value).rsplit("(", 1)[1][:-1]: i for i, c in enumerate(sheet[1])}
    for row in sheet.iter_rows(min_row=2):
        if (
            row[codes["counts_stored"]].value == 1
            and row[codes["points_stored"]].value
            and row[codes["value"]].value is True
        ):
            row[codes["value"]].value = False
            assessment_id = row[1].value
            break
    tampered = tmp_path / "tampered" / "split.xlsx"
    tampered.parent.mkdir()
    edited.save(tampered)
    book = recalculated(tampered, tmp_path / "tampered")
    for row in book["Scores"].iter_rows(min_row=2, values_only=True):
        flags = [row[i] for i in checks]
        if row[3] == assessment_id:
            assert False in flags and flags[-2] is False  # the area and the overall disagree
        else:
            assert all(flag is True for flag in flags)
