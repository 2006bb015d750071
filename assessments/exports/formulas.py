"""The audit workbook's own formulas: Excel text that recomputes a score and checks it.

Pure string building. Sheet references come already quoted and cell addresses already
lettered, so nothing here needs openpyxl. The Answers columns the formulas read are those of
`assessments.exports.columns`: B assessment id, C area, K points, L maximum points, M counts
in score; D of Scores is the assessment id.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


class Formula(str):
    """One of our own formulas: the only strings written as formulas."""


def _sumifs(ref: str, first: int, last: int, column: str, row: int, area: str) -> str:
    """Points (K) or maximum points (L) of one area's counting rows of one assessment."""

    def cells(letter: str) -> str:
        return f"{ref}!${letter}${first}:${letter}${last}"

    return f'SUMIFS({cells(column)},{cells("B")},$D{row},{cells("C")},"{area}",{cells("M")},1)'


def area_score_formula(*, ref: str, first: int, last: int, row: int, area: str) -> Formula:
    """100 x points / maximum points of the area's counting rows in Answers rows first..last,
    rounded to 2 decimals; empty when the area has no points available."""
    earned = _sumifs(ref, first, last, "K", row, area)
    available = _sumifs(ref, first, last, "L", row, area)
    return Formula(f'=IF({available}=0,"",ROUND(100*{earned}/{available},2))')


def overall_score_formula(areas: Sequence[tuple[str, str]]) -> Formula:
    """The mean of the area score cells weighted by their weight cells ((cell, weight) pairs),
    over the areas that have a score, rounded to 2 decimals; empty when none has."""
    earned = "+".join(f"N({cell})*{weight}" for cell, weight in areas)
    weights = "+".join(f"ISNUMBER({cell})*{weight}" for cell, weight in areas)
    listed = ",".join(cell for cell, _weight in areas)
    return Formula(f'=IF(COUNT({listed})=0,"",ROUND(({earned})/({weights}),2))')


def agrees_formula(recomputed: str, stored: str, row: int) -> Formula:
    """TRUE when the recomputed and stored values agree (both empty counts as agreeing)."""
    a, b = f"{recomputed}{row}", f"{stored}{row}"
    return Formula(f'=IF({a}="",{b}="",IF({b}="",FALSE,ABS({a}-{b})<0.001))')


def band_test(cell: str, low: int | Decimal, high: int | Decimal | None) -> str:
    """A conditional-format test: the cell holds a score from `low` up to `high` (excluded)."""
    return f"AND(ISNUMBER({cell}),{cell}>={low}" + (f",{cell}<{high})" if high else ")")
