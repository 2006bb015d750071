"""The disclosures workbook: the figures of one period with their definitions and references,
and the suppliers behind each figure.

openpyxl in write-only mode, from what the selectors computed (no query here). Every text a user
could have typed (supplier names, the reason a relationship ended) goes through the audit
workbook's `_text`: never a formula, never invalid XML.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessments.disclosures.calculation import Figure
from assessments.disclosures.selectors import SupplierRow
from assessments.exports.workbooks import _text

FIGURES_SHEET = "Figures"
SUPPLIERS_SHEET = "Suppliers"


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

    sheet = book.create_sheet(FIGURES_SHEET)
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
    sheet.append(header)
    for figure in figures:
        sheet.append(
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
            ]
        )

    rows = book.create_sheet(SUPPLIERS_SHEET)
    rows.append(
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
        ]
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
