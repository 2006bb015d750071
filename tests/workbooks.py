"""Build supplier workbooks for tests, the way a user would fill the template."""

import io
from collections.abc import Iterable, Sequence

import openpyxl

from suppliers.workbooks import COLUMN_KEYS


def header(labels: bool = True) -> list[str]:
    return [f"{key} (label)" if labels else key for key in COLUMN_KEYS]


def good_row(n: int, *, category: str = "logistics", **overrides: object) -> list[object]:
    from tests.factories import make_uscc

    values = {
        "name": f"测试供应商{n}有限公司",
        "name_en": f"Test Supplier {n} Ltd.",
        "country": "CN",
        "registration_code": make_uscc(100_000 + n),
        "category": category,
        "contact_name": "李雷",
        "contact_email": f"c{n}@test.example.com",
        "contact_phone": "13800000000",
    }
    values.update(overrides)
    return [values[key] for key in COLUMN_KEYS]


def workbook_bytes(
    rows: Iterable[Sequence[object]],
    *,
    head: Sequence[object] | None = None,
    write_only: bool = False,
) -> bytes:
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Suppliers") if write_only else workbook.active
    if not write_only:
        sheet.title = "Suppliers"
    sheet.append(list(head if head is not None else header()))
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
