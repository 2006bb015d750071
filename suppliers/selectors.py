"""Permission-aware reads of the supplier registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connections
from django.db.models import F, Lookup, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django_countries import countries
from django_countries.fields import CountryField

from core import roles
from core.permissions import is_staff_member
from suppliers.models import Category, Site, Supplier, SupplierImport
from suppliers.workbooks import ImportErrorRow

HISTORY_HIDDEN_FIELDS = {"updated_by", "created_by", "created_at", "updated_at"}


def supplier_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Supplier]:
    if not is_staff_member(user):
        return Supplier.objects.none()
    return Supplier.objects.select_related("category", "green_label")


# A trigram index finds terms of three characters or more; shorter ones are scanned.
SEARCH_INDEXED_LENGTH = 3
_FTS_MATCH = "SELECT rowid FROM suppliers_supplier_search WHERE suppliers_supplier_search MATCH %s"


def supplier_search(queryset: QuerySet[Supplier], term: str) -> QuerySet[Supplier]:
    """Suppliers whose legal name, English name or registration code contains `term`, any case.

    The one supplier search (staff list, API list, campaign builder). Substring semantics, served
    by the database's trigram index (migration 0006): on PostgreSQL `column ILIKE '%term%'`,
    which pg_trgm's GIN indexes serve (terms under three characters, or without letters or
    digits, give it no trigram: PostgreSQL then reads the whole index, still correct); on SQLite
    the FTS5 trigram table, asked with a phrase query, which matches the same substrings (and
    folds case beyond ASCII); shorter terms scan the table.
    """
    term = term.replace("\x00", "").strip()  # no name holds NUL; PostgreSQL refuses it
    if not term:
        return queryset
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        pattern = f"%{connection.ops.prep_for_like_query(term)}%"
        # Without letters that have a case (Chinese, digits), LIKE finds the same rows as ILIKE
        # and reads a row about five times faster where the index cannot help.
        match = _Like if term.lower() == term == term.upper() else _ILike
        return queryset.filter(
            match(F("name"), pattern)
            | match(F("name_en"), pattern)
            | match(F("registration_code"), pattern)
        )
    if connection.vendor == "sqlite" and len(term) >= SEARCH_INDEXED_LENGTH:
        phrase = '"' + term.replace('"', '""') + '"'
        # A subquery, not a join to the FTS5 table: a raw join condition names the supplier
        # table, which Django renames when this queryset is itself a subquery (exports filter by
        # `pk__in=...values("pk")`); and a join counted and sorted 1,100 matches among 50,000
        # suppliers only about 0.1 ms faster (it is faster only for a bounded count).
        # The term is a bound parameter (quoted as one FTS5 phrase), never part of the SQL.
        return queryset.filter(pk__in=RawSQL(_FTS_MATCH, [phrase]))  # noqa: S611
    return queryset.filter(
        Q(name__icontains=term) | Q(name_en__icontains=term) | Q(registration_code__icontains=term)
    )


class _ILike(Lookup):  # type: ignore[type-arg]
    """PostgreSQL's `column ILIKE pattern`, which the trigram GIN indexes of migration 0006
    serve (`icontains` compares UPPER(column), which they do not)."""

    lookup_name = "ilike"
    operator = "ILIKE"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} {self.operator} {rhs}", [*lhs_params, *rhs_params]


class _Like(_ILike):
    lookup_name = "like"
    operator = "LIKE"


def supplier_get_for_user(*, user: AbstractBaseUser | AnonymousUser, supplier_id: Any) -> Supplier:
    """The only way a view or API turns an id into a supplier; 404 for what the user may not see."""
    try:
        return (
            supplier_list(user=user)
            .prefetch_related("sites")
            .select_related("created_by", "updated_by")
            .get(pk=int(supplier_id))
        )
    except (Supplier.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such supplier.") from exc


def category_list(*, active_only: bool = False) -> QuerySet[Category]:
    queryset = Category.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def supplier_import_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[SupplierImport]:
    if not is_staff_member(user):
        return SupplierImport.objects.none()
    return SupplierImport.objects.select_related("created_by").defer("errors", "failed_rows")


def supplier_import_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, import_id: Any
) -> SupplierImport:
    try:
        return (
            SupplierImport.objects.select_related("created_by")
            .filter(pk__in=supplier_import_list(user=user).values("pk"))
            .defer("failed_rows")  # only the error report reads the refused rows' cells
            .get(pk=int(import_id))
        )
    except (SupplierImport.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such import.") from exc


def supplier_import_error_rows(*, job: SupplierImport) -> list[ImportErrorRow]:
    """The refused rows of an import, in file order, each with its cells and its problems."""
    problems: dict[int, list[tuple[str, str]]] = {}
    for error in job.errors:
        problems.setdefault(error["row"], []).append((error["column"], error["message"]))
    stored = SupplierImport.objects.filter(pk=job.pk).values_list("failed_rows", flat=True)
    values = {item["row"]: item["values"] for item in stored.first() or []}
    return [
        ImportErrorRow(row=row, values=values.get(row, {}), problems=found)
        for row, found in sorted(problems.items())
    ]


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any
    # The values as people read them, in the active language (labels, not codes).
    old_display: Any = None
    new_display: Any = None


@dataclass
class HistoryEntry:
    at: Any
    by: Any
    kind: str  # "+" created, "~" changed, "-" deleted (as django-simple-history marks them)
    subject: str
    changes: list[FieldChange]


def supplier_history(*, supplier: Supplier) -> list[HistoryEntry]:
    """Every change to the supplier and its sites, newest first: who, when, old and new values."""
    categories = {category.pk: category for category in Category.objects.all()}
    entries: list[HistoryEntry] = []
    supplier_records = list(
        supplier.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries += _diff_records(supplier_records, Supplier, categories=categories, subject="")
    site_records = list(
        Site.history.filter(supplier_id=supplier.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    by_site: dict[int, list[Any]] = {}
    for record in site_records:
        by_site.setdefault(record.id, []).append(record)
    for records in by_site.values():
        entries += _diff_records(
            records, Site, categories=categories, subject=str(Site._meta.verbose_name)
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _diff_records(
    records: list[Any], model: type, *, categories: dict[int, Category], subject: str
) -> list[HistoryEntry]:
    fields = [
        field
        for field in model._meta.concrete_fields  # type: ignore[attr-defined]
        if field.name not in HISTORY_HIDDEN_FIELDS and field.name not in ("id", "supplier")
    ]
    entries = []
    previous = None
    for record in records:
        changes = []
        for field in fields:
            attname = field.attname
            new: Any = getattr(record, attname)
            old: Any = getattr(previous, attname) if previous is not None else None
            if record.history_type == "-":
                new, old = None, new
            if old == new or (
                previous is None and record.history_type != "-" and new in ("", None)
            ):
                continue
            if field.name == "category":
                old_category, new_category = categories.get(old), categories.get(new)
                old = old_category.slug if old_category else old
                new = new_category.slug if new_category else new
            changes.append(
                FieldChange(
                    field=field.name,
                    label=str(field.verbose_name),
                    old=_plain(old),
                    new=_plain(new),
                    old_display=_display(field, old, categories),
                    new_display=_display(field, new, categories),
                )
            )
        label = f"{subject}: {record.name}" if subject else ""
        if changes or record.history_type != "~":
            entries.append(
                HistoryEntry(
                    at=record.history_date,
                    by=record.history_user,
                    kind=record.history_type,
                    subject=label,
                    changes=changes,
                )
            )
        previous = record
    return entries


def _display(field: Any, value: Any, categories: dict[int, Category]) -> Any:
    """A recorded value in words: a category's name, a country's name, a choice's label."""
    if value is None or value == "":
        return _plain(value)
    if field.name == "category":
        by_slug = {category.slug: category for category in categories.values()}
        category = by_slug.get(value)
        return category.display_name if category else str(value)
    if isinstance(field, CountryField):
        return str(countries.name(value)) or str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return _plain(value)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def may_end_relationship(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Ending a supplier relationship (GRI 308-2) is a procurement admin's decision."""
    if not is_staff_member(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(user.groups.filter(name=roles.PROCUREMENT_ADMIN).exists())  # type: ignore[union-attr]
