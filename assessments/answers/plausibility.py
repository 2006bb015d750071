"""Plausibility warnings: answers that are allowed but look wrong, for the reviewer to check.

Pure: no database, no request. A warning never blocks the supplier (saving and submitting go on
as before); the staff assessment page shows each one beside its answer. The rules are keyed by
the question and column codes of the default questionnaire, so a questionnaire without those
codes gets no warnings:

- Non-hazardous waste diverted from disposal (`A3.5.1`) above the waste generated (`A3.5`),
  both in tonnes: more cannot be diverted than was generated.
- A base or target year of an improvement target (tables `A2.5.1`, `A4.9.1`, `A5.7.1`, columns
  `base_year` and `target_year`) outside 2000 to 2100, and a base year after the target year
  of the same row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

WASTE_GENERATED = "A3.5"
WASTE_DIVERTED = "A3.5.1"
TARGET_TABLES = ("A2.5.1", "A4.9.1", "A5.7.1")
BASE_YEAR, TARGET_YEAR = "base_year", "target_year"
# Targets of a code of conduct written in the 2020s: a year before 2000 or after 2100 is a typo.
FIRST_YEAR, LAST_YEAR = 2000, 2100

DIVERTED_ABOVE_GENERATED = "diverted_above_generated"
YEAR_OUT_OF_RANGE = "year_out_of_range"
BASE_YEAR_AFTER_TARGET_YEAR = "base_year_after_target_year"


@dataclass(frozen=True)
class PlausibilityWarning:
    """One warning beside the answer to `question`; `row` (from 1) and `column` in a table."""

    question: str
    kind: str
    row: int | None = None
    column: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _text(number: Decimal) -> str:
    normal = number.normalize()
    return "0" if normal.is_zero() else format(normal, "f")


def plausibility_warnings(values: Mapping[str, Any]) -> list[PlausibilityWarning]:
    """The warnings for an assessment's answer values by question code (not-applicable left out)."""
    warnings: list[PlausibilityWarning] = []
    generated, diverted = _number(values.get(WASTE_GENERATED)), _number(values.get(WASTE_DIVERTED))
    if generated is not None and diverted is not None and diverted > generated:
        warnings.append(
            PlausibilityWarning(
                question=WASTE_DIVERTED,
                kind=DIVERTED_ABOVE_GENERATED,
                params={
                    "diverted": _text(diverted),
                    "generated": _text(generated),
                    "generated_question": WASTE_GENERATED,
                },
            )
        )
    for code in TARGET_TABLES:
        rows = values.get(code)
        if isinstance(rows, list):
            warnings.extend(_target_rows(code, rows))
    return warnings


def _target_rows(code: str, rows: list[Any]) -> list[PlausibilityWarning]:
    warnings = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            continue
        years = {column: _number(row.get(column)) for column in (BASE_YEAR, TARGET_YEAR)}
        for column, year in years.items():
            if year is not None and not (FIRST_YEAR <= year <= LAST_YEAR):
                warnings.append(
                    PlausibilityWarning(
                        question=code,
                        kind=YEAR_OUT_OF_RANGE,
                        row=number,
                        column=column,
                        params={
                            "year": _text(year),
                            "first": str(FIRST_YEAR),
                            "last": str(LAST_YEAR),
                        },
                    )
                )
        base, target = years[BASE_YEAR], years[TARGET_YEAR]
        if base is not None and target is not None and base > target:
            warnings.append(
                PlausibilityWarning(
                    question=code,
                    kind=BASE_YEAR_AFTER_TARGET_YEAR,
                    row=number,
                    column=BASE_YEAR,
                    params={"base": _text(base), "target": _text(target)},
                )
            )
    return warnings
