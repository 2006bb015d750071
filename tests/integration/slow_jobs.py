"""A Celery app for fault tests: exports and imports work slowly, so a test can kill the worker
in the middle of one. Start it with `celery -A tests.integration.slow_jobs worker`."""

import time

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_jobs(**kwargs: object) -> None:
    from assessments.exports import workbooks as audit_workbook
    from suppliers import services

    write_chunk = audit_workbook._Writer._assessments

    def slow_write(self, ids):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        return write_chunk(self, ids)

    audit_workbook._Writer._assessments = slow_write  # type: ignore[method-assign]

    import_chunk = services._import_chunk

    def slow_import(**kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return import_chunk(**kwargs)

    services._import_chunk = slow_import
    services.IMPORT_CHUNK = 10
