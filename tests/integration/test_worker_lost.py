"""A worker killed in the middle of an export or an import: the job finishes exactly once."""

import datetime
import hashlib
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.exports.services import exports_recover
from assessments.models import Export
from suppliers.models import Supplier, SupplierImport
from suppliers.services import supplier_imports_recover
from tests.assessments.audit_data import varied_campaign
from tests.integration.conftest import purge_queue, start_worker, stop_worker, wait_for
from tests.workbooks import good_row, workbook_bytes

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _export_files() -> list[Path]:
    return list((Path(settings.MEDIA_ROOT) / "exports").rglob("*.xlsx"))


def test_export_of_a_killed_worker_is_built_again_and_served_once(api, officer) -> None:
    campaign = varied_campaign(officer=officer, suppliers=6)
    files_before = set(_export_files())
    purge_queue()
    slow = start_worker(app="tests.integration.slow_jobs", env={"EXPORT_CHUNK_SIZE": "1"})
    try:
        response = api.post(
            "/api/v1/exports/", {"scope": "campaign", "id": campaign.pk}, format="json"
        )
        export_id = response.json()["id"]

        def midway() -> bool:
            export = Export.objects.get(pk=export_id)
            return export.status == "running" and 5 < export.progress < 90

        wait_for(midway, timeout=60, worker=slow, what="the export to be half written")
        slow.kill()  # SIGKILL, children included: the run stops where it is
    finally:
        stop_worker(slow)
    lost = Export.objects.get(pk=export_id)
    assert lost.status == "running" and not lost.file and not lost.sha256
    assert api.get(f"/api/v1/exports/{export_id}/file.xlsx").status_code == 409  # no half file

    # The beat task finds it stalled and starts it again; a new worker finishes it.
    later = timezone.now() + datetime.timedelta(seconds=settings.EXPORT_STALE_SECONDS + 1)
    assert exports_recover(now=later)["restarted"] == 1
    worker = start_worker()
    try:
        wait_for(
            lambda: Export.objects.get(pk=export_id).status in ("succeeded", "failed"),
            timeout=90, worker=worker, what="the restarted export",
        )  # fmt: skip
        time.sleep(2)  # a re-delivered copy of the first task (RabbitMQ) has had its turn too
    finally:
        stop_worker(worker)
    export = Export.objects.get(pk=export_id)
    assert export.status == "succeeded", export.failure_reason
    assert export.attempts >= 2 and export.progress == 100
    content = b"".join(api.get(f"/api/v1/exports/{export_id}/file.xlsx").streaming_content)
    assert hashlib.sha256(content).hexdigest() == export.sha256
    files = set(_export_files()) - files_before
    assert [path.name for path in files] == [Path(export.file.name).name]  # one file, served


def test_import_of_a_killed_worker_runs_again_without_duplicates(api) -> None:
    purge_queue()
    slow = start_worker(app="tests.integration.slow_jobs")
    try:
        content = workbook_bytes([good_row(n) for n in range(100)])
        response = api.post(
            "/api/v1/supplier-imports/",
            {"file": SimpleUploadedFile("suppliers.xlsx", content)},
            format="multipart",
        )
        import_id = response.json()["id"]

        def midway() -> bool:
            job = SupplierImport.objects.get(pk=import_id)
            return job.status == "running" and 10 <= job.processed_rows <= 80

        wait_for(midway, timeout=60, worker=slow, what="the import to be half done")
        slow.kill()
    finally:
        stop_worker(slow)
    assert SupplierImport.objects.get(pk=import_id).status == "running"
    half = Supplier.objects.count()
    assert 10 <= half < 100

    later = timezone.now() + datetime.timedelta(seconds=settings.SUPPLIER_IMPORT_STALE_SECONDS + 1)
    assert supplier_imports_recover(now=later)["restarted"] == 1
    worker = start_worker()
    try:
        wait_for(
            lambda: SupplierImport.objects.get(pk=import_id).status
            in ("succeeded", "completed_with_errors", "failed"),
            timeout=90, worker=worker, what="the restarted import",
        )  # fmt: skip
        time.sleep(2)
    finally:
        stop_worker(worker)
    job = SupplierImport.objects.get(pk=import_id)
    assert job.status == "succeeded", job.failure_reason
    assert Supplier.objects.count() == 100  # every row once, none twice
    assert (job.created + job.unchanged, job.failed) == (100, 0)
    assert job.unchanged >= half and job.attempts >= 2
