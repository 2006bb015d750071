import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.errors import SpendImportFileError
from assessments.spend import services
from assessments.spend.models import ExchangeRate, SpendImport, SpendLine
from assessments.spend.workbooks import COLUMN_KEYS, write_spend_template
from tests.assessments.spend.helpers import header, line, run_import, upload, workbook_bytes
from tests.factories import SupplierFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


@pytest.fixture
def supplier():  # type: ignore[no-untyped-def]
    return SupplierFactory()


def _errors(job: SpendImport) -> list[tuple[str, int, str]]:
    return [(error["sheet"], error["row"], error["column"]) for error in job.errors]


def test_good_file_creates_every_line(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    other = SupplierFactory()
    rows = [line(supplier, "PO-1"), line(supplier, "PO-2", amount=250.5), line(other, "PO-1")]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == SpendImport.Status.SUCCEEDED, job.failure_reason
    assert (job.total_rows, job.created, job.updated, job.unchanged, job.failed) == (3, 3, 0, 0, 0)
    saved = SpendLine.objects.get(supplier=supplier, line_reference="PO-2")
    assert (saved.period, saved.amount, saved.currency) == (2025, Decimal("250.50"), "CNY")
    assert (saved.rate_to_cny, saved.amount_cny) == (Decimal(1), Decimal("250.50"))
    assert (saved.category, saved.description) == ("packaging", "Cartons")


def test_reimport_is_unchanged_and_a_changed_amount_updates_the_line(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    rows = [line(supplier, "PO-1"), line(supplier, "PO-2")]
    run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    again = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert (again.status, again.created, again.updated, again.unchanged) == ("succeeded", 0, 0, 2)

    rows[1] = line(supplier, "PO-2", amount="1200.00")
    changed = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert SpendLine.objects.count() == 2
    updated = SpendLine.objects.get(line_reference="PO-2")
    assert (updated.amount, updated.amount_cny) == (Decimal("1200.00"), Decimal("1200.00"))


def test_same_reference_in_another_period_is_another_line(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    rows = [line(supplier, "PO-1", period=2024), line(supplier, "PO-1", period=2025)]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert (job.status, job.created) == ("succeeded", 2)


def test_bad_rows_are_named_by_sheet_row_and_column_and_nothing_is_imported(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    rows = [
        line(supplier, "PO-1"),  # row 2: good
        line(supplier, "PO-2", registration_code="91330100MA9999999X"),  # row 3
        line(supplier, "PO-3", amount="12.345"),  # row 4
        line(supplier, "PO-4", amount="-5"),  # row 5
        line(supplier, "PO-5", period="FY25"),  # row 6
        line(supplier, "PO-1"),  # row 7: same key as row 2
        line(supplier, "PO-6", amount="1,000.00", currency="US"),  # row 8: two cells
        line(supplier, ""),  # row 9
    ]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == SpendImport.Status.FAILED
    assert _errors(job) == [
        ("Spend", 3, "registration_code"),
        ("Spend", 4, "amount"),
        ("Spend", 5, "amount"),
        ("Spend", 6, "period"),
        ("Spend", 7, "line_reference"),
        ("Spend", 8, "amount"),
        ("Spend", 8, "currency"),
        ("Spend", 9, "line_reference"),
    ]
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert (
        "No supplier with registration code 91330100MA9999999X"
        in messages[(3, "registration_code")]
    )
    assert "more than 2 decimals" in messages[(4, "amount")]
    assert "row 2" in messages[(7, "line_reference")]
    assert "FY25" in messages[(6, "period")]
    assert (job.failed, job.total_rows, job.created) == (7, 8, 0)
    assert "nothing was imported" in job.failure_reason
    # The good row 2 was not written either: all or nothing.
    assert not SpendLine.objects.exists()


def test_a_refused_file_leaves_lines_already_there_untouched(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    run_import(
        workbook_bytes([line(supplier, "PO-1")]), officer, django_capture_on_commit_callbacks
    )
    rows = [line(supplier, "PO-1", amount="99.00"), line(supplier, "PO-2", amount="x")]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert SpendLine.objects.get().amount == Decimal("1000.00")


def test_missing_required_column_is_named_in_the_header_row(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    head = [key for key in header() if not key.startswith("amount")]
    rows = [[value for key, value in zip(header(), line(supplier), strict=True) if key in head]]
    job = run_import(workbook_bytes(rows, head=head), officer, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert _errors(job) == [("Spend", 1, "amount")]
    assert "amount is missing" in job.errors[0]["message"]
    assert not SpendLine.objects.exists()


def test_optional_columns_may_be_left_out_and_currency_defaults_to_cny(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    head = ["registration_code", "country", "period", "amount", "line_reference"]
    rows = [[supplier.registration_code.lower(), "cn", 2025, 10, "L-1"]]
    job = run_import(workbook_bytes(rows, head=head), officer, django_capture_on_commit_callbacks)
    assert job.status == "succeeded", job.errors
    saved = SpendLine.objects.get()
    assert (saved.currency, saved.amount_cny, saved.category) == ("CNY", Decimal("10.00"), "")


def test_usd_line_without_a_rate_is_refused_with_the_currency_and_period(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    rows = [line(supplier, "PO-1", currency="usd")]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert _errors(job) == [("Spend", 2, "currency")]
    assert job.errors[0]["message"] == (
        "No exchange rate for USD in period 2025: an admin adds it under Exchange rates."
    )
    assert not SpendLine.objects.exists()


def test_usd_line_with_a_rate_keeps_the_rate_and_converts_to_cny(
    officer, procurement_admin, supplier, django_capture_on_commit_callbacks
) -> None:
    ExchangeRate.objects.create(
        period=2025, currency="USD", rate_to_cny=Decimal("7.12345678"), source="PBOC"
    )
    ExchangeRate.objects.create(period=2024, currency="USD", rate_to_cny=Decimal("6"), source="x")
    rows = [line(supplier, "PO-1", currency="USD", amount="1234.56")]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == "succeeded", job.errors
    saved = SpendLine.objects.get()
    assert saved.rate_to_cny == Decimal("7.12345678")
    # By hand: 1234.56 x 7 = 8641.92; 1234.56 x 0.12345678 = 152.4148023168;
    # together 8794.3348023168, to the cent 8794.33.
    assert saved.amount_cny == Decimal("8794.33")


def test_rounding_to_the_cent_is_half_up(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    ExchangeRate.objects.create(period=2025, currency="EUR", rate_to_cny=Decimal("0.5"), source="x")
    rows = [line(supplier, "PO-1", currency="EUR", amount="0.01")]
    run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    # 0.01 x 0.5 = 0.005: half up gives 0.01 (banker's rounding would give 0.00).
    assert SpendLine.objects.get().amount_cny == Decimal("0.01")


def test_a_changed_rate_applies_when_the_line_is_imported_again(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    rate = ExchangeRate.objects.create(
        period=2025, currency="USD", rate_to_cny=Decimal("7"), source="x"
    )
    content = workbook_bytes([line(supplier, "PO-1", currency="USD", amount="100")])
    run_import(content, officer, django_capture_on_commit_callbacks)
    rate.rate_to_cny = Decimal("7.2")
    rate.save()
    assert SpendLine.objects.get().amount_cny == Decimal("700.00")  # keeps the rate it used
    job = run_import(content, officer, django_capture_on_commit_callbacks)
    assert (job.updated, job.unchanged) == (1, 0)
    assert SpendLine.objects.get().amount_cny == Decimal("720.00")


def test_another_sheet_name_is_named_in_the_errors(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    content = workbook_bytes([line(supplier, amount="abc")], title="Ledger 2025")
    job = run_import(content, officer, django_capture_on_commit_callbacks)
    assert _errors(job) == [("Ledger 2025", 2, "amount")]


def test_damaged_file_is_refused_at_upload_with_a_clear_message(officer) -> None:
    with pytest.raises(SpendImportFileError, match="not a valid Excel workbook"):
        services.spend_import_create(file=upload(b"PK\x03\x04 not really"), created_by=officer)
    with pytest.raises(SpendImportFileError, match="empty"):
        services.spend_import_create(file=upload(b""), created_by=officer)


def test_a_workbook_damaged_inside_fails_the_job_with_a_reason(
    officer, django_capture_on_commit_callbacks
) -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<not-closed")
    job = run_import(stream.getvalue(), officer, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert "Excel workbook" in job.failure_reason or "could not be read" in job.failure_reason
    assert not SpendLine.objects.exists()


def test_too_large_a_file_is_refused(officer, settings) -> None:
    settings.SPEND_IMPORT_MAX_BYTES = 100
    with pytest.raises(SpendImportFileError, match="limit"):
        services.spend_import_create(
            file=SimpleUploadedFile("big.xlsx", b"x" * 101), created_by=officer
        )


def test_more_rows_than_the_cap_fail_without_writing(
    officer, supplier, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SPEND_IMPORT_MAX_ROWS = 3
    rows = [line(supplier, f"PO-{n}") for n in range(4)]
    job = run_import(workbook_bytes(rows), officer, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert "more than 3 rows" in job.failure_reason
    assert not SpendLine.objects.exists()


def test_template_imports_cleanly_and_its_example_row_too(
    officer, django_capture_on_commit_callbacks
) -> None:
    stream = io.BytesIO()
    write_spend_template(stream=stream)
    job = run_import(stream.getvalue(), officer, django_capture_on_commit_callbacks)
    assert (job.status, job.total_rows, job.errors) == ("succeeded", 0, [])

    # The example row of the Instructions sheet, copied to the Spend sheet, is a good line.
    workbook = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    instructions = list(workbook["Instructions"].iter_rows(values_only=True))
    keys_row = instructions.index(tuple(COLUMN_KEYS))
    example = dict(zip(COLUMN_KEYS, instructions[keys_row + 1], strict=True))
    SupplierFactory(registration_code=example["registration_code"], country=example["country"])
    workbook["Spend"].append(list(example.values()))
    filled = io.BytesIO()
    workbook.save(filled)
    job = run_import(filled.getvalue(), officer, django_capture_on_commit_callbacks)
    assert (job.status, job.created) == ("succeeded", 1), job.errors


def test_lost_worker_run_again_finishes_the_import(
    officer, supplier, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        job = services.spend_import_create(
            file=upload(workbook_bytes([line(supplier)])), created_by=officer
        )
    SpendImport.objects.filter(pk=job.pk).update(
        status="running",
        run_id="lost",
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.spend_imports_recover()
    assert counts == {"restarted": 1, "failed": 0}
    job.refresh_from_db()
    assert (job.status, job.created) == ("succeeded", 1)
