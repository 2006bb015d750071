"""Every state change of procurement spend: imports of spend lines, exchange rates."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.errors import ExchangeRateInvalidError, SpendImportFileError
from assessments.spend.models import ExchangeRate, SpendImport, SpendLine
from assessments.spend.values import (
    CATEGORY_MAX,
    DEFAULT_CURRENCY,
    DESCRIPTION_MAX,
    LINE_REFERENCE_MAX,
    MAX_AMOUNT_CNY,
    CellError,
    amount_in_cny,
    parse_amount,
    parse_currency,
    parse_period,
    parse_text,
)
from assessments.spend.workbooks import COLUMN_KEYS, SpendRow, check_spend_archive, read_spend_rows
from assessments.tasks import spend_import_run_task
from core.imports import import_job_create
from core.jobs import JobSuperseded, job_heartbeat, job_hold, job_run, jobs_recover
from suppliers.models import Supplier
from suppliers.validators import normalize_registration_code

logger = logging.getLogger(__name__)

WRITE_CHUNK = 1000
HEARTBEAT_ROWS = 2000
# Past this many problems a file is wrong as a whole: the first ones say how.
MAX_ERRORS = 10_000
ONE = Decimal(1)

# The fields an import sets on a line; a re-import that changes none of them leaves it alone.
LINE_FIELDS = ("amount", "currency", "rate_to_cny", "amount_cny", "category", "description")


# --- Import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineValues:
    row: int
    supplier_id: int
    period: int
    line_reference: str
    amount: Decimal
    currency: str
    rate_to_cny: Decimal
    amount_cny: Decimal
    category: str
    description: str

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.supplier_id, self.period, self.line_reference)


@dataclass
class ImportCheck:
    """What reading the file found: the lines to write, or the problems (then nothing is)."""

    lines: list[LineValues] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    refused_rows: int = 0
    total_rows: int = 0
    more_errors: int = 0

    def refuse(self, error: dict[str, Any]) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        else:
            self.more_errors += 1


def spend_import_check_file(*, stream: IO[bytes], size: int) -> None:
    """Refuse a file that is too big, empty or no workbook; nothing is parsed (the worker reads)."""
    max_bytes = settings.SPEND_IMPORT_MAX_BYTES
    if size > max_bytes:
        raise SpendImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{max_bytes / 1024 / 1024:.0f}"}
        )
    if size == 0:
        raise SpendImportFileError(_("The file is empty."))
    check_spend_archive(stream=stream)


@transaction.atomic
def spend_import_create(*, file: File, created_by: User) -> SpendImport:
    """Accept a spend workbook (after the cheap archive checks) and queue its import."""
    spend_import_check_file(stream=file, size=file.size or 0)  # type: ignore[arg-type]
    job = import_job_create(SpendImport, file=file, created_by=created_by)
    job_id = job.pk
    transaction.on_commit(lambda: spend_import_run_task.delay(job_id))
    return job


def spend_import_run(*, import_id: int) -> SpendImport:
    """Import a spend file all or nothing: every row is checked, and only a file without a
    refused row is written, in one transaction with the job's outcome.

    Lines are matched on supplier, period and line reference: new ones are created, changed
    ones updated, the same ones counted unchanged. Idempotent: a run again (worker lost) finds
    nothing written by the lost run, or everything, and counts accordingly.
    """
    return job_run(SpendImport, job_id=import_id, process=_import_process, label="Spend import")


def spend_imports_recover(*, now: Any = None) -> dict[str, int]:
    """Imports whose worker was lost (no progress for SPEND_IMPORT_STALE_SECONDS) run again;
    after SPEND_IMPORT_MAX_ATTEMPTS runs the import is failed (nothing of it was written)."""
    return jobs_recover(
        SpendImport,
        task=spend_import_run_task.delay,
        stale_seconds=settings.SPEND_IMPORT_STALE_SECONDS,
        max_attempts=settings.SPEND_IMPORT_MAX_ATTEMPTS,
        failure_reason=lambda attempts: (
            _(
                "The worker running this import stopped %(count)s times; nothing was imported. "
                "Upload the file again."
            )
            % {"count": attempts}
        ),
        now=now,
    )


def _import_process(job: SpendImport, run_id: str) -> SpendImport:
    try:
        with job.file.open("rb") as stream:
            check = _import_check(job=job, run_id=run_id, stream=stream)
        if check.errors or check.more_errors:
            return _import_refuse(job, run_id, check)
        return _import_write(job, run_id, check)
    except JobSuperseded:
        raise
    except SpendImportFileError as exc:
        return _import_finish(
            job, run_id, reason=exc.message, errors=list(exc.extra.get("errors", []))
        )
    except IntegrityError:
        return _import_finish(
            job,
            run_id,
            reason=_(
                "Another import wrote some of these lines at the same time; nothing of this "
                "file was imported. Upload it again."
            ),
        )
    except Exception as exc:
        logger.exception("Spend import %s failed", job.pk)
        _import_finish(
            job,
            run_id,
            reason=_("The import stopped on an internal error (%(error)s); it can be retried.")
            % {"error": type(exc).__name__},
        )
        raise


def _import_refuse(job: SpendImport, run_id: str, check: ImportCheck) -> SpendImport:
    reason = _("%(count)s of %(total)s rows have problems; nothing was imported.") % {
        "count": f"{check.refused_rows:,}",
        "total": f"{check.total_rows:,}",
    }
    if check.more_errors:
        reason += " " + _("Only the first %(max)s problems are listed.") % {
            "max": f"{MAX_ERRORS:,}"
        }
    job.total_rows = job.processed_rows = check.total_rows
    job.failed = check.refused_rows
    return _import_finish(job, run_id, reason=reason, errors=check.errors)


def _import_finish(
    job: SpendImport, run_id: str, *, reason: str, errors: list[dict[str, Any]] | None = None
) -> SpendImport:
    """Record a failure, if this run still holds the job (JobSuperseded otherwise)."""
    with transaction.atomic():
        job_hold(job, run_id)
        job.status = SpendImport.Status.FAILED
        job.created = job.updated = job.unchanged = 0
        job.failure_reason = reason
        job.errors = errors or []
        job.finished_at = timezone.now()
        job.save()
    return job


def _import_check(*, job: SpendImport, run_id: str, stream: IO[bytes]) -> ImportCheck:
    """Read and check every row; the lines are kept only while no row has been refused."""
    suppliers = {
        (str(country), code): pk
        for country, code, pk in Supplier.objects.values_list("country", "registration_code", "pk")
    }
    rates = {
        (period, currency): rate
        for period, currency, rate in ExchangeRate.objects.values_list(
            "period", "currency", "rate_to_cny"
        )
    }
    check = ImportCheck()
    seen: dict[tuple[int, int, str], int] = {}
    for sheet, row in read_spend_rows(stream=stream, max_rows=settings.SPEND_IMPORT_MAX_ROWS):
        check.total_rows += 1
        line, errors = _check_row(sheet=sheet, row=row, suppliers=suppliers, rates=rates)
        if line is not None:
            first = seen.get(line.key)
            if first is not None:
                errors.append(
                    _error(
                        sheet,
                        row.row,
                        "line_reference",
                        _("Same supplier, period and line reference as row %(row)s of this file.")
                        % {"row": first},
                    )
                )
            else:
                seen[line.key] = row.row
        if errors:
            check.refused_rows += 1
            for error in errors:
                check.refuse(error)
            check.lines = []  # nothing will be written: keep no lines
        elif line is not None and not check.refused_rows:
            check.lines.append(line)
        if check.total_rows % HEARTBEAT_ROWS == 0:
            job_heartbeat(SpendImport, job.pk, run_id, processed_rows=check.total_rows)
    job_heartbeat(
        SpendImport, job.pk, run_id, processed_rows=check.total_rows, total_rows=check.total_rows
    )
    return check


def _error(sheet: str, row: int, column: str, message: str) -> dict[str, Any]:
    return {"sheet": sheet, "row": row, "column": column, "message": message}


def _check_row(
    *,
    sheet: str,
    row: SpendRow,
    suppliers: dict[tuple[str, str], int],
    rates: dict[tuple[int, str], Decimal],
) -> tuple[LineValues | None, list[dict[str, Any]]]:
    """The line a row holds, or the problem of each of its cells (in column order)."""
    cells = dict(zip(COLUMN_KEYS, row.values, strict=True))
    errors: list[dict[str, Any]] = []
    parsed: dict[str, Any] = {}

    def take(key: str, parse: Any) -> None:
        try:
            parsed[key] = parse(cells[key])
        except CellError as exc:
            errors.append(_error(sheet, row.row, key, exc.message))

    take("registration_code", lambda v: parse_text(v, max_length=50, is_required=True))
    take("country", lambda v: parse_text(v, max_length=2, is_required=True).upper())
    take("period", parse_period)
    take("amount", parse_amount)
    take("currency", parse_currency)
    take(
        "line_reference",
        lambda v: parse_text(v, max_length=LINE_REFERENCE_MAX, is_required=True),
    )
    take("category", lambda v: parse_text(v, max_length=CATEGORY_MAX, is_required=False))
    take("description", lambda v: parse_text(v, max_length=DESCRIPTION_MAX, is_required=False))

    supplier_id = None
    if "registration_code" in parsed and "country" in parsed:
        code = normalize_registration_code(parsed["registration_code"])
        supplier_id = suppliers.get((parsed["country"], code))
        if supplier_id is None:
            errors.append(
                _error(
                    sheet,
                    row.row,
                    "registration_code",
                    _(
                        "No supplier with registration code %(code)s in country %(country)s: "
                        "register the supplier first."
                    )
                    % {"code": code, "country": parsed["country"]},
                )
            )
    rate = None
    if "currency" in parsed and "period" in parsed:
        currency, period = parsed["currency"], parsed["period"]
        rate = ONE if currency == DEFAULT_CURRENCY else rates.get((period, currency))
        if rate is None:
            errors.append(
                _error(
                    sheet,
                    row.row,
                    "currency",
                    _(
                        "No exchange rate for %(currency)s in period %(period)s: an admin adds "
                        "it under Exchange rates."
                    )
                    % {"currency": currency, "period": period},
                )
            )
    amount_cny = None
    if rate is not None and "amount" in parsed:
        amount_cny = amount_in_cny(parsed["amount"], rate)
        if amount_cny > MAX_AMOUNT_CNY:
            errors.append(
                _error(
                    sheet,
                    row.row,
                    "amount",
                    _("In CNY this amount is more than %(max)s: check the amount.")
                    % {"max": f"{MAX_AMOUNT_CNY:,}"},
                )
            )
    errors.sort(key=lambda error: COLUMN_KEYS.index(error["column"]))
    if errors or supplier_id is None or rate is None or amount_cny is None:
        # A duplicate key is still worth naming when only other cells are wrong.
        if supplier_id is not None and "period" in parsed and "line_reference" in parsed:
            return _key_only(row.row, supplier_id, parsed), errors
        return None, errors
    return (
        LineValues(
            row=row.row,
            supplier_id=supplier_id,
            period=parsed["period"],
            line_reference=parsed["line_reference"],
            amount=parsed["amount"],
            currency=parsed["currency"],
            rate_to_cny=rate,
            amount_cny=amount_cny,
            category=parsed["category"],
            description=parsed["description"],
        ),
        errors,
    )


def _key_only(row: int, supplier_id: int, parsed: dict[str, Any]) -> LineValues:
    """A refused row's key, for the duplicate check only; never written."""
    return LineValues(
        row=row,
        supplier_id=supplier_id,
        period=parsed["period"],
        line_reference=parsed["line_reference"],
        amount=Decimal(0),
        currency=DEFAULT_CURRENCY,
        rate_to_cny=ONE,
        amount_cny=Decimal(0),
        category="",
        description="",
    )


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _import_write(job: SpendImport, run_id: str, check: ImportCheck) -> SpendImport:
    """Write every line and the job's outcome in one transaction: all of the file or none.

    No heartbeat is seen while it runs (it would not be committed); a few minutes for 250,000
    lines is within SPEND_IMPORT_STALE_SECONDS.
    """
    with transaction.atomic():
        job_hold(job, run_id)
        counts = _lines_write(check.lines)
        job.status = SpendImport.Status.SUCCEEDED
        job.total_rows = job.processed_rows = check.total_rows
        job.created, job.updated, job.unchanged = counts.created, counts.updated, counts.unchanged
        job.failed = 0
        job.errors = []
        job.failure_reason = ""
        job.finished_at = timezone.now()
        job.save()
    return job


