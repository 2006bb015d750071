"""Import bombs (issue 14): a supplier workbook or a questionnaire definition that unpacks to far
more than it weighs, or floods a sheet with rows and cells, is refused before any parser runs,
with a message naming the sheet, row and column; the web request never parses a supplier file.

The hostile files are written entry by entry with streaming writes, so that a test holds its
compressed size in memory, never what it unpacks to.
"""

from __future__ import annotations

import io
import secrets
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.questionnaires.workbooks import write_definition_workbook
from core.spreadsheets import column_letter
from suppliers import services
from suppliers.errors import ImportFileError
from suppliers.models import Supplier, SupplierImport
from suppliers.workbooks import read_supplier_rows
from tests.assessments.definitions import small_definition
from tests.factories import api_token
from tests.workbooks import good_row, header, workbook_bytes

pytestmark = pytest.mark.django_db

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
Writer = Callable[[IO[bytes]], None]


@pytest.fixture
def no_openpyxl(monkeypatch):  # type: ignore[no-untyped-def]
    """openpyxl may not open a workbook in this test: the refusal must come before it."""
    calls: list[object] = []

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        raise AssertionError("openpyxl.load_workbook was called")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    return calls


def _rebuilt(content: bytes, path: Path, parts: dict[str, Writer]) -> bytes:
    """`content` with `parts` (name: writer) replacing or added, streamed into a file at `path`."""
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item.filename, source.read(item.filename))
        for name, write in parts.items():
            with target.open(name, "w", force_zip64=True) as sink:
                write(sink)
    return path.read_bytes()


def _strings_bomb(megabytes: int) -> Writer:
    def write(sink: IO[bytes]) -> None:
        sink.write(b'<?xml version="1.0"?><sst ' + MAIN + b' count="1" uniqueCount="1"><si><t>')
        block = b"A" * (1024 * 1024)
        for _ in range(megabytes):
            sink.write(block)
        sink.write(b"</t></si></sst>")

    return write


def _inline(value: object, reference: str = "") -> bytes:
    at = f' r="{reference}"'.encode() if reference else b""
    return b"<c" + at + b' t="inlineStr"><is><t>' + str(value).encode() + b"</t></is></c>"


def _sheet(first_row: Iterable[object], body: Callable[[IO[bytes]], None]) -> Writer:
    """A worksheet: the given header row, then whatever `body` writes into sheetData."""

    def write(sink: IO[bytes]) -> None:
        sink.write(b'<?xml version="1.0"?><worksheet ' + MAIN + b"><sheetData>")
        cells = b"".join(
            _inline(value, f"{column_letter(n)}1") for n, value in enumerate(first_row, start=1)
        )
        sink.write(b'<row r="1">' + cells + b"</row>")
        body(sink)
        sink.write(b"</sheetData></worksheet>")

    return write


def _wide_row(thousands: int) -> Writer:
    """One row of many cells without references: openpyxl would build them all at once.

    Their values differ, so that the sheet compresses like data, not like a bomb."""

    def write(sink: IO[bytes]) -> None:
        sink.write(b'<row r="2">')
        for _ in range(thousands):
            sink.write(b"".join(_inline(secrets.token_hex(4)) for _ in range(1000)))
        sink.write(b"</row>")

    return write


def _far_cell(sink: IO[bytes]) -> None:
    """One cell at Excel's last column: every row read would be 16,384 cells wide."""
    sink.write(b'<row r="2">' + _inline("x", "XFD2") + b"</row>")


def _many_rows(sink: IO[bytes]) -> None:
    for n in range(2, 200):
        sink.write(
            f'<row r="{n}">'.encode() + b"".join(_inline(v) for v in good_row(n)) + b"</row>"
        )


def _empty_rows(sink: IO[bytes]) -> None:
    for _ in range(11):
        sink.write(b"<row/>" * 1000)


def _stray_elements(sink: IO[bytes]) -> None:
    """Elements openpyxl does not know: it keeps every one of them in memory."""
    for _ in range(250):
        sink.write(b"<x/>" * 1000)


SUPPLIER_SHEET = "xl/worksheets/sheet1.xml"


def _supplier_import(content: bytes, officer, django_capture_on_commit_callbacks) -> SupplierImport:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.supplier_import_create(
            file=SimpleUploadedFile("suppliers.xlsx", content), created_by=officer
        )
    job.refresh_from_db()
    return job


