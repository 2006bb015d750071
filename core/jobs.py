"""Background jobs that survive a lost worker: claimed runs, heartbeats and recovery.

A job (a supplier import, an export) is a row with a `status`. Each run of its Celery task
claims the row with a new run id; progress reports go through `job_heartbeat`, which fails
with `JobSuperseded` once another run holds the claim, and only the claiming run may finish
the job. A worker killed mid-run (SIGKILL, a lost machine) leaves the job running with an old
heartbeat: `jobs_recover`, run by beat, releases the claim and queues the task again, up to a
number of attempts, then marks the job failed with a reason. With brokers that re-deliver
(Redis, RabbitMQ) the re-delivered task simply claims the job too; the claim keeps the two runs
from both finishing it."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

Job = TypeVar("Job", bound=models.Model)


class JobSuperseded(Exception):
    """Another run has taken this job over (this one was thought lost): stop quietly."""


class RecoverableJob(models.Model):
    run_id = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)

    class Meta:
        abstract = True


def job_claim(job: Any, **reset: Any) -> str:
    """Take the job (locked by the caller) for a new run: running, attempts + 1, a new run id.

    `reset` names fields a run starts afresh (progress counters).
    """
    run_id = uuid.uuid4().hex
    job.status = "running"
    job.started_at = job.heartbeat_at = timezone.now()
    job.run_id = run_id
    job.attempts += 1
    for name, value in reset.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "started_at", "heartbeat_at", "run_id", "attempts", *reset])
    return run_id


def job_run(
    model: type[Job], *, job_id: int, process: Callable[[Job, str], Job], label: str
) -> Job:
    """Claim the job and `process(job, run_id)` it in its uploader's language; a finished job is
    returned as it is, and a run that another run took over stops quietly (JobSuperseded).

    The job has `is_finished`, `language` and `processed_rows` (reset for the new run).
    """
    with transaction.atomic():
        job = model._default_manager.select_for_update().get(pk=job_id)
        if job.is_finished:  # type: ignore[attr-defined]
            return job
        run_id = job_claim(job, processed_rows=0)
    try:
        with translation.override(job.language):  # type: ignore[attr-defined]
            return process(job, run_id)
    except JobSuperseded:
        logger.warning("%s %s: another run took over; this run stops.", label, job_id)
        return model._default_manager.get(pk=job_id)


def job_hold(job: models.Model, run_id: str) -> None:
    """Lock the job's row for the run about to finish it; JobSuperseded if another run holds
    it or it is finished already. Called inside the transaction that records the outcome."""
    current = type(job)._default_manager.select_for_update().get(pk=job.pk)
    if current.run_id != run_id or current.is_finished:  # type: ignore[attr-defined]
        raise JobSuperseded(f"{type(job).__name__} {job.pk}")


def job_heartbeat(model: type[models.Model], pk: int, run_id: str, **fields: Any) -> None:
    """Record progress (and `fields`) for the run holding the claim; JobSuperseded otherwise."""
    updated = model._default_manager.filter(pk=pk, run_id=run_id).update(
        heartbeat_at=timezone.now(), **fields
    )
    if not updated:
        raise JobSuperseded(f"{model.__name__} {pk}")


def jobs_recover(
    model: type[models.Model],
    *,
    task: Callable[[int], Any],
    stale_seconds: int,
    max_attempts: int,
    failure_reason: Callable[[int], str],
    now: Any = None,
) -> dict[str, int]:
    """Queue again the running jobs without a heartbeat for `stale_seconds`; fail the hopeless."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=stale_seconds)
    counts = {"restarted": 0, "failed": 0}
    manager = model._default_manager
    for job in manager.filter(status="running", heartbeat_at__lt=stale):
        held = manager.filter(pk=job.pk, run_id=job.run_id)  # type: ignore[attr-defined]
        attempts = job.attempts  # type: ignore[attr-defined]
        if attempts >= max_attempts:
            if held.update(
                status="failed",
                run_id="",
                finished_at=now,
                failure_reason=failure_reason(attempts),
            ):
                counts["failed"] += 1
        elif held.update(status="pending", run_id=""):
            # Released: the lost run can no longer finish; the queued task claims it afresh.
            transaction.on_commit(functools.partial(task, job.pk))
            counts["restarted"] += 1
    return counts
