"""Audit workbook exports: request one, build it in a Celery task, verify a file, purge old ones."""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.campaigns.models import period_of
from assessments.exports.selectors import Scope
from assessments.exports.workbooks import write_workbook
from assessments.models import Assessment, Campaign, Export
from core.errors import ApplicationError
from core.jobs import JobSuperseded, job_claim, job_heartbeat, jobs_recover
from core.uploads import sha256_of
from suppliers.filters import FILTER_KEYS, SupplierFilter
from suppliers.models import Supplier

logger = logging.getLogger(__name__)


class ExportRequestError(ApplicationError):
    code = "invalid_export"
    status_code = 400


def clean_filters(filters: Any) -> dict[str, str]:
    """The supplier-list filters of a request, checked as the list page checks them."""
    if filters in (None, ""):
        filters = {}
    if not isinstance(filters, dict):
        raise ExportRequestError(
            _("The filters must be an object."), fields={"filters": [_("Expected an object.")]}
        )
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise ExportRequestError(
            _("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)},
            fields={"filters": [_("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)}]},
        )
    cleaned: dict[str, str] = {}
    for key, value in filters.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        if value is None or value == "":
            continue
        if not isinstance(value, str | int) or len(str(value)) > 200:
            raise ExportRequestError(
                _("The filter %(name)s is not valid.") % {"name": key},
                fields={key: [_("Expected a short text value.")]},
            )
        cleaned[key] = str(value)
    form = SupplierFilter(cleaned, queryset=Supplier.objects.none()).form
    if not form.is_valid():
        raise ExportRequestError(
            _("The filters are not valid."),
            fields={key: [str(error) for error in errors] for key, errors in form.errors.items()},
        )
    return cleaned


def export_scope(export: Export) -> Scope:
    """What the export holds, from its scope and target (filters are applied again now)."""
    target = export.target_id or 0
    if export.scope == Export.Scope.ASSESSMENT:
        assessments = Assessment.objects.filter(pk=target)
        suppliers = Supplier.objects.filter(pk__in=assessments.values("supplier_id"))
        return Scope(export.scope, export.title, assessments, suppliers)
    if export.scope == Export.Scope.CAMPAIGN:
        assessments = Assessment.objects.filter(campaign_id=target)
        suppliers = Supplier.objects.filter(pk__in=assessments.values("supplier_id"))
        start = Campaign.objects.filter(pk=target).values_list("period_start", flat=True).first()
        period = None if start is None else period_of(start)
        return Scope(export.scope, export.title, assessments, suppliers, period=period)
    filtered = SupplierFilter(export.filters, queryset=Supplier.objects.all()).qs
    supplier_ids = filtered.order_by().values("pk")
    return Scope(
        export.scope,
        export.title,
        Assessment.objects.filter(supplier_id__in=supplier_ids),
        Supplier.objects.filter(pk__in=supplier_ids),
        filters=dict(export.filters),
    )


@transaction.atomic
def export_create(
    *, user: User, scope: str, target_id: Any = None, filters: Any = None, language: str = "en"
) -> Export:
    """Record the request and queue the build; the id is returned at once."""
    title = ""
    cleaned: dict[str, str] = {}
    if scope not in Export.Scope.values:
        raise ExportRequestError(
            _("Choose a scope: assessment, campaign or suppliers."),
            fields={"scope": [_("Choose assessment, campaign or suppliers.")]},
        )
    if scope in (Export.Scope.ASSESSMENT, Export.Scope.CAMPAIGN):
        try:
            target_id = int(target_id)
        except (TypeError, ValueError):
            target_id = None
        if target_id is None or not 0 < target_id < 2**31:
            raise ExportRequestError(
                _("Give the id of the %(scope)s to export.") % {"scope": scope},
                fields={"id": [_("This field is required.")]},
            )
        if scope == Export.Scope.ASSESSMENT:
            assessment = (
                Assessment.objects.select_related("supplier", "campaign")
                .filter(pk=target_id)
                .first()
            )
            if assessment is None:
                raise ExportRequestError(
                    _("There is no assessment with this id."),
                    fields={"id": [_("There is no assessment with this id.")]},
                )
            title = f"{assessment.supplier.name} · {assessment.campaign.name}"
        else:
            campaign = Campaign.objects.filter(pk=target_id).first()
            if campaign is None:
                raise ExportRequestError(
                    _("There is no campaign with this id."),
                    fields={"id": [_("There is no campaign with this id.")]},
                )
            title = campaign.name
    else:
        target_id = None
        cleaned = clean_filters(filters)
        title = _("Suppliers") + (
            " (" + ", ".join(f"{k}={v}" for k, v in sorted(cleaned.items())) + ")"
            if cleaned
            else ""
        )
    export = Export.objects.create(
        scope=scope,
        target_id=target_id,
        filters=cleaned,
        title=title[:300],
        language=language if language in dict(settings.LANGUAGES) else "en",
        created_by=user,
    )
    from assessments.tasks import export_build_task

    export_id = export.pk
    transaction.on_commit(lambda: export_build_task.delay(export_id))
    return export


def _file_name(export: Export) -> str:
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    target = f"-{export.target_id}" if export.target_id else ""
    return f"greengate-{export.scope}{target}-{stamp}-export{export.pk}.xlsx"


def export_build(*, export_id: int) -> Export:
    """Build the workbook; a re-delivered or recovered task builds it again from the start.

    Each run claims the export (`core.jobs`); only the run holding the claim reports
    progress or attaches a file, so two runs never both finish it. The file is written to a
    temporary path and attached only when complete, so a half-written file is never served:
    the record says succeeded only with the whole file and its SHA-256.
    """
    with transaction.atomic():
        export = Export.objects.select_for_update().get(pk=export_id)
        if export.is_finished:
            return export
        run_id = job_claim(export, progress=0)
    mine = Export.objects.filter(pk=export_id, run_id=run_id)
    last = [0]

    def progress(percent: int) -> None:
        last[0] = max(last[0], min(99, percent))
        job_heartbeat(Export, export_id, run_id, progress=last[0])

    workdir = Path(settings.MEDIA_ROOT) / "exports" / "tmp"
    workdir.mkdir(parents=True, exist_ok=True)
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=workdir)
    os.close(handle)
    try:
        with translation.override(export.language):
            requested_by = export.created_by.get_username() if export.created_by else ""
            result = write_workbook(
                path,
                scope=export_scope(export),
                export_id=export.pk,
                requested_by=requested_by,
                progress=progress,
            )
        with open(path, "rb") as stream:
            digest = sha256_of(stream)  # leaves the stream at its start
            name = _file_name(export)
            with transaction.atomic():
                export = Export.objects.select_for_update().get(pk=export_id)
                if export.run_id != run_id or export.is_finished:
                    raise JobSuperseded(f"Export {export_id}")
                export.file.save(name, File(stream, name=name), save=False)
                export.file_name = name
                export.size = os.path.getsize(path)
                export.sha256 = digest
                export.row_count = result.rows
                export.status = Export.Status.SUCCEEDED
                export.progress = 100
                export.finished_at = timezone.now()
                export.expires_at = export.finished_at + timedelta(
                    days=settings.EXPORT_RETENTION_DAYS
                )
                export.save()
    except JobSuperseded:
        logger.warning("Export %s: another run took over; this run stops.", export_id)
        return Export.objects.get(pk=export_id)
    except Exception as exc:
        mine.update(
            status=Export.Status.FAILED,
            failure_reason=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    finally:
        Path(path).unlink(missing_ok=True)
    return export


def exports_recover(*, now: Any = None) -> dict[str, int]:
    """Exports whose worker was lost (no progress for EXPORT_STALE_SECONDS): start them again.

    A killed worker leaves its export running for ever with the embedded broker (which does not
    re-deliver). After EXPORT_MAX_ATTEMPTS runs the export is marked failed with the reason.
    """
    from assessments.tasks import export_build_task

    now = now or timezone.now()
    counts = jobs_recover(
        Export,
        task=export_build_task.delay,
        stale_seconds=settings.EXPORT_STALE_SECONDS,
        max_attempts=settings.EXPORT_MAX_ATTEMPTS,
        failure_reason=lambda attempts: (
            _("The worker building this export stopped %(count)s times; start a new export.")
            % {"count": attempts}
        ),
        now=now,
    )
    # Files a lost run left half-written are never served; remove them once they are stale.
    stale = now - timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    workdir = Path(settings.MEDIA_ROOT) / "exports" / "tmp"
    if workdir.exists():
        for leftover in workdir.glob("*.xlsx"):
            if leftover.stat().st_mtime < stale.timestamp():
                leftover.unlink(missing_ok=True)
    return counts


def export_verify(*, file: Any) -> tuple[str, Export | None]:
    """The SHA-256 of an uploaded workbook and the export that produced exactly this file."""
    if file.size > settings.EXPORT_VERIFY_MAX_BYTES:
        raise ExportRequestError(
            _("The file is too large to be one of our exports."),
            fields={"file": [_("The file is too large to be one of our exports.")]},
        )
    digest = sha256_of(file)
    export = (
        Export.objects.select_related("created_by")
        .filter(sha256=digest)
        .exclude(sha256="")
        .order_by("pk")
        .first()
    )
    return digest, export


def exports_purge(*, now: Any = None) -> int:
    """Delete the files of exports past their retention; the records and hashes stay."""
    now = now or timezone.now()
    purged = 0
    for export in Export.objects.filter(
        status=Export.Status.SUCCEEDED, expires_at__lt=now
    ).iterator():
        if export.file:
            export.file.delete(save=False)
        Export.objects.filter(pk=export.pk, status=Export.Status.SUCCEEDED).update(
            status=Export.Status.EXPIRED, file=""
        )
        purged += 1
    return purged
