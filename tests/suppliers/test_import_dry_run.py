"""Imports: the dry run, "completed with N errors", and the downloadable error report."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from suppliers import services
from suppliers.models import Supplier, SupplierImport
from suppliers.workbooks import COLUMN_KEYS, ImportErrorRow, write_import_error_report
from tests.factories import CategoryFactory, SupplierFactory, make_uscc
from tests.workbooks import good_row, workbook_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _categories(db):  # type: ignore[no-untyped-def]
    CategoryFactory(slug="logistics")


def _rows() -> list[list[object]]:
    return [
        good_row(1),
        good_row(2, registration_code=make_uscc(100_002)[:-1] + "0"),  # row 3: check character
        good_row(3, category="spaceships", contact_email="not-an-email"),  # row 4: two cells
        good_row(4, name='@HYPERLINK("http://evil.example","x")', country="XX"),  # row 5
        good_row(5, registration_code=make_uscc(100_001)),  # row 6: same as row 2
        good_row(6),
    ]


def _run(content: bytes, user, capture, *, is_dry_run: bool) -> SupplierImport:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("suppliers.xlsx", content, content_type=XLSX)
    with capture(execute=True):
        job = services.supplier_import_create(file=upload, created_by=user, is_dry_run=is_dry_run)
    job.refresh_from_db()
    return job


def _snapshot() -> list[tuple]:
    return list(Supplier.objects.order_by("pk").values_list("pk", "name", "contact_email"))


def test_dry_run_writes_nothing_and_reports_what_a_real_run_reports(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    existing = SupplierFactory(
        name="旧名称有限公司",
        country="CN",
        registration_code=make_uscc(100_006),  # row 7 would update it
        category=CategoryFactory(slug="media"),
    )
    before = _snapshot()
    history_before = Supplier.history.count()
    content = workbook_bytes(_rows())
    dry = _run(content, officer, django_capture_on_commit_callbacks, is_dry_run=True)

    assert dry.is_dry_run
    assert _snapshot() == before
    assert Supplier.history.count() == history_before
    assert dry.status == SupplierImport.Status.COMPLETED_WITH_ERRORS

    real = _run(content, officer, django_capture_on_commit_callbacks, is_dry_run=False)
    assert real.errors == dry.errors
    assert real.failed_rows == dry.failed_rows
    counts = ("status", "total_rows", "created", "updated", "unchanged", "failed")
    assert [getattr(dry, name) for name in counts] == [getattr(real, name) for name in counts]
    assert (real.created, real.updated, real.failed) == (1, 1, 4)
    existing.refresh_from_db()
    assert existing.name == "测试供应商6有限公司"


def test_dry_run_of_a_good_file_succeeds_and_counts_what_it_would_create(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(
        workbook_bytes([good_row(n) for n in range(3)]),
        officer,
        django_capture_on_commit_callbacks,
        is_dry_run=True,
    )
    assert (job.status, job.created, job.failed, job.errors) == ("succeeded", 3, 0, [])
    assert job.status_label == "Succeeded"
    assert Supplier.objects.count() == 0


def test_an_import_with_refused_rows_is_completed_with_errors_not_succeeded(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(
        workbook_bytes(_rows()), officer, django_capture_on_commit_callbacks, is_dry_run=False
    )
    assert job.status == SupplierImport.Status.COMPLETED_WITH_ERRORS
    assert job.is_finished and job.progress == 100
    assert job.status_label == "Completed with 4 errors"
    assert (job.created, job.failed) == (2, 4)
    job.failed = 1
    assert job.status_label == "Completed with 1 error"


def _report(content: bytes) -> list[list[str | None]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Errors"]
    return [[cell.value for cell in row] for row in workbook["Errors"].iter_rows()]


def test_error_report_has_each_refused_row_its_cells_and_its_problems(
    officer, officer_client: Client, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(
        workbook_bytes(_rows()), officer, django_capture_on_commit_callbacks, is_dry_run=False
    )
    response = officer_client.get(f"/suppliers/imports/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    rows = _report(response.content)
    assert rows[0][0] == "Row" and rows[0][-1] == "Problems"
    assert [str(value).split(" ")[0] for value in rows[0][1:-1]] == list(COLUMN_KEYS)
    assert [row[0] for row in rows[1:]] == ["3", "4", "5", "6"]  # text, in file order
    by_row = {
        row[0]: dict(zip(["row", *COLUMN_KEYS, "problems"], row, strict=True)) for row in rows[1:]
    }
    assert by_row["4"]["category"] == "spaceships"
    assert by_row["4"]["contact_email"] == "not-an-email"
    problems = by_row["4"]["problems"].splitlines()
    assert len(problems) == 2
    assert problems[0].startswith("Category: ") and "spaceships" in problems[0]
    assert problems[1].startswith("Contact email: ")
    assert "row 2" in by_row["6"]["problems"]
    assert by_row["3"]["registration_code"] == make_uscc(100_002)[:-1] + "0"


def test_error_report_cells_are_text_never_formulas(
    officer, officer_client: Client, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(
        workbook_bytes(_rows()), officer, django_capture_on_commit_callbacks, is_dry_run=False
    )
    content = officer_client.get(f"/suppliers/imports/{job.pk}/errors.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Errors"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    name = next(cell for cell in cells if str(cell.value).startswith("@HYPERLINK"))
    assert name.quotePrefix


def test_write_import_error_report_keeps_hostile_text_as_text() -> None:
    stream = io.BytesIO()
    values = {"name": '=HYPERLINK("http://evil.example")', "name_en": "+1-1", "country": "@A1"}
    rows = [ImportErrorRow(row=2, values=values, problems=[("name", "=1+1")])]
    write_import_error_report(stream=stream, rows=rows)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["Errors"]
    cells = [sheet["B2"], sheet["C2"], sheet["D2"], sheet["J2"]]
    assert [cell.value for cell in cells] == [*values.values(), "Legal name: =1+1"]
    assert [cell.data_type for cell in cells] == ["s"] * 4
    assert all(cell.quotePrefix for cell in cells[:3])


def test_error_report_via_api_and_permissions(
    officer, api, client: Client, supplier_member, celery_eager, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    job = _run(
        workbook_bytes(_rows()), officer, django_capture_on_commit_callbacks, is_dry_run=False
    )
    response = api.get(f"/api/v1/supplier-imports/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    assert len(_report(response.content)) == 5
    assert api.get("/api/v1/supplier-imports/999999/errors.xlsx").status_code == 404
    assert client.get(f"/suppliers/imports/{job.pk}/errors.xlsx").status_code == 302  # log in
    client.force_login(supplier_member)
    assert client.get(f"/suppliers/imports/{job.pk}/errors.xlsx").status_code in (403, 404)


def test_dry_run_through_the_api(api, celery_eager, django_capture_on_commit_callbacks) -> None:
    upload = SimpleUploadedFile("s.xlsx", workbook_bytes([good_row(1), good_row(2, country="XX")]))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/supplier-imports/", {"file": upload, "dry_run": "true"}, format="multipart"
        )
    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    detail = api.get(f"/api/v1/supplier-imports/{response.json()['id']}/").json()
    assert detail["dry_run"] is True
    assert (detail["status"], detail["created"], detail["failed"]) == (
        "completed_with_errors",
        1,
        1,
    )
    assert Supplier.objects.count() == 0


def test_dry_run_through_the_page_shows_status_and_report_link(
    officer_client: Client,
    celery_eager,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    form = officer_client.get("/suppliers/imports/").content.decode()
    assert 'name="dry_run"' in form
    upload = SimpleUploadedFile("s.xlsx", workbook_bytes(_rows()), content_type=XLSX)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post("/suppliers/imports/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 302
    job = SupplierImport.objects.get()
    assert job.is_dry_run and Supplier.objects.count() == 0
    with django_assert_max_num_queries(12):
        page = officer_client.get(response["Location"]).content.decode()
    assert 'data-status="completed_with_errors"' in page
    assert "Completed with 4 errors" in page
    assert 'data-testid="dry-run-note"' in page
    assert f"/suppliers/imports/{job.pk}/errors.xlsx" in page
    listing = officer_client.get("/suppliers/imports/").content.decode()
    assert "Completed with 4 errors" in listing and "Dry run" in listing
