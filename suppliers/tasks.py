"""Celery tasks: each takes ids and calls one service.

Services import these tasks at the top of their module; the tasks import the services inside
their bodies, so that the import graph has no cycle.
"""

from celery import shared_task


@shared_task(acks_late=True)
def supplier_import_run_task(import_id: int) -> None:
    from suppliers.services import supplier_import_run

    supplier_import_run(import_id=import_id)


@shared_task
def supplier_imports_purge_files_task() -> int:
    from suppliers.services import supplier_imports_purge_files

    return supplier_imports_purge_files()


@shared_task
def supplier_imports_recover_task() -> dict[str, int]:
    from suppliers.services import supplier_imports_recover

    return supplier_imports_recover()
