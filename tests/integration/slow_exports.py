"""A Celery app for fault tests: each chunk of an export takes a second, so a test can kill the
worker in the middle of one. Start it with `celery -A tests.integration.slow_exports worker`."""

import time

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_exports(**kwargs: object) -> None:
    from assessments import audit_workbook

    original = audit_workbook._Writer._assessments

    def slow(self, ids):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        return original(self, ids)

    audit_workbook._Writer._assessments = slow  # type: ignore[method-assign]
