"""The Scope3 sheet recomputed by LibreOffice: every check TRUE; a changed input, FALSE."""

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from assessments.scope3.selectors import category1_compute
from assessments.scope3.workbooks import COLUMNS, write_scope3_workbook
from tests.assessments.scope3.data import approved, factor_set, spend
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHECK = COLUMNS.index("result_check")
SPEND = COLUMNS.index("spend_cny")


def recalculated(path: Path, tmp_path: Path) -> openpyxl.Workbook:
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is required: apt-get install -y libreoffice-calc-nogui")
    out = tmp_path / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
         str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return openpyxl.load_workbook(out / path.name, data_only=True)


def _data() -> None:
    specific, declared, only, media, no_revenue = (SupplierFactory() for _ in range(5))
    approved(specific, scope1="7", scope2="3.3", revenue=3)
    spend(specific, "123456.78")
    approved(declared, declared="12.3456", declared_method="other")
    spend(declared, "5000")
    spend(only, "98765.43")
    media.category = type(media.category).objects.get(slug="media")
    media.save()
    spend(media, "1000")  # no factor for media: no figure
    approved(no_revenue, scope1="1", scope2="1", revenue=0)
    spend(no_revenue, "333.33")
    factor_set({"logistics": "0.123456789"})


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "scope3.xlsx"
    with path.open("wb") as stream:
        write_scope3_workbook(stream, category1=category1_compute(period=2025))
    return path


def test_every_check_is_true_and_a_changed_spend_cell_is_false(tmp_path) -> None:
    _data()
    path = _write(tmp_path)
    rows = list(recalculated(path, tmp_path)["Scope3"].iter_rows(min_row=2, values_only=True))
    suppliers = [row for row in rows if isinstance(row[0], int)]
    totals = [row for row in rows if row[0] in ("total", "primary_data_share")]
    assert len(suppliers) == 5 and len(totals) == 5  # three methods, all, the share
    assert all(row[CHECK] is True for row in suppliers + totals), rows
    # The formulas computed numbers for the four suppliers with a figure.
    assert sum(isinstance(row[CHECK - 2], int | float) for row in suppliers) == 4

    # An auditor changes one spend cell: that row's check (and its method's total) is FALSE.
    book = openpyxl.load_workbook(path)
    sheet = book["Scope3"]
    changed = next(
        row for row in sheet.iter_rows(min_row=2)
        if row[COLUMNS.index("method")].value == "supplier_specific"
    )  # fmt: skip
    changed[SPEND].value = float(changed[SPEND].value) + 1000
    changed_path = tmp_path / "changed.xlsx"
    book.save(changed_path)
    rows = list(
        recalculated(changed_path, tmp_path)["Scope3"].iter_rows(min_row=2, values_only=True)
    )
    checks = {row[3]: row[CHECK] for row in rows if isinstance(row[0], int)}
    assert checks["supplier_specific"] is False
    assert [row[CHECK] for row in rows if isinstance(row[0], int)].count(False) == 1
    specific_total = next(
        row for row in rows if row[0] == "total" and row[3] == "supplier_specific"
    )
    assert specific_total[CHECK] is False
