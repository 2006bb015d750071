"""What a spend cell means: pure functions, no ORM, each raising CellError with the message.

The one home of the rules of a spend line's values: the import checks every cell with these,
and `amount_in_cny` is the one conversion (the API and pages show what it stored).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

DEFAULT_CURRENCY = "CNY"
# Amounts are bounded so that amount x rate fits the columns (18 digits, 2 decimals) with room:
# a line of a trillion in any currency is a typing error, not a purchase.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_AMOUNT_CNY = Decimal("9999999999999999.99")
CENT = Decimal("0.01")
FIRST_PERIOD = 2000
LAST_PERIOD = 2100
LINE_REFERENCE_MAX = 100
CATEGORY_MAX = 100
DESCRIPTION_MAX = 500
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
AMOUNT_PATTERN = re.compile(r"^\d+(\.\d+)?$")
PERIOD_PATTERN = re.compile(r"^\d{4}$")


class CellError(ValueError):
    """A cell that does not hold what its column takes; the message says what would."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_period(text: str) -> int:
    """A reporting period, named by the year it starts in: "2025" is 2025-04-01..2026-03-31."""
    value = text.strip()
    if not PERIOD_PATTERN.match(value) or not FIRST_PERIOD <= int(value) <= LAST_PERIOD:
        raise CellError(
            _(
                "%(value)s is not a reporting period: enter the year it starts in, e.g. 2025 "
                "(1 April 2025 to 31 March 2026)."
            )
            % {"value": value[:50]}
        )
    return int(value)


def parse_amount(text: str) -> Decimal:
    """An amount of 0 or more with at most 2 decimals, written with a point and no separators."""
    value = text.strip()
    if not AMOUNT_PATTERN.match(value):
        raise CellError(
            _(
                "%(value)s is not an amount: enter a number of 0 or more, with a point for the "
                "decimals and no thousands separators, e.g. 125000.50."
            )
            % {"value": value[:50]}
        )
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:  # the pattern allows only digits and one point
        raise CellError(_("%(value)s is not an amount.") % {"value": value[:50]}) from exc
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise CellError(
            _("%(value)s has more than 2 decimals; round it to cents.") % {"value": value[:50]}
        )
    if amount > MAX_AMOUNT:
        raise CellError(
            _("%(value)s is more than %(max)s: check the amount.")
            % {"value": value[:50], "max": f"{MAX_AMOUNT:,}"}
        )
    return amount.quantize(CENT)


def parse_currency(text: str) -> str:
    """An ISO 4217 code in capitals; an empty cell means CNY."""
    value = text.strip().upper()
    if not value:
        return DEFAULT_CURRENCY
    if not CURRENCY_PATTERN.match(value):
        raise CellError(
            _("%(value)s is not an ISO 4217 currency code (3 letters, e.g. CNY, USD, EUR).")
            % {"value": text.strip()[:50]}
        )
    return value


def parse_text(text: str, *, max_length: int, is_required: bool) -> str:
    value = text.strip()
    if is_required and not value:
        raise CellError(_("This cell is required."))
    if len(value) > max_length:
        raise CellError(
            _("At most %(max)s characters (this cell has %(length)s).")
            % {"max": max_length, "length": len(value)}
        )
    return value


def amount_in_cny(amount: Decimal, rate_to_cny: Decimal) -> Decimal:
    """amount x rate, rounded half up to the cent (commercial rounding, as ledgers round)."""
    return (amount * rate_to_cny).quantize(CENT, rounding=ROUND_HALF_UP)
