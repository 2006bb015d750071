"""Reads of spend: every one asks who is reading (supplier users never see spend)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from assessments.spend.models import ExchangeRate, SpendImport, SpendLine
from core.permissions import is_staff_member

SPEND_READ = "assessments.view_spendline"
IMPORT_READ = "assessments.view_spendimport"
RATE_READ = "assessments.view_exchangerate"


def _may(user: AbstractBaseUser | AnonymousUser, permission: str) -> bool:
    return is_staff_member(user) and bool(user.has_perm(permission))  # type: ignore[union-attr]


def _id(value: Any) -> int:
    try:
        number = int(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    if not 0 < number < 2**63:
        raise Http404
    return number


# --- Imports ------------------------------------------------------------------------------


def spend_import_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[SpendImport]:
    if not _may(user, IMPORT_READ):
        return SpendImport.objects.none()
    return SpendImport.objects.select_related("created_by").defer("errors")


def spend_import_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, import_id: Any
) -> SpendImport:
    if not _may(user, IMPORT_READ):
        raise Http404("No such import.")
    try:
        return SpendImport.objects.select_related("created_by").get(pk=_id(import_id))
    except SpendImport.DoesNotExist as exc:
        raise Http404("No such import.") from exc


# --- Lines --------------------------------------------------------------------------------


def spend_line_list(
    *,
    user: AbstractBaseUser | AnonymousUser,
    period: int | None = None,
    supplier_id: int | None = None,
    currency: str = "",
) -> QuerySet[SpendLine]:
    """The spend lines the user may read, filtered, with their supplier (one query a page)."""
    if not _may(user, SPEND_READ):
        return SpendLine.objects.none()
    lines = SpendLine.objects.select_related("supplier")
    if period is not None:
        lines = lines.filter(period=period)
    if supplier_id is not None:
        lines = lines.filter(supplier_id=supplier_id)
    if currency:
        lines = lines.filter(currency=currency)
    return lines.order_by("period", "supplier_id", "line_reference", "pk")


class CurrencyTotal(NamedTuple):
    currency: str
    lines: int
    amount: Decimal
    amount_cny: Decimal


class SpendTotals(NamedTuple):
    by_currency: list[CurrencyTotal]
    lines: int
    amount_cny: Decimal


def spend_totals(
    *, user: AbstractBaseUser | AnonymousUser, period: int | None, supplier_id: int | None = None
) -> SpendTotals:
    """Totals per currency and in CNY, over the lines of `spend_line_list` (one query)."""
    rows = (
        spend_line_list(user=user, period=period, supplier_id=supplier_id)
        .order_by()
        .values("currency")
        .annotate(lines=Count("pk"), amount=Sum("amount"), amount_cny=Sum("amount_cny"))
        .order_by("currency")
    )
    by_currency = [
        CurrencyTotal(row["currency"], row["lines"], row["amount"], row["amount_cny"])
        for row in rows
    ]
    return SpendTotals(
        by_currency=by_currency,
        lines=sum(total.lines for total in by_currency),
        amount_cny=sum((total.amount_cny for total in by_currency), Decimal("0.00")),
    )


def spend_by_supplier(
    *, user: AbstractBaseUser | AnonymousUser, period: int | None, search: str = ""
) -> QuerySet[Any]:
    """One row per supplier with spend in the period: its lines and total in CNY, largest first."""
    lines = spend_line_list(user=user, period=period)
    if search:
        lines = lines.filter(
            Q(supplier__name__icontains=search)
            | Q(supplier__name_en__icontains=search)
            | Q(supplier__registration_code__icontains=search.strip().upper())
        )
    return (
        lines.order_by()
        .values(
            "supplier_id",
            "supplier__name",
            "supplier__name_en",
            "supplier__country",
            "supplier__registration_code",
        )
        .annotate(lines=Count("pk"), amount_cny=Sum("amount_cny"))
        .order_by("-amount_cny", "supplier_id")
    )


def spend_periods(*, user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """The periods that have spend, latest first."""
    return list(
        spend_line_list(user=user).order_by("-period").values_list("period", flat=True).distinct()
    )


# --- Exchange rates -----------------------------------------------------------------------


def exchange_rate_list(
    *, user: AbstractBaseUser | AnonymousUser, period: int | None = None
) -> QuerySet[ExchangeRate]:
    if not _may(user, RATE_READ):
        return ExchangeRate.objects.none()
    rates = ExchangeRate.objects.select_related("updated_by")
    if period is not None:
        rates = rates.filter(period=period)
    return rates.order_by("-period", "currency")


def exchange_rate_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, rate_id: Any
) -> ExchangeRate:
    try:
        return exchange_rate_list(user=user).get(pk=_id(rate_id))
    except ExchangeRate.DoesNotExist as exc:
        raise Http404("No such exchange rate.") from exc