def test_shared_strings_bomb_is_refused_before_parsing(
    officer_client, no_openpyxl, tmp_path, settings
) -> None:
    """200 MB of shared strings in a 0.2 MB upload: refused on the zip's directory alone."""
    content = _rebuilt(
        workbook_bytes([good_row(1)]),
        tmp_path / "bomb.xlsx",
        {"xl/sharedStrings.xml": _strings_bomb(200)},
    )
    assert len(content) < 1024 * 1024
    tracemalloc.start()
    try:
        response = officer_client.post(
            reverse("suppliers:import"), {"file": SimpleUploadedFile("bomb.xlsx", content)}
        )
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    message = str(response.context["form"].errors["file"])
    assert "Part xl/sharedStrings.xml of this workbook unpacks to 200 MB" in message
    assert not SupplierImport.objects.exists()
    assert not no_openpyxl
    assert peak < 20 * 1024 * 1024, f"the request held {peak / 1024 / 1024:.0f} MB"

    # A file stored before the limits (or with a looser entry limit) is refused by the
    # worker's reader on the same check: the whole archive may unpack to 50 MB at most.
    settings.IMPORT_ARCHIVE_MAX_ENTRY_BYTES = 500 * 1024 * 1024
    settings.IMPORT_ARCHIVE_MAX_RATIO = 10_000
    with pytest.raises(ImportFileError, match="This workbook unpacks to 200 MB; the limit is 50"):
        read_supplier_rows(stream=io.BytesIO(content), max_rows=10)
    assert not no_openpyxl


def test_a_bomb_compressed_beyond_the_ratio_is_refused(officer, no_openpyxl, tmp_path) -> None:
    content = _rebuilt(
        workbook_bytes([good_row(1)]), tmp_path / "ratio.xlsx", {"xl/extra.xml": _strings_bomb(5)}
    )
    with pytest.raises(ImportFileError, match=r"compressed [0-9,]+ to 1; more than 200 to 1"):
        services.supplier_import_create(
            file=SimpleUploadedFile("s.xlsx", content), created_by=officer
        )


def test_an_entry_that_lies_about_its_size_unpacks_no_more() -> None:
    """The directory's sizes bound what zipfile (and so openpyxl) unpacks: a lie fails the CRC."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"A" * 5_000_000)
    data = bytearray(stream.getvalue())
    directory = data.rfind(b"PK\x01\x02")
    data[22:26] = (100).to_bytes(4, "little")  # the local header's uncompressed size
    data[directory + 24 : directory + 28] = (100).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.infolist()[0].file_size == 100
        entry = archive.open("xl/sharedStrings.xml")
        with entry, pytest.raises(zipfile.BadZipFile, match="CRC"):
            while entry.read(65536):
                pass


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_wide_row(200), "Sheet Suppliers, row 2, column AY: more than 50 columns"),
        (_far_cell, "Sheet Suppliers, row 2, column XFD: more than 50 columns"),
        (_many_rows, "Sheet Suppliers, row 102: more than 100 rows; split the file"),
        (_empty_rows, "Sheet Suppliers, row 10,203: more than 10,202 rows, counting the empty"),
        (_stray_elements, "Part Suppliers of this workbook holds more than 200,000 elements"),
    ],
    ids=["one-row-of-200000-cells", "a-cell-at-column-XFD", "rows", "empty-rows", "stray-xml"],
)
def test_inline_cell_flood_is_bounded(
    officer,
    settings,
    tmp_path,
    no_openpyxl,
    celery_eager,
    django_capture_on_commit_callbacks,
    body,
    message,
) -> None:
    """Cells and rows written inline, far beyond the limits: the worker stops at the first one
    over, names it, and openpyxl never reads the sheet."""
    settings.SUPPLIER_IMPORT_MAX_ROWS = 100
    content = _rebuilt(
        workbook_bytes([good_row(1)]),
        tmp_path / "flood.xlsx",
        {SUPPLIER_SHEET: _sheet(header(), body)},
    )
    job = _supplier_import(content, officer, django_capture_on_commit_callbacks)
    assert job.status == SupplierImport.Status.FAILED
    assert message in job.failure_reason
    assert not no_openpyxl
    assert not Supplier.objects.exists()


def test_rows_and_columns_at_the_limits_are_imported(
    officer, settings, tmp_path, celery_eager, django_capture_on_commit_callbacks
) -> None:
    settings.SUPPLIER_IMPORT_MAX_ROWS = 3
    settings.IMPORT_MAX_COLUMNS = len(header())
    content = workbook_bytes([good_row(n) for n in range(3)])
    job = _supplier_import(content, officer, django_capture_on_commit_callbacks)
    assert (job.status, job.created) == (SupplierImport.Status.SUCCEEDED, 3)


def test_supplier_import_is_parsed_only_in_the_worker(
    officer_client, api, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The page and the API store the file after the archive check and queue the worker; only
    the worker reads the rows, and the import's page shows where it is."""
    import core.spreadsheets

    called: list[str] = []

    def refuse(name: str) -> Callable[..., object]:
        def parser(*args, **kwargs):  # type: ignore[no-untyped-def]
            called.append(name)
            raise AssertionError(f"{name} ran in the web request")

        return parser

    monkeypatch.setattr(openpyxl, "load_workbook", refuse("openpyxl"))
    monkeypatch.setattr(services, "read_supplier_rows", refuse("read_supplier_rows"))
    # The supplier reader scans the workbook through core's opener (import_workbook_open).
    monkeypatch.setattr(core.spreadsheets, "workbook_check", refuse("workbook_check"))
    content = workbook_bytes([good_row(1), good_row(2)])
    with django_capture_on_commit_callbacks() as queued:
        page = officer_client.post(
            reverse("suppliers:import"), {"file": SimpleUploadedFile("a.xlsx", content)}
        )
        posted = api.post(
            "/api/v1/supplier-imports/",
            {"file": SimpleUploadedFile("b.xlsx", content)},
            format="multipart",
        )
    assert page.status_code == 302 and posted.status_code == 202, posted.content
    assert called == []
    assert len(queued) == 2  # one worker task each, after commit
    jobs = list(SupplierImport.objects.order_by("pk"))
    assert [(job.status, job.total_rows) for job in jobs] == [("pending", 0), ("pending", 0)]
    assert all(job.file and job.sha256 for job in jobs)
    waiting = officer_client.get(page.url).content.decode()
    assert 'data-testid="import-reading"' in waiting

    monkeypatch.undo()  # the worker's turn
    job = services.supplier_import_run(import_id=jobs[0].pk)
    assert (job.status, job.total_rows, job.created) == ("succeeded", 2, 2)
    done = officer_client.get(page.url).content.decode()
    assert 'data-status="succeeded"' in done and 'data-testid="import-reading"' not in done


