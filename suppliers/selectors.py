"""Permission-aware reads of the supplier registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from core.permissions import is_staff_member
from suppliers.models import Category, Site, Supplier, SupplierImport

HISTORY_HIDDEN_FIELDS = {"updated_by", "created_by", "created_at", "updated_at"}


def supplier_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Supplier]:
    if not is_staff_member(user):
        return Supplier.objects.none()
    return Supplier.objects.select_related("category", "green_label")


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
    return SupplierImport.objects.select_related("created_by").defer("errors")


def supplier_import_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, import_id: Any
) -> SupplierImport:
    try:
        return (
            SupplierImport.objects.select_related("created_by")
            .filter(pk__in=supplier_import_list(user=user).values("pk"))
            .get(pk=int(import_id))
        )
    except (SupplierImport.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such import.") from exc


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    at: Any
    by: Any
    kind: str  # "+" created, "~" changed, "-" deleted (as django-simple-history marks them)
    subject: str
    changes: list[FieldChange]


def supplier_history(*, supplier: Supplier) -> list[HistoryEntry]:
    """Every change to the supplier and its sites, newest first: who, when, old and new values."""
    categories = {category.pk: category.slug for category in Category.objects.all()}
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
    records: list[Any], model: type, *, categories: dict[int, str], subject: str
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
                old, new = categories.get(old, old) if old else old, categories.get(new, new)
            changes.append(
                FieldChange(
                    field=field.name,
                    label=str(field.verbose_name),
                    old=_plain(old),
                    new=_plain(new),
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


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)
