"""Supplier import throughput: a 1,000-row workbook (baseline) vs larger ones, first and second run.

Prints seconds and rows per second for the upload check (read the whole file once) and for the
import itself (validate, match, write with history), and the ratio of rows/s to the baseline: a
ratio near 1 means the import scales linearly. The second run of the same file changes nothing.

    .venv/bin/python bench/supplier_import.py [--sizes 10000 50000]
"""

import argparse
import io
import time

from _setup import django_setup


def workbook(rows: int) -> bytes:
    import openpyxl

    from suppliers.validators import uscc_check_character
    from suppliers.workbooks import COLUMN_KEYS

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Suppliers")
    sheet.append(list(COLUMN_KEYS))
    for n in range(rows):
        first_17 = f"91330100MA{n:07d}"
        sheet.append(
            [f"导入供应商{n}", f"Imported {n}", "CN", first_17 + uscc_check_character(first_17),
             "logistics", "李雷", f"i{n}@example.com", ""]
        )  # fmt: skip
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def run(content: bytes, user) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suppliers import services

    upload = SimpleUploadedFile("bench.xlsx", content)
    start = time.perf_counter()
    job = services.supplier_import_create(file=upload, created_by=user)
    checked = time.perf_counter()
    job = services.supplier_import_run(import_id=job.pk)
    done = time.perf_counter()
    assert job.status == "succeeded" and job.failed == 0, job.failure_reason
    return checked - start, done - checked, job


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    args = parser.parse_args()
    django_setup()
    from django.conf import settings

    from core import roles
    from suppliers.models import Supplier
    from tests.factories import staff_user

    # The import is timed by calling the service directly: the queued task must not run it too.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    user = staff_user(roles.PROCUREMENT_OFFICER, username="bench")
    heading = ("rows", "run", "check s", "import s", "rows/s", "ratio")
    print("{:>7} {:>6} {:>8} {:>9} {:>8} {:>6}  result".format(*heading))
    base_rate = None
    for size in [args.baseline, *args.sizes]:
        Supplier.history.all().delete()
        Supplier.objects.all().delete()
        content = workbook(size)
        for attempt in ("first", "second"):
            check, work, job = run(content, user)
            rate = size / work
            if base_rate is None:
                base_rate = rate
            result = f"created {job.created}, updated {job.updated}, unchanged {job.unchanged}"
            ratio = f"{rate / base_rate:6.2f}" if attempt == "first" else f"{'-':>6}"
            print(f"{size:>7} {attempt:>6} {check:8.2f} {work:9.2f} {rate:8.0f} {ratio}  {result}")


if __name__ == "__main__":
    main()
