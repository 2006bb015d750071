"""Scope 3 workbooks: the "Scope3" sheet an auditor can recompute, and the spend-based factor
set template and its reading.

The Scope3 sheet holds one row per supplier: the inputs as values, the result again as an
Excel formula over those cells, the stored result beside it and a check that is TRUE when they
agree; then the totals by method and the primary-data share, each as a formula over the rows,
with the stored figure and a check. Reading goes through the same bounds as every import
(`core.spreadsheets.workbook_check`) before openpyxl parses anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments.exports.columns import sheet_columns
from assessments.exports.formulas import Formula
from assessments.scope3 import calculation as calc
from assessments.scope3.selectors import Category1, reason_texts
from core.errors import UploadInvalidError
from core.printing import print_setup
from core.spreadsheets import DAMAGED_WORKBOOK_ERRORS, WorkbookLimits, workbook_check
from core.uploads import ArchiveRefusedError, archive_check, archive_limits

SHEET = "Scope3"
FACTOR_SHEET = "factors"
FACTOR_COLUMNS = ("category", "kgco2e_per_cny", "source", "base_year")
FACTOR_MAX_ROWS = 1000
# Results are rounded to 4 decimals on both sides; a difference below half a unit of the last
# place is floating-point noise, not a disagreement.
TOLERANCE = "0.00005"

# The Scope3 sheet's columns, in order (the letter of each is its position); the campaign audit
# workbook labels the same codes (`assessments.exports.columns`, a test keeps them in step).
COLUMNS = (
    "supplier",
    "supplier_name",
    "category",
    "method",
    "spend_cny",
    "scope1_tco2e",
    "scope2_tco2e",
    "revenue_cny",
    "allocation_share",
    "declared_tco2e",
    "declared_method",
    "factor_kgco2e_per_cny",
    "factor_source",
    "reason",
    "result_tco2e_recomputed",
    "result_tco2e_stored",
    "result_check",
)
COL = {name: get_column_letter(index + 1) for index, name in enumerate(COLUMNS)}
SPEND, SCOPE1, SCOPE2 = COL["spend_cny"], COL["scope1_tco2e"], COL["scope2_tco2e"]
REVENUE, DECLARED, FACTOR = COL["revenue_cny"], COL["declared_tco2e"], COL["factor_kgco2e_per_cny"]
METHOD = COL["method"]
RECOMPUTED, STORED = COL["result_tco2e_recomputed"], COL["result_tco2e_stored"]

_RISKY = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(sheet: Any, value: str) -> Any:
    """User text as a plain string cell: never a formula, never invalid XML."""
    if _RISKY.search(value) is None:
        return value
    cell = WriteOnlyCell(sheet, None)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def result_formula(method: str, row: int) -> Formula:
    """The result of a row as Excel recomputes it from the row's inputs (calculation.py)."""
    if method == calc.SUPPLIER_DECLARED:
        return Formula(f"=ROUND({DECLARED}{row},4)")
    if method == calc.SUPPLIER_SPECIFIC:
        return Formula(f"=ROUND(({SCOPE1}{row}+{SCOPE2}{row})*{SPEND}{row}/{REVENUE}{row},4)")
    return Formula(f"=ROUND({SPEND}{row}*{FACTOR}{row}/1000,4)")


def _check(row: int) -> Formula:
    recomputed, stored = f"{RECOMPUTED}{row}", f"{STORED}{row}"
    return Formula(
        f'=IF(AND({recomputed}="",{stored}=""),TRUE,'
        f'IF(OR({recomputed}="",{stored}=""),FALSE,ABS({recomputed}-{stored})<{TOLERANCE}))'
    )


def scope3_rows(category1: Category1, *, first: int = 2) -> list[list[Any]]:
    """The rows of the Scope3 sheet below its header, the first on row `first`: one per
    supplier, a blank row, then the totals by method, the total and the primary-data share.
    User text is a plain `str` (the writer makes it safe), our formulas are `Formula`.

    Without spend in the period, one line that says so (and no totals)."""
    result = category1.result
    if not result.suppliers:
        return [[_("No spend with these suppliers in reporting period %(period)s.")
                 % {"period": result.period}]]  # fmt: skip
    rows: list[list[Any]] = []
    for offset, item in enumerate(result.suppliers):
        row = first + offset
        computed = item.result is not None
        rows.append(
            [
                item.supplier_id,
                category1.name_of(item.supplier_id),
                item.category,
                item.method,
                _number(item.spend_cny),
                _number(item.scope1),
                _number(item.scope2),
                _number(item.revenue_cny),
                _number(item.allocation_share),
                _number(item.declared_tco2e),
                item.declared_method,
                _number(item.factor),
                item.factor_source,
                " ".join(reason_texts(item.reasons)),
                result_formula(item.method, row) if computed else None,
                _number(item.result),
                _check(row),
            ]
        )
    last = first + len(result.suppliers) - 1
    rows.append([])
    return rows + _totals(category1, first=first, last=last)


