"""Imports through a real Celery worker, and concurrent writes from web and worker processes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from suppliers import services
from suppliers.models import Category, Supplier, SupplierImport
from tests.integration.conftest import wait_for
from tests.workbooks import good_row, workbook_bytes

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _finished(*ids: int):  # type: ignore[no-untyped-def]
    def check() -> bool:
        return SupplierImport.objects.filter(
            pk__in=ids, status__in=["succeeded", "completed_with_errors", "failed"]
        ).count() == len(ids)

    return check


def test_import_is_processed_by_a_real_worker(celery_worker_process, api) -> None:
    content = workbook_bytes([good_row(n) for n in range(20)] + [good_row(99, country="??")])
    response = api.post(
        "/api/v1/supplier-imports/",
        {"file": SimpleUploadedFile("w.xlsx", content)},
        format="multipart",
    )
    assert response.status_code == 202
    job_id = response.json()["id"]
    wait_for(_finished(job_id), timeout=60, worker=celery_worker_process, what="the import")
    detail = api.get(f"/api/v1/supplier-imports/{job_id}/").json()
    assert detail["status"] == "completed_with_errors", detail  # one row refused
    assert (detail["created"], detail["failed"]) == (20, 1)
    assert detail["errors"][0]["row"] == 22
    assert Supplier.objects.count() == 20
    assert "supplier_import_run_task[" in celery_worker_process.output()


def test_web_and_worker_processes_write_at_once_without_lock_errors(
    celery_worker_process, officer
) -> None:
    """Four imports on two worker processes while this process (the web side) keeps writing.

    On SQLite this is what WAL, IMMEDIATE transactions and the busy timeout are for: without
    them, read-then-write transactions fail at once with "database is locked".
    """
    files = [workbook_bytes([good_row(1000 * k + n) for n in range(300)]) for k in range(4)]
    jobs = [
        services.supplier_import_create(
            file=SimpleUploadedFile(f"part{k}.xlsx", content), created_by=officer
        )
        for k, content in enumerate(files)
    ]
    finished = _finished(*[job.pk for job in jobs])
    category = Category.objects.get(slug="media")
    lock_errors: list[str] = []
    writes = 0
    while writes < 100 or not finished():
        try:
            supplier = services.supplier_create(
                created_by=officer,
                name=f"Web Supplier {writes}",
                country="DE",
                registration_code=f"WEB-{writes}",
                category=category,
                contact_name="Web",
                contact_email=f"web{writes}@example.com",
            )
            services.supplier_update(
                supplier=supplier, updated_by=officer, contact_phone=str(writes)
            )
        except OperationalError as exc:
            lock_errors.append(str(exc))
        writes += 1
        if writes > 5000:
            break
    wait_for(finished, timeout=120, worker=celery_worker_process, what="four imports")
    assert lock_errors == []
    for job in SupplierImport.objects.filter(pk__in=[job.pk for job in jobs]):
        assert (job.status, job.created, job.failed) == ("succeeded", 300, 0), job.failure_reason
    assert Supplier.objects.filter(country="CN").count() == 1200
    assert Supplier.objects.filter(country="DE").count() == writes
    assert "database is locked" not in celery_worker_process.output()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"


def test_export_is_built_by_a_real_worker_and_matches_its_hash(
    celery_worker_process, api, officer
) -> None:
    import hashlib

    from tests.assessments.audit_data import varied_campaign

    campaign = varied_campaign(officer=officer, suppliers=3)
    response = api.post("/api/v1/exports/", {"scope": "campaign", "id": campaign.pk}, format="json")
    assert response.status_code == 202
    export_id = response.json()["id"]

    def done() -> bool:
        return api.get(f"/api/v1/exports/{export_id}/").json()["status"] in ("succeeded", "failed")

    wait_for(done, timeout=120, worker=celery_worker_process, what="the export")
    detail = api.get(f"/api/v1/exports/{export_id}/").json()
    assert detail["status"] == "succeeded", detail
    assert detail["progress"] == 100 and detail["row_count"] > 3
    content = b"".join(api.get(detail["download_url"]).streaming_content)
    assert hashlib.sha256(content).hexdigest() == detail["sha256"]
