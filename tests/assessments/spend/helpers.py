"""Spend workbooks for tests, filled as a user fills the template."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.spend import services
from assessments.spend.models import SpendImport
from assessments.spend.workbooks import COLUMN_KEYS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [f"{key} (label)" for key in COLUMN_KEYS]


def line(supplier: Any, reference: str = "PO-1", **overrides: object) -> list[object]:
    values: dict[str, object] = {
        "registration_code": supplier.registration_code,
        "country": str(supplier.country),
        "period": 2025,
        "amount": "1000.00",
        "currency": "CNY",
        "line_reference": reference,
        "category": "packaging",
        "description": "Cartons",
    }
    values.update(overrides)
    return [values[key] for key in COLUMN_KEYS]


def workbook_bytes(
    rows: Iterable[Sequence[object]], *, head: Sequence[object] | None = None, title: str = "Spend"
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(head if head is not None else header()))
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(content: bytes, name: str = "spend.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def run_import(content: bytes, user: Any, capture: Any) -> SpendImport:
    """Upload and run the import as the worker would (the task runs on commit)."""
    with capture(execute=True):
        job = services.spend_import_create(file=upload(content), created_by=user)
    job.refresh_from_db()
    return job