def _lines_write(lines: Iterable[LineValues]) -> WriteCounts:
    counts = WriteCounts()
    batch: list[LineValues] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= WRITE_CHUNK:
            _chunk_write(batch, counts)
            batch = []
    if batch:
        _chunk_write(batch, counts)
    return counts


def _chunk_write(batch: list[LineValues], counts: WriteCounts) -> None:
    existing = {
        (line.supplier_id, line.period, line.line_reference): line
        for line in SpendLine.objects.filter(
            supplier_id__in={line.supplier_id for line in batch},
            period__in={line.period for line in batch},
            line_reference__in={line.line_reference for line in batch},
        )
    }
    now = timezone.now()
    to_create: list[SpendLine] = []
    to_update: list[SpendLine] = []
    for values in batch:
        line = existing.get(values.key)
        if line is None:
            to_create.append(
                SpendLine(
                    supplier_id=values.supplier_id,
                    period=values.period,
                    line_reference=values.line_reference,
                    **{name: getattr(values, name) for name in LINE_FIELDS},
                )
            )
            continue
        if all(getattr(line, name) == getattr(values, name) for name in LINE_FIELDS):
            counts.unchanged += 1
            continue
        for name in LINE_FIELDS:
            setattr(line, name, getattr(values, name))
        line.updated_at = now
        to_update.append(line)
    if to_create:
        SpendLine.objects.bulk_create(to_create, batch_size=WRITE_CHUNK)
    if to_update:
        SpendLine.objects.bulk_update(
            to_update, [*LINE_FIELDS, "updated_at"], batch_size=WRITE_CHUNK
        )
    counts.created += len(to_create)
    counts.updated += len(to_update)