def _totals(category1: Category1, *, first: int, last: int) -> list[list[Any]]:
    result = category1.result
    methods = f"${METHOD}${first}:${METHOD}${last}"
    values = f"${RECOMPUTED}${first}:${RECOMPUTED}${last}"
    # Rows below the suppliers' and the blank one.
    row = last + 2
    between = [None] * (COLUMNS.index("result_tco2e_recomputed") - 4)
    rows: list[list[Any]] = []

    def line(label: str, method: str, formula: str, stored: Decimal | None) -> None:
        nonlocal row
        check = Formula(
            f'=IF(AND({RECOMPUTED}{row}="",{STORED}{row}=""),TRUE,'
            f"ABS(N({RECOMPUTED}{row})-N({STORED}{row}))<{TOLERANCE})"
        )
        rows.append([label, None, None, method, *between, Formula(formula), _number(stored), check])
        row += 1

    for total in result.by_method:
        line(
            "total",
            total.method,
            f'=ROUND(SUMIF({methods},"{total.method}",{values}),4)',
            total.tco2e,
        )
    line("total", "all", f"=ROUND(SUM({values}),4)", result.total)
    primary = "+".join(
        f'SUMIF({methods},"{method}",{values})'
        for method in calc.METHODS
        if method in calc.PRIMARY_METHODS
    )
    share = None if result.primary_data_share is None else round(result.primary_data_share, 6)
    line(
        "primary_data_share",
        "supplier_declared+supplier_specific",
        f'=IF(SUM({values})=0,"",ROUND(({primary})/SUM({values}),6))',
        share,
    )
    return rows


def write_scope3_sheet(workbook: Workbook, *, category1: Category1) -> None:
    """Append the "Scope3" sheet to a (write-only) workbook, its header the column codes."""
    sheet = workbook.create_sheet(SHEET)
    print_setup(sheet)
    for index, column in enumerate(sheet_columns()[SHEET], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(sheet, title)
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    for values in scope3_rows(category1, first=2):
        sheet.append([_text(sheet, value) if type(value) is str else value for value in values])


def write_scope3_workbook(stream: IO[bytes], *, category1: Category1) -> None:
    """The standalone Scope 3 export: the Scope3 sheet alone."""
    workbook = Workbook(write_only=True)
    write_scope3_sheet(workbook, category1=category1)
    workbook.save(stream)


# --- Spend-based factor sets ------------------------------------------------------------------


def write_factor_template(stream: IO[bytes], *, category_slugs: Sequence[str]) -> None:
    """The import template: one row per category, factor, source and base year to fill in."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(FACTOR_SHEET)
    sheet.append(list(FACTOR_COLUMNS))
    for slug in category_slugs:
        sheet.append([slug, None, None, None])
    workbook.save(stream)


@dataclass(frozen=True)
class FactorRow:
    row: int
    values: dict[str, Any]


class FactorFileError(UploadInvalidError):
    """A factor workbook that cannot be read at all (not a workbook, too large, no header)."""

    code = "invalid_factor_file"


def read_factor_rows(*, stream: IO[bytes]) -> list[FactorRow]:
    """The rows of the factors sheet with their raw values; FactorFileError for a file that
    cannot be used (over the bounds, damaged, missing a column)."""
    try:
        names = archive_check(stream, limits=archive_limits())
    except ArchiveRefusedError as exc:
        raise FactorFileError(exc.message) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise FactorFileError(_("This file is not an Excel workbook (.xlsx).")) from exc
    if "[Content_Types].xml" not in names:
        raise FactorFileError(_("This file is not an Excel workbook (.xlsx)."))
    limits = WorkbookLimits(
        max_rows=FACTOR_MAX_ROWS,
        max_columns=20,
        max_strings=(FACTOR_MAX_ROWS + 1) * 20,
        sheets=(FACTOR_SHEET,),
    )
    try:
        workbook_check(stream, archive=archive_limits(), limits=limits)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except UploadInvalidError as exc:
        raise FactorFileError(exc.message) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise FactorFileError(_("This file is not an Excel workbook (.xlsx).")) from exc
    try:
        if FACTOR_SHEET not in workbook.sheetnames:
            raise FactorFileError(
                _("The workbook has no sheet named “%(sheet)s”.") % {"sheet": FACTOR_SHEET}
            )
        sheet = workbook[FACTOR_SHEET]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = [
            str(value).strip().lower() if value is not None else ""
            for value in next(rows, None) or ()
        ]
        missing = [name for name in FACTOR_COLUMNS if name not in header]
        if missing:
            raise FactorFileError(
                _("Sheet %(sheet)s, row 1: missing column(s) %(columns)s.")
                % {"sheet": FACTOR_SHEET, "columns": ", ".join(missing)}
            )
        positions = {name: header.index(name) for name in FACTOR_COLUMNS}
        result = []
        for number, values in enumerate(rows, start=2):
            if all(
                value is None or (isinstance(value, str) and not value.strip()) for value in values
            ):
                continue
            cells = {
                name: values[index] if index < len(values) else None
                for name, index in positions.items()
            }
            result.append(FactorRow(number, cells))
        return result
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise FactorFileError(
            _("This workbook could not be read: %(reason)s") % {"reason": type(exc).__name__}
        ) from exc
    finally:
        workbook.close()
