"""Every state change of the supplier registry."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.imports import import_job_create
from core.jobs import JobSuperseded, job_heartbeat, job_hold, job_run, jobs_recover
from suppliers.errors import (
    DuplicateSupplierError,
    ImportFileError,
    SupplierPermissionError,
    SupplierStateError,
)
from suppliers.models import (
    SUPPLIER_EDITABLE_FIELDS,
    Category,
    RelationshipEndReason,
    Site,
    Supplier,
    SupplierImport,
    region_for_country,
)
from suppliers.selectors import may_end_relationship
from suppliers.validators import normalize_registration_code, validate_registration_code
from suppliers.workbooks import (
    COLUMN_KEYS,
    SupplierRow,
    check_import_archive,
    read_supplier_rows,
)

logger = logging.getLogger(__name__)

IMPORT_FIELDS = tuple(key for key in COLUMN_KEYS)
IMPORT_CHUNK = 500


# --- Suppliers ----------------------------------------------------------------------------


def supplier_find_duplicate(
    *, country: str, registration_code: str, exclude_id: int | None = None
) -> Supplier | None:
    queryset = Supplier.objects.filter(
        country=country, registration_code=normalize_registration_code(registration_code)
    )
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return queryset.first()


def duplicate_message(existing: Supplier) -> str:
    return _(
        "A supplier with this registration code is already registered in this country: "
        "%(name)s (ID %(id)s, %(status)s)."
    ) % {"name": existing.name, "id": existing.pk, "status": existing.get_status_display()}


def _check_unique(supplier: Supplier) -> None:
    existing = supplier_find_duplicate(
        country=str(supplier.country),
        registration_code=supplier.registration_code,
        exclude_id=supplier.pk,
    )
    if existing is not None:
        raise DuplicateSupplierError(
            duplicate_message(existing),
            fields={"registration_code": [duplicate_message(existing)]},
            existing_id=existing.pk,
        )


def _clean_supplier(supplier: Supplier) -> None:
    supplier.registration_code = normalize_registration_code(supplier.registration_code)
    errors: dict[str, list[str]] = {}
    try:
        supplier.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {
            key: [str(message) for message in value] for key, value in exc.message_dict.items()
        }
    if "country" not in errors and "registration_code" not in errors:
        try:
            validate_registration_code(
                country=str(supplier.country), code=supplier.registration_code
            )
        except ValidationError as exc:
            errors["registration_code"] = [str(message) for message in exc.messages]
    if errors:
        raise ValidationError(errors)
    _check_unique(supplier)


def _sync_sites(*, supplier: Supplier, sites: Iterable[dict[str, Any]]) -> None:
    """Make the supplier's sites exactly `sites`: unchanged ones stay, so history shows real edits.

    A site dict may carry the `id` of an existing site of this supplier to change it in place.
    """
    existing = {site.pk: site for site in supplier.sites.all()}
    keep: set[int] = set()
    for data in sites:
        data = dict(data)
        site_id = data.pop("id", None)
        site = existing.get(site_id) if site_id is not None else None
        if site is None:
            site = next(
                (
                    candidate
                    for pk, candidate in existing.items()
                    if pk not in keep
                    and (candidate.name, candidate.address, str(candidate.country))
                    == (data.get("name"), data.get("address"), str(data.get("country")))
                ),
                None,
            )
        if site is None:
            site = Site(supplier=supplier)
        changed = site.pk is None
        for key, value in data.items():
            if str(getattr(site, key)) != str(value):
                setattr(site, key, value)
                changed = True
        if changed:
            site.full_clean(exclude=["supplier"])
            site._history_user = supplier._history_user  # type: ignore[attr-defined]
            site.save()
        keep.add(site.pk)
    for pk, site in existing.items():
        if pk not in keep:
            site._history_user = supplier._history_user  # type: ignore[attr-defined]
            site.delete()


@transaction.atomic
def supplier_create(
    *,
    created_by: User | None,
    sites: Iterable[dict[str, Any]] = (),
    **data: Any,
) -> Supplier:
    """Register a supplier: the registration code must be valid and unique in its country."""
    supplier = Supplier(**data)
    supplier.created_by = created_by
    supplier.updated_by = created_by
    _clean_supplier(supplier)
    supplier._history_user = created_by  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            supplier.save()
    except IntegrityError:
        # A concurrent request registered the same code between the check and the insert.
        _check_unique(supplier)
        raise
    _sync_sites(supplier=supplier, sites=sites)
    return supplier


@transaction.atomic
def supplier_update(
    *,
    supplier: Supplier,
    updated_by: User | None,
    sites: Iterable[dict[str, Any]] | None = None,
    **data: Any,
) -> Supplier:
    """Change a supplier's fields (and, if given, replace its sites); history records the diff."""
    for key, value in data.items():
        if key not in SUPPLIER_EDITABLE_FIELDS:
            raise ValueError(f"{key} is not an editable supplier field")
        setattr(supplier, key, value)
    supplier.updated_by = updated_by
    _clean_supplier(supplier)
    supplier._history_user = updated_by  # type: ignore[attr-defined]
    supplier.save()
    if sites is not None:
        _sync_sites(supplier=supplier, sites=sites)
    return supplier


