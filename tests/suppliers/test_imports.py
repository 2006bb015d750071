import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import services
from suppliers.errors import ImportFileError
from suppliers.models import Supplier, SupplierImport
from suppliers.workbooks import COLUMN_KEYS, read_supplier_rows
from tests.factories import SupplierFactory, make_uscc
from tests.workbooks import good_row, header, workbook_bytes

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "suppliers.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _run(content: bytes, user, django_capture_on_commit_callbacks) -> SupplierImport:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.supplier_import_create(file=_upload(content), created_by=user)
    job.refresh_from_db()
    return job


def test_good_file_creates_every_supplier(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(
        workbook_bytes([good_row(n) for n in range(5)]), officer, django_capture_on_commit_callbacks
    )
    assert job.status == SupplierImport.Status.SUCCEEDED
    assert (job.total_rows, job.created, job.updated, job.unchanged, job.failed) == (5, 5, 0, 0, 0)
    assert job.errors == []
    supplier = Supplier.objects.get(registration_code=make_uscc(100_000))
    assert supplier.name == "测试供应商0有限公司"
    assert supplier.region == "mainland_china"
    assert supplier.category.slug == "logistics"
    assert supplier.created_by == officer
    assert supplier.history.count() == 1


def test_each_bad_cell_is_reported_with_row_and_column_and_good_rows_still_import(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    rows = [
        good_row(1),
        good_row(2, registration_code=make_uscc(100_002)[:-1] + "0"),  # row 3: check character
        good_row(3, category="spaceships", contact_email="not-an-email"),  # row 4: two cells
        good_row(4),
        good_row(5, country="XX"),  # row 6
        good_row(6, name=""),  # row 7
        good_row(7, registration_code=make_uscc(100_001)),  # row 8: same as row 2
    ]
    job = _run(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == SupplierImport.Status.COMPLETED_WITH_ERRORS
    assert (job.created, job.failed) == (2, 5)
    located = [(error["row"], error["column"]) for error in job.errors]
    assert located == [
        (3, "registration_code"),
        (4, "category"),
        (4, "contact_email"),
        (6, "country"),
        (7, "name"),
        (8, "registration_code"),
    ]
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "check character" in messages[(3, "registration_code")]
    assert "spaceships" in messages[(4, "category")]
    assert "row 2" in messages[(8, "registration_code")]
    assert Supplier.objects.count() == 2


def test_running_the_same_file_twice_changes_nothing_the_second_time(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    content = workbook_bytes([good_row(n) for n in range(4)])
    first = _run(content, officer, django_capture_on_commit_callbacks)
    snapshot = list(Supplier.objects.order_by("pk").values())
    history_rows = Supplier.history.count()
    second = _run(content, officer, django_capture_on_commit_callbacks)
    assert (first.created, first.unchanged) == (4, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert list(Supplier.objects.order_by("pk").values()) == snapshot
    assert Supplier.history.count() == history_rows


def test_existing_supplier_matched_on_country_and_code_is_updated_with_history(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    supplier = SupplierFactory(registration_code=make_uscc(100_001), contact_email="old@x.com")
    job = _run(
        workbook_bytes([good_row(1, contact_email="new@x.com"), good_row(2)]),
        officer,
        django_capture_on_commit_callbacks,
    )
    assert (job.created, job.updated) == (1, 1)
    supplier.refresh_from_db()
    assert supplier.contact_email == "new@x.com"
    latest = supplier.history.latest()
    assert latest.history_user == officer
    assert latest.prev_record.contact_email == "old@x.com"


def test_numbers_typed_as_numbers_are_read_as_text(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(
        workbook_bytes([good_row(1, country="DE", registration_code=12345, contact_phone=8613800)]),
        officer,
        django_capture_on_commit_callbacks,
    )
    assert job.created == 1, job.errors
    supplier = Supplier.objects.get()
    assert (supplier.registration_code, supplier.contact_phone) == ("12345", "8613800")


def test_headers_may_be_bare_keys_and_blank_rows_are_skipped(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    content = workbook_bytes([good_row(1), [None] * 8, good_row(2, name="x")], head=header(False))
    job = _run(content, officer, django_capture_on_commit_callbacks)
    assert (job.total_rows, job.created) == (2, 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a workbook", "not a valid Excel workbook"),
        (b"", "empty"),
    ],
    ids=["not-xlsx", "empty"],
)
def test_malformed_files_are_refused_with_a_clear_message(officer, content, message) -> None:
    with pytest.raises(ImportFileError) as excinfo:
        services.supplier_import_create(file=_upload(content), created_by=officer)
    assert message in excinfo.value.message
    assert SupplierImport.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (workbook_bytes([good_row(1)], head=["name", "country", "colour"]), "missing columns"),
        (workbook_bytes([good_row(1)], head=[*header(), "colour"]), "unknown columns: colour"),
        (workbook_bytes([good_row(1)], head=[*header()[:-1], "name"]), "repeated columns: name"),
    ],
    ids=["missing-headers", "unknown-header", "repeated-header"],
)
def test_wrong_headers_fail_the_import_with_a_clear_message(
    officer, content, message, celery_eager, django_capture_on_commit_callbacks
) -> None:
    """The header is read by the worker (the web request parses nothing): the job fails."""
    job = _run(content, officer, django_capture_on_commit_callbacks)
    assert job.status == SupplierImport.Status.FAILED
    assert message in job.failure_reason
    assert Supplier.objects.count() == 0


def test_zip_that_is_not_a_workbook_is_refused(officer) -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError, match="not a valid Excel workbook"):
        services.supplier_import_create(file=_upload(stream.getvalue()), created_by=officer)


def test_file_over_the_size_limit_is_refused(officer, settings) -> None:
    settings.SUPPLIER_IMPORT_MAX_BYTES = 1024
    content = workbook_bytes([good_row(n) for n in range(50)])
    assert len(content) > 1024
    with pytest.raises(ImportFileError, match="the limit is"):
        services.supplier_import_create(file=_upload(content), created_by=officer)


def test_more_than_50000_rows_is_refused(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    row = good_row(1)
    content = workbook_bytes((row for _ in range(50_001)), write_only=True)
    job = _run(content, officer, django_capture_on_commit_callbacks)
    assert job.status == SupplierImport.Status.FAILED
    assert "Sheet Suppliers, row 50,002: more than 50,000 rows" in job.failure_reason
    assert Supplier.objects.count() == 0


def test_declared_dimensions_are_not_trusted() -> None:
    content = workbook_bytes([good_row(1)])
    patched = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:H2"/>', b'<dimension ref="A1:H1048576"/>')
                assert b"A1:H1048576" in data
            target.writestr(item, data)
    patched.seek(0)
    sheet = read_supplier_rows(stream=patched, max_rows=10)
    assert [row.row for row in sheet.rows] == [2]


def test_xml_entity_expansion_is_refused() -> None:
    content = workbook_bytes([good_row(1)])
    bomb = io.BytesIO()
    entities = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = entities + body.replace(b"Test Supplier 1 Ltd.", b"&lol2;")
                assert b"&lol2;" in data
            target.writestr(item, data)
    bomb.seek(0)
    with pytest.raises(ImportFileError):
        read_supplier_rows(stream=bomb, max_rows=10)


def test_import_messages_use_the_uploaders_language(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        job = _run(
            workbook_bytes([good_row(1, category="spaceships")]),
            officer,
            django_capture_on_commit_callbacks,
        )
    assert job.language == "zh-hans"
    assert job.errors[0]["column"] == "category"


def test_template_round_trips_through_the_reader(api) -> None:
    response = api.get("/api/v1/supplier-imports/template.xlsx")
    assert response.status_code == 200
    sheet = read_supplier_rows(stream=io.BytesIO(response.content), max_rows=10)
    assert sheet.rows == []


def test_purge_deletes_old_files_but_keeps_results(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(workbook_bytes([good_row(1)]), officer, django_capture_on_commit_callbacks)
    path = job.file.path
    assert services.supplier_imports_purge_files(older_than_days=1) == 0
    assert services.supplier_imports_purge_files(older_than_days=-1) == 1
    job.refresh_from_db()
    assert not job.file
    assert job.created == 1
    import os

    assert not os.path.exists(path)


def test_rerun_of_a_finished_import_is_a_no_op(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    job = _run(workbook_bytes([good_row(1)]), officer, django_capture_on_commit_callbacks)
    again = services.supplier_import_run(import_id=job.pk)
    assert again.created == 1
    assert Supplier.objects.count() == 1


def test_columns_are_the_contract() -> None:
    assert COLUMN_KEYS == (
        "name",
        "name_en",
        "country",
        "registration_code",
        "category",
        "contact_name",
        "contact_email",
        "contact_phone",
    )


def test_a_chunk_retried_row_by_row_is_counted_once(
    officer, monkeypatch, celery_eager, django_capture_on_commit_callbacks
) -> None:
    """A chunk that fails on a code registered meanwhile (another run, another user) is
    retried row by row; the rows of the failed attempt, rolled back, are not counted."""
    from django.db import IntegrityError

    real = services._import_chunk
    calls = []

    def first_chunk_collides(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(kwargs["chunk"]))
        real(**kwargs)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "_import_chunk", first_chunk_collides)
    job = _run(workbook_bytes([good_row(n) for n in range(5)]), officer,
               django_capture_on_commit_callbacks)  # fmt: skip
    assert calls == [5, 1, 1, 1, 1, 1]
    assert (job.created, job.unchanged, job.failed) == (5, 0, 0)
    assert Supplier.objects.count() == 5