# --- Exchange rates -----------------------------------------------------------------------


def _rate_clean(rate: ExchangeRate) -> None:
    rate.currency = rate.currency.strip().upper()
    rate.source = rate.source.strip()
    errors: dict[str, list[str]] = {}
    try:
        rate.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {key: [str(m) for m in value] for key, value in exc.message_dict.items()}
    if "currency" not in errors:
        try:
            parse_currency(rate.currency)
        except CellError as exc:
            errors["currency"] = [exc.message]
        if rate.currency == DEFAULT_CURRENCY:
            errors["currency"] = [_("CNY needs no rate: it is the currency of the totals.")]
    if "rate_to_cny" not in errors and rate.rate_to_cny is not None and rate.rate_to_cny <= 0:
        errors["rate_to_cny"] = [_("A rate is more than 0.")]
    if not rate.source:
        errors["source"] = [
            _("Name the source of the rate (e.g. PBOC central parity, 2025-04-01).")
        ]
    if "period" not in errors:
        try:
            parse_period(str(rate.period))
        except CellError as exc:
            errors["period"] = [exc.message]
    if (
        not errors
        and ExchangeRate.objects.filter(period=rate.period, currency=rate.currency)
        .exclude(pk=rate.pk)
        .exists()
    ):
        errors["currency"] = [
            _("There is already a rate for %(currency)s in period %(period)s: change that one.")
            % {"currency": rate.currency, "period": rate.period}
        ]
    if errors:
        message = "; ".join(message for messages in errors.values() for message in messages)
        raise ExchangeRateInvalidError(message, fields=errors)


@transaction.atomic
def exchange_rate_create(
    *, period: int, currency: str, rate_to_cny: Decimal, source: str, created_by: User
) -> ExchangeRate:
    """Add the CNY rate of a currency for a period, with its source; one per period and currency.

    Lines already imported keep the rate they used; importing them again applies this one."""
    rate = ExchangeRate(
        period=period,
        currency=currency,
        rate_to_cny=rate_to_cny,
        source=source,
        updated_by=created_by,
    )
    _rate_clean(rate)
    rate.save()
    return rate


@transaction.atomic
def exchange_rate_update(
    *,
    rate: ExchangeRate,
    updated_by: User,
    rate_to_cny: Decimal | None = None,
    source: str | None = None,
) -> ExchangeRate:
    """Change a rate or its source (the period and currency stay: they are what it is for)."""
    rate = ExchangeRate.objects.select_for_update().get(pk=rate.pk)
    if rate_to_cny is not None:
        rate.rate_to_cny = rate_to_cny
    if source is not None:
        rate.source = source
    rate.updated_by = updated_by
    _rate_clean(rate)
    rate.save()
    return rate
