from decimal import Decimal

import pytest

from assessments.spend.values import (
    CellError,
    amount_in_cny,
    parse_amount,
    parse_currency,
    parse_period,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", Decimal("0.00")),
        ("125000.5", Decimal("125000.50")),
        (" 1.20 ", Decimal("1.20")),
        ("1.000", Decimal("1.00")),  # trailing zeros are not decimals
        ("999999999999.99", Decimal("999999999999.99")),
    ],
)
def test_parse_amount_takes(text: str, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "-1", "1.234", "1,000.00", "1e5", "abc", "NaN", "Infinity", "1000000000000", "1 000"],
)
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(CellError):
        parse_amount(text)


@pytest.mark.parametrize(("text", "expected"), [("2025", 2025), (" 2000 ", 2000), ("2100", 2100)])
def test_parse_period_takes(text: str, expected: int) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "25", "FY2025", "2025/26", "1999", "2101", "2025.5"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(CellError):
        parse_period(text)


@pytest.mark.parametrize(("text", "expected"), [("", "CNY"), ("usd", "USD"), (" EUR ", "EUR")])
def test_parse_currency_takes(text: str, expected: str) -> None:
    assert parse_currency(text) == expected


@pytest.mark.parametrize("text", ["US", "US$", "DOLLAR", "12A"])
def test_parse_currency_refuses(text: str) -> None:
    with pytest.raises(CellError):
        parse_currency(text)


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        ("100.00", "1", "100.00"),
        ("100.00", "7.1234", "712.34"),
        ("0.01", "0.5", "0.01"),  # 0.005 rounds half up
        ("0.03", "0.5", "0.02"),  # 0.015 rounds half up, not to even
        ("1234.56", "0.00045", "0.56"),  # 0.555552
        ("999999999999.99", "10", "9999999999999.90"),
    ],
)
def test_amount_in_cny_rounds_half_up_to_the_cent(amount: str, rate: str, expected: str) -> None:
    assert amount_in_cny(Decimal(amount), Decimal(rate)) == Decimal(expected)
