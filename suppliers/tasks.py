"""Celery tasks: each takes ids and calls one service."""

from celery import shared_task

from suppliers import services


@shared_task(acks_late=True)
def supplier_import_run_task(import_id: int) -> None:
    services.supplier_import_run(import_id=import_id)


@shared_task
def supplier_imports_purge_files_task() -> int:
    return services.supplier_imports_purge_files()


@shared_task
def supplier_imports_recover_task() -> dict[str, int]:
    return services.supplier_imports_recover()
