"""Hostile uploads (issue 7): bombs, empty and limit-sized files, tricky names, odd workbooks.

Each gets a clear, specific error or is handled correctly, over HTTP as a client sends it, and
nothing is half-stored or half-imported.
"""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assessments.models import EvidenceDocument
from suppliers.models import Supplier, SupplierImport
from tests.factories import api_token, code_acknowledged
from tests.workbooks import good_row, header, workbook_bytes

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _supplier_api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _office_zip(marker: str, extra: dict[str, bytes] | None = None, count: int = 0) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for n in range(count):
            archive.writestr(f"padding/{n}.xml", "")
    return stream.getvalue()


def _post_evidence(setup, name: str, content: bytes):  # type: ignore[no-untyped-def]
    assessment = code_acknowledged(setup.mine)
    return _supplier_api(setup.user).post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {"question_code": "A1.3", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # 201 MB of zeros deflate to about 200 KB: a bomb that looks like a small workbook.
        (
            "report.xlsx",
            _office_zip("xl/workbook.xml", {"xl/big.xml": b"\x00" * (201 * 1024 * 1024)}),
            "unpacks to too much data",
        ),
        ("letter.docx", _office_zip("word/document.xml", count=2001), "unpacks to too much data"),
        ("empty.pdf", b"", "empty"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "damaged"),
        ("script.pdf", b"<script>alert(1)</script>", "none of them"),
    ],
    ids=["xlsx-bomb", "docx-entries-bomb", "zero-bytes", "broken-zip", "not-a-document"],
)
def test_hostile_evidence_is_refused_clearly_and_nothing_is_kept(
    setup, name, content, message
) -> None:
    response = _post_evidence(setup, name, content)
    assert response.status_code == 400, response.content
    body = response.json()  # the reason is the detail, or the file field's message
    assert message in body["detail"] or message in " ".join(body["fields"].get("file", []))
    assert not EvidenceDocument.objects.exists()


def test_evidence_at_the_limit_is_taken_and_one_byte_over_is_not(setup, settings) -> None:
    settings.EVIDENCE_MAX_BYTES = len(PNG)
    assert _post_evidence(setup, "at.png", PNG).status_code == 201
    over = _post_evidence(setup, "over.png", PNG + b"\x00")
    assert over.status_code == 400 and "limit" in over.json()["detail"]
    assert EvidenceDocument.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.png",
        "..\\..\\windows\\system32\\evil.png",
        "bell\x07and\x1b[31mescape.png",
        "invoice\u202egnp.exe",  # right-to-left override: shows as "invoiceexe.png"
        "ｆｕｌｌ／ｗｉｄｔｈ／．．／name.png",  # fullwidth slashes and dots (NFKC: ../)
    ],
)
def test_file_names_are_labels_only_never_paths(setup, name) -> None:
    response = _post_evidence(setup, name, PNG)
    assert response.status_code == 201, response.content
    document = EvidenceDocument.objects.get()
    label = document.original_name
    assert "/" not in label and "\\" not in label
    assert all(char.isprintable() for char in label)
    # The stored file is named by its hash, inside the private media folder.
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve() / "evidence")
    assert document.sha256[:24] in stored.name and stored.suffix == ".png"


# --- Supplier imports ---------------------------------------------------------------------


def _import(api, content: bytes):  # type: ignore[no-untyped-def]
    return api.post(
        "/api/v1/supplier-imports/",
        {"file": SimpleUploadedFile("suppliers.xlsx", content)},
        format="multipart",
    )


def test_an_import_of_100000_rows_is_refused_whole(api) -> None:
    content = workbook_bytes((good_row(n % 50) for n in range(100_000)), write_only=True)
    response = _import(api, content)
    assert response.status_code == 400
    # Its sheet unpacks to 55 MB: the archive check refuses it before anything is parsed.
    assert "unpacks to 54.8 MB; the limit is 40 MB" in response.json()["detail"]
    assert not SupplierImport.objects.exists() and not Supplier.objects.exists()


def test_formulas_in_cells_are_never_evaluated_or_imported_as_formulas(
    api, celery_eager, django_capture_on_commit_callbacks
) -> None:
    rows = [good_row(1), good_row(2, name='=HYPERLINK("http://evil.example","x")'),
            good_row(3, contact_name="=1+1")]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = _import(api, workbook_bytes(rows))
    assert response.status_code == 202
    job = SupplierImport.objects.get()
    # A formula has no value of its own (nothing computed it): the cell is reported as empty,
    # by row and column, and that row is not imported; no text starting with "=" is stored.
    assert job.created == 1 and job.failed == 2
    assert {(error["row"], error["column"]) for error in job.errors} == {
        (3, "name"),
        (4, "contact_name"),
    }
    assert not Supplier.objects.filter(name__startswith="=").exists()
    assert not Supplier.objects.filter(contact_name__startswith="=").exists()


def test_merged_header_cells_are_reported_not_guessed(
    api, celery_eager, django_capture_on_commit_callbacks
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Suppliers"
    sheet.append(header())
    sheet.append(good_row(1))
    sheet.merge_cells("A1:B1")  # "name" now spans the "name_en" header
    stream = io.BytesIO()
    workbook.save(stream)
    with django_capture_on_commit_callbacks(execute=True):
        response = _import(api, stream.getvalue())
    assert response.status_code == 202  # the worker reads the header
    job = SupplierImport.objects.get()
    assert job.status == SupplierImport.Status.FAILED
    assert "no header in column B (merged or empty header cells)" in job.failure_reason
    assert not Supplier.objects.exists()


def test_dates_and_numbers_typed_as_text_are_read_as_the_text_given(
    api, celery_eager, django_capture_on_commit_callbacks
) -> None:
    rows = [good_row(1, contact_phone="2026-01-31", name_en="0012")]
    with django_capture_on_commit_callbacks(execute=True):
        _import(api, workbook_bytes(rows))
    supplier = Supplier.objects.get()
    assert (supplier.contact_phone, supplier.name_en) == ("2026-01-31", "0012")
