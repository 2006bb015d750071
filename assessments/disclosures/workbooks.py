"""The disclosures workbook: the figures of one period with their definitions and references,
and the suppliers behind each figure.

openpyxl in write-only mode, from what the selectors computed (no query here). Every text a user
could have typed (supplier names, the reason a relationship ended) goes through the audit
workbook's `_text`: never a formula, never invalid XML.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments.disclosures.calculation import Figure
from assessments.disclosures.selectors import SupplierRow
from assessments.exports.workbooks import _text
from core.printing import print_setup, row_height

FIGURES_SHEET = "Figures"
SUPPLIERS_SHEET = "Suppliers"
# The Figures sheet's header row (below the period lines) and its columns' widths.
FIGURES_HEADER_ROW = 5
FIGURES_WIDTHS = (16, 34, 10, 10, 11, 11, 60, 50, 30)
SUPPLIERS_WIDTHS = (16, 11, 30, 30, 9, 22, 16, 12, 14, 16, 40)
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str, widths: tuple[int, ...], title_row: int) -> Any:
    sheet = book.create_sheet(title)
    print_setup(sheet, title_rows=f"{title_row}:{title_row}")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{title_row + 1}"
    return sheet


def _cells(
    sheet: Any, values: list[Any], *, widths: tuple[int, ...], row: int, bold: bool = False
) -> list[Any]:
    """Row `row`: wrapped, top-aligned cells (bold for a header), as high as its text needs."""
    sheet.row_dimensions[row].height = row_height(values, widths)
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value)
        cell.alignment = WRAP
        if bold:
            cell.font = BOLD
        cells.append(cell)
    return cells


def _references(figure: Figure, language: str) -> str:
    return "; ".join(f"{ref.code}: {ref.title(language)}" for ref in figure.references)


def write_disclosure_workbook(
    *,
    period: int,
    period_words: str,
    mapping_version: str,
    figures: Sequence[Figure],
    suppliers: dict[int, SupplierRow],
) -> bytes:
    """The workbook as bytes: sheet "Figures" (one row per figure) and "Suppliers" (one row per
    figure and supplier behind it)."""
    language = get_language() or ""
    book = Workbook(write_only=True)

    sheet = _sheet(book, FIGURES_SHEET, FIGURES_WIDTHS, FIGURES_HEADER_ROW)
    sheet.append([_("Disclosures"), period_words])
    sheet.append([_("Reporting period"), period])
    sheet.append([_("Mapping version"), mapping_version])
    sheet.append([])
    header = [
        _("Code"),
        _("Figure"),
        _("Value"),
        _("Unit"),
        _("Suppliers behind it"),
        _("Base (suppliers)"),
        _("Definition"),
        _("Framework references"),
        _("Note"),
    ]
    line = FIGURES_HEADER_ROW
    sheet.append(_cells(sheet, header, widths=FIGURES_WIDTHS, row=line, bold=True))
    for figure in figures:
        line += 1
        sheet.append(
            _cells(
                sheet,
                [
                    figure.code,
                    figure.title,
                    figure.value,
                    figure.unit,
                    figure.supplier_count,
                    figure.base,
                    figure.definition,
                    _references(figure, language),
                    figure.pending,
                ],
                widths=FIGURES_WIDTHS,
                row=line,
            )
        )

    rows = _sheet(book, SUPPLIERS_SHEET, SUPPLIERS_WIDTHS, 1)
    rows.append(
        _cells(
            rows,
            [
                _("Figure code"),
                _("Supplier ID"),
                _("Legal name"),
                _("English name"),
                _("Country"),
                _("Region"),
                _("Category"),
                _("Status"),
                _("Relationship ended on"),
                _("Reason the relationship ended"),
                _("Why the relationship ended"),
            ],
            widths=SUPPLIERS_WIDTHS,
            row=1,
            bold=True,
        )
    )
    for figure in figures:
        for supplier_id in figure.supplier_ids:
            row = suppliers.get(supplier_id)
            if row is None:
                continue
            rows.append(
                [
                    figure.code,
                    row.id,
                    _text(rows, row.name),
                    _text(rows, row.name_en),
                    row.country,
                    row.region,
                    _text(rows, row.category),
                    row.status,
                    row.relationship_ended_on,
                    row.relationship_end_reason,
                    _text(rows, row.relationship_end_note),
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
