"""What a disclosure figure is, and the one percentage rule: pure, no database, no request.

A figure is a number (a count of suppliers, a percentage of a base set of suppliers, or a value
with a unit) and the suppliers behind it, so that every number can be drilled down to its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessments.disclosures.frameworks import Reference

# Units of a figure's value (stable codes of the API).
SUPPLIERS = "suppliers"
PERCENT = "percent"
TONNES_CO2E = "tCO2e"

PERCENT_PLACES = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, rounded half up to one decimal; None when the base is empty
    (a percentage of nothing is not zero: it is not defined)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    """One disclosure figure of one reporting period.

    `supplier_ids` are the suppliers the number counts (for a percentage: the part, never the
    base); `base` is the size of the base set of a percentage (None for counts and values).
    """

    code: str
    title: str
    definition: str
    references: tuple[Reference, ...]
    value: int | Decimal | None
    unit: str
    supplier_ids: tuple[int, ...]
    base: int | None = None
    # Why there is no number yet (a figure another module will feed), in words.
    pending: str = ""

    @property
    def supplier_count(self) -> int:
        return len(self.supplier_ids)


def count_figure(
    *,
    code: str,
    title: str,
    definition: str,
    references: tuple[Reference, ...],
    supplier_ids: Iterable[int],
) -> Figure:
    ids = tuple(sorted(set(supplier_ids)))
    return Figure(
        code=code,
        title=title,
        definition=definition,
        references=references,
        value=len(ids),
        unit=SUPPLIERS,
        supplier_ids=ids,
    )


def share_figure(
    *,
    code: str,
    title: str,
    definition: str,
    references: tuple[Reference, ...],
    part_ids: Iterable[int],
    base_ids: Iterable[int],
) -> Figure:
    """The part of a base set as a percentage; suppliers of the part outside the base are not
    counted (the part is always read within its base)."""
    base = set(base_ids)
    ids = tuple(sorted(set(part_ids) & base))
    return Figure(
        code=code,
        title=title,
        definition=definition,
        references=references,
        value=percent(len(ids), len(base)),
        unit=PERCENT,
        supplier_ids=ids,
        base=len(base),
    )