@transaction.atomic
def supplier_archive(*, supplier: Supplier, archived_by: User | None) -> Supplier:
    """Archive keeps every record: the supplier leaves campaigns and lists, nothing is deleted.

    Its users lose the portal and the API while it stays archived (core.permissions asks at
    every request), and get them back when its status is set back (`supplier_update`)."""
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if supplier.status == Supplier.Status.ARCHIVED:
        raise SupplierStateError(_("This supplier is already archived."))
    supplier.status = Supplier.Status.ARCHIVED
    supplier.updated_by = archived_by
    supplier._history_user = archived_by  # type: ignore[attr-defined]
    supplier.save()
    return supplier


@transaction.atomic
def supplier_relationship_end(
    *,
    supplier: Supplier,
    ended_on: datetime.date | None,
    reason: str,
    note: str = "",
    ended_by: User | None,
) -> Supplier:
    """GRI 308-2: record that (and why) the relationship with a supplier ended; a date and a
    reason go together, the date is not in the future. Both empty records that it goes on
    again. The change history keeps every earlier value."""
    if ended_by is not None and not may_end_relationship(ended_by):
        raise SupplierPermissionError(
            _("Only procurement admins record the end of a supplier relationship.")
        )
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    reason = (reason or "").strip()
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if ended_on is not None and not reason:
        errors["relationship_end_reason"] = [_("Give the reason the relationship ended.")]
    if ended_on is None and reason:
        errors["relationship_ended_on"] = [_("Give the date the relationship ended.")]
    if reason and reason not in RelationshipEndReason.values:
        errors["relationship_end_reason"] = [_("Choose environmental or other reasons.")]
    if ended_on is not None and ended_on > timezone.localdate():
        errors["relationship_ended_on"] = [_("The date cannot be in the future.")]
    if ended_on is None and not reason and note:
        errors["relationship_end_note"] = [_("A note goes with a date and a reason.")]
    if errors:
        raise ValidationError(errors)
    supplier.relationship_ended_on = ended_on
    supplier.relationship_end_reason = reason
    supplier.relationship_end_note = note
    supplier.updated_by = ended_by
    supplier._history_user = ended_by  # type: ignore[attr-defined]
    supplier.save()
    return supplier