# --- Questionnaire definitions -------------------------------------------------------------


@pytest.fixture
def admin_api(procurement_admin):  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(procurement_admin)}")
    return client


def _definition_xlsx() -> bytes:
    stream = io.BytesIO()
    write_definition_workbook(definition=small_definition(), stream=stream)
    return stream.getvalue()


def _import_definition(admin_api, content: bytes):  # type: ignore[no-untyped-def]
    return admin_api.post(
        "/api/v1/questionnaire-versions/import/",
        {"file": SimpleUploadedFile("q.xlsx", content)},
        format="multipart",
    )


QUESTIONS_SHEET = "xl/worksheets/sheet3.xml"  # settings, areas, questions, choices, columns


def test_definition_import_bomb_is_refused(admin_api, no_openpyxl, tmp_path) -> None:
    content = _rebuilt(
        _definition_xlsx(), tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": _strings_bomb(200)}
    )
    tracemalloc.start()
    try:
        response = _import_definition(admin_api, content)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_definition"
    [error] = body["errors"]
    assert (error["sheet"], error["row"]) == ("file", None)
    assert "Part xl/sharedStrings.xml of this workbook unpacks to 200 MB" in error["message"]
    assert not no_openpyxl
    assert peak < 20 * 1024 * 1024, f"the request held {peak / 1024 / 1024:.0f} MB"


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (_wide_row(60), ("questions", 2, "AY"), "more than 50 columns"),
        (_far_cell, ("questions", 2, "XFD"), "more than 50 columns"),
        (_many_rows, ("questions", 102, ""), "more than 100 rows"),
    ],
    ids=["one-row-of-60000-cells", "a-cell-at-column-XFD", "rows"],
)
def test_definition_import_flood_is_refused_naming_sheet_row_and_column(
    admin_api, no_openpyxl, tmp_path, settings, body, where, message
) -> None:
    """The definition import stays in the request because it is bounded this tightly: 5 MB
    unpacked, DEFINITION_IMPORT_MAX_ROWS rows a sheet, IMPORT_MAX_COLUMNS cells a row."""
    settings.DEFINITION_IMPORT_MAX_ROWS = 100
    content = _rebuilt(
        _definition_xlsx(), tmp_path / "flood.xlsx", {QUESTIONS_SHEET: _sheet(["code"], body)}
    )
    response = _import_definition(admin_api, content)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["sheet"], error["row"], error["column"]) == where
    assert message in error["message"]
    assert not no_openpyxl


def test_definition_over_its_unpacked_limit_is_refused(admin_api, no_openpyxl, tmp_path) -> None:
    def padding(sink: IO[bytes]) -> None:  # 6 MB of text that does not compress much
        sink.write(b"<x>")
        for _ in range(6):
            sink.write(secrets.token_hex(512 * 1024).encode())
        sink.write(b"</x>")

    content = _rebuilt(_definition_xlsx(), tmp_path / "big.xlsx", {"xl/extra.xml": padding})
    response = _import_definition(admin_api, content)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert "This workbook unpacks to 6" in error["message"]
    assert "MB; the limit is 5 MB" in error["message"]
    assert not no_openpyxl