# --- Categories ---------------------------------------------------------------------------


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Create or change a category; its code (slug) is unique."""
    category.full_clean()
    category.save()
    return category


# --- Bulk import --------------------------------------------------------------------------


class ImportRowForm(forms.Form):
    """The shape of one imported row; the same checks as the web form, per cell."""

    name = forms.CharField(max_length=200)
    name_en = forms.CharField(max_length=200, required=False)
    country = forms.CharField(max_length=2)
    registration_code = forms.CharField(max_length=50)
    category = forms.CharField(max_length=50)
    contact_name = forms.CharField(max_length=100)
    contact_email = forms.EmailField()
    contact_phone = forms.CharField(max_length=40, required=False)

    def __init__(self, *args: Any, categories: dict[str, Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        if code not in countries:
            raise ValidationError(
                _("%(value)s is not an ISO 3166-1 alpha-2 country code (e.g. CN, HK, DE).")
                % {"value": self.cleaned_data["country"]}
            )
        return code

    def clean_category(self) -> Category:
        slug = self.cleaned_data["category"].strip().lower()
        category = self.categories.get(slug)
        if category is None:
            raise ValidationError(
                _("Unknown category %(value)s; use one of: %(choices)s.")
                % {"value": self.cleaned_data["category"], "choices": ", ".join(self.categories)}
            )
        return category

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "country" in cleaned and "registration_code" in cleaned:
            code = normalize_registration_code(cleaned["registration_code"])
            try:
                validate_registration_code(country=cleaned["country"], code=code)
            except ValidationError as exc:
                self.add_error("registration_code", exc)
            else:
                cleaned["registration_code"] = code
        return cleaned


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def supplier_import_check_file(*, stream: IO[bytes], size: int) -> None:
    """Refuse a file that is too big, no workbook, or unpacks to too much; nothing is parsed.

    The web request does only this: the rows are read by the worker (`supplier_import_run`),
    which reports a wrong header or too many rows on the import's page.
    """
    max_bytes = settings.SUPPLIER_IMPORT_MAX_BYTES
    if size > max_bytes:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{max_bytes / 1024 / 1024:.0f}"}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    check_import_archive(stream=stream)


@transaction.atomic
def supplier_import_create(
    *, file: File, created_by: User, is_dry_run: bool = False
) -> SupplierImport:
    """Accept an upload for import (after the cheap archive checks) and queue its reading.

    A dry run is read and checked row by row like an import, and writes no supplier."""
    from suppliers.tasks import supplier_import_run_task

    supplier_import_check_file(stream=file, size=file.size or 0)  # type: ignore[arg-type]
    job = import_job_create(SupplierImport, file=file, created_by=created_by, is_dry_run=is_dry_run)
    job_id = job.pk
    transaction.on_commit(lambda: supplier_import_run_task.delay(job_id))
    return job


def supplier_import_run(*, import_id: int) -> SupplierImport:
    """Process an accepted import: matched on country + code; bad rows reported, good ones kept.

    Finished with refused rows it is "completed with errors", not "succeeded". A dry run checks
    every row the same way and only counts what it would create, update or leave unchanged.

    Idempotent: a re-delivered task (worker lost) runs it again, and rows already imported
    count as unchanged.
    """
    return job_run(
        SupplierImport, job_id=import_id, process=_import_process, label="Supplier import"
    )


def supplier_imports_recover(*, now: Any = None) -> dict[str, int]:
    """Imports whose worker was lost (no progress for SUPPLIER_IMPORT_STALE_SECONDS) run again.

    Rows are matched on country + code, so a second run creates nothing twice: rows the lost
    run imported count as unchanged. After SUPPLIER_IMPORT_MAX_ATTEMPTS runs it is failed.
    """
    from suppliers.tasks import supplier_import_run_task

    return jobs_recover(
        SupplierImport,
        task=supplier_import_run_task.delay,
        stale_seconds=settings.SUPPLIER_IMPORT_STALE_SECONDS,
        max_attempts=settings.SUPPLIER_IMPORT_MAX_ATTEMPTS,
        failure_reason=lambda attempts: (
            _(
                "The worker running this import stopped %(count)s times; upload the file again "
                "(rows already imported will count as unchanged)."
            )
            % {"count": attempts}
        ),
        now=now,
    )


def _import_process(job: SupplierImport, run_id: str) -> SupplierImport:
    try:
        with job.file.open("rb") as stream:
            sheet = read_supplier_rows(stream=stream, max_rows=settings.SUPPLIER_IMPORT_MAX_ROWS)
        job_heartbeat(SupplierImport, job.pk, run_id, total_rows=len(sheet.rows))
        counts, errors = _import_rows(job=job, rows=sheet.rows, run_id=run_id)
    except JobSuperseded:
        raise
    except ImportFileError as exc:
        return _import_finish(job, run_id, status=SupplierImport.Status.FAILED, reason=exc.message)
    except Exception as exc:
        logger.exception("Supplier import %s failed", job.pk)
        _import_finish(
            job,
            run_id,
            status=SupplierImport.Status.FAILED,
            reason=_("The import stopped on an internal error (%(error)s); it can be retried.")
            % {"error": type(exc).__name__},
        )
        raise
    job.total_rows = len(sheet.rows)
    job.created, job.updated, job.unchanged = counts.created, counts.updated, counts.unchanged
    failed = sorted({error["row"] for error in errors})
    values = {row.row: row.values for row in sheet.rows}
    job.failed = len(failed)
    job.errors = errors
    job.failed_rows = [{"row": row, "values": values[row]} for row in failed]
    job.processed_rows = len(sheet.rows)
    status = (
        SupplierImport.Status.COMPLETED_WITH_ERRORS if failed else SupplierImport.Status.SUCCEEDED
    )
    return _import_finish(job, run_id, status=status, reason="")


def _import_finish(job: SupplierImport, run_id: str, *, status: str, reason: str) -> SupplierImport:
    """Record the outcome, if this run still holds the job (JobSuperseded otherwise)."""
    with transaction.atomic():
        job_hold(job, run_id)
        job.status = status
        job.failure_reason = reason
        job.finished_at = timezone.now()
        job.save()
    return job


def _import_rows(
    *, job: SupplierImport, rows: list[SupplierRow], run_id: str
) -> tuple[ImportCounts, list[dict[str, Any]]]:
    categories = {category.slug: category for category in Category.objects.filter(is_active=True)}
    errors: list[dict[str, Any]] = []
    valid: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        form = ImportRowForm(data=row.values, categories=categories)
        if not form.is_valid():
            for key in COLUMN_KEYS:
                for message in form.errors.get(key, []):
                    errors.append({"row": row.row, "column": key, "message": str(message)})
            continue
        data = form.cleaned_data
        identity = (data["country"], data["registration_code"])
        if identity in seen:
            errors.append(
                {
                    "row": row.row,
                    "column": "registration_code",
                    "message": _("Same country and registration code as row %(row)s of this file.")
                    % {"row": seen[identity]},
                }
            )
            continue
        seen[identity] = row.row
        valid.append((row.row, data))

    counts = ImportCounts()
    user = job.created_by
    done = len(rows) - len(valid)
    for start in range(0, len(valid), IMPORT_CHUNK):
        chunk = valid[start : start + IMPORT_CHUNK]
        if job.is_dry_run:
            _import_plan(chunk=chunk, user=user, counts=counts)
            done += len(chunk)
            job_heartbeat(SupplierImport, job.pk, run_id, processed_rows=done)
            continue
        try:
            _import_chunk_counted(chunk=chunk, user=user, counts=counts)
        except IntegrityError:
            # Someone registered one of these codes meanwhile: retry row by row.
            for item in chunk:
                try:
                    _import_chunk_counted(chunk=[item], user=user, counts=counts)
                except IntegrityError:
                    errors.append(
                        {
                            "row": item[0],
                            "column": "registration_code",
                            "message": _("This registration code was registered meanwhile."),
                        }
                    )
        done += len(chunk)
        job_heartbeat(SupplierImport, job.pk, run_id, processed_rows=done)
    errors.sort(key=lambda error: (error["row"], COLUMN_KEYS.index(error["column"])))
    return counts, errors


def _import_chunk_counted(
    *, chunk: list[tuple[int, dict[str, Any]]], user: Any, counts: ImportCounts
) -> None:
    """Import a chunk in one transaction; its counts are added only if it commits."""
    counted = ImportCounts()
    with transaction.atomic():
        _import_chunk(chunk=chunk, user=user, counts=counted)
    counts.created += counted.created
    counts.updated += counted.updated
    counts.unchanged += counted.unchanged


def _import_chunk(
    *, chunk: list[tuple[int, dict[str, Any]]], user: Any, counts: ImportCounts
) -> None:
    to_create, to_update = _import_plan(chunk=chunk, user=user, counts=counts)
    if to_create:
        bulk_create_with_history(to_create, Supplier, batch_size=IMPORT_CHUNK, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            Supplier,
            [*IMPORT_FIELDS, "region", "updated_by", "updated_at"],
            batch_size=IMPORT_CHUNK,
            default_user=user,
        )


def _import_plan(
    *, chunk: list[tuple[int, dict[str, Any]]], user: Any, counts: ImportCounts
) -> tuple[list[Supplier], list[Supplier]]:
    """The suppliers a chunk creates and changes (unsaved), counted; reads only."""
    codes = {data["registration_code"] for _row, data in chunk}
    existing = {
        (str(supplier.country), supplier.registration_code): supplier
        for supplier in Supplier.objects.filter(registration_code__in=codes)
    }
    now = timezone.now()
    to_create: list[Supplier] = []
    to_update: list[Supplier] = []
    for _row, data in chunk:
        supplier = existing.get((data["country"], data["registration_code"]))
        if supplier is None:
            to_create.append(
                Supplier(
                    **data,
                    region=region_for_country(data["country"]),
                    created_by=user,
                    updated_by=user,
                )
            )
            continue
        changed = False
        for key in IMPORT_FIELDS:
            if key == "category":
                current: Any = supplier.category_id
                new: Any = data[key].pk
            else:
                current = str(supplier.country) if key == "country" else getattr(supplier, key)
                new = data[key]
            if current != new:
                setattr(supplier, key, data[key])
                changed = True
        if changed:
            supplier.region = region_for_country(data["country"])
            supplier.updated_by = user
            supplier.updated_at = now
            to_update.append(supplier)
        else:
            counts.unchanged += 1
    counts.created += len(to_create)
    counts.updated += len(to_update)
    return to_create, to_update


def supplier_imports_purge_files(*, older_than_days: int | None = None) -> int:
    """Delete uploaded workbooks past the retention period; the job records and results stay."""
    days = settings.SUPPLIER_IMPORT_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    purged = 0
    for job in SupplierImport.objects.filter(created_at__lt=cutoff).exclude(file=""):
        if not job.is_finished:
            continue
        job.file.delete(save=False)
        SupplierImport.objects.filter(pk=job.pk).update(file="")
        purged += 1
    return purged
