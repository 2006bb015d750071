"""GHG calculations of assessments with the current factor set; each stores the set it used."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction

from assessments.ghg.calculation import ENERGY_TABLE, REFRIGERANT_TABLE, Line
from assessments.ghg.selectors import (
    DECLARED_SCOPE1,
    DECLARED_SCOPE2,
    REVENUE,
    current_factor_set,
    factor_table,
    ghg_compute,
)
from assessments.models import Assessment, GhgCalculation

logger = logging.getLogger(__name__)

# What GhgCalculation's columns hold: numeric(18, 4) totals and numeric(18, 6) intensity.
STORED_TOTAL_LIMIT = Decimal(10) ** 14
STORED_INTENSITY_LIMIT = Decimal(10) ** 12

__all__ = [
    "DECLARED_SCOPE1",
    "DECLARED_SCOPE2",
    "ENERGY_TABLE",
    "REFRIGERANT_TABLE",
    "REVENUE",
    "current_factor_set",
    "factor_table",
    "ghg_calculate",
    "line_data",
]

# What a line that was not computed says in the stored record and the audit workbook (the
# staff page and the API put the reason in the reader's language).
REASON_NOTES = {
    "no_factor": "not computed: no emission factor for this energy type",
    "no_conversion": "not computed: no conversion for this unit",
    "no_gwp": "not computed: no GWP",
}


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def line_data(line: Line) -> dict[str, object]:
    """A line as stored in `GhgCalculation.lines` (memo lines have the scope "memo")."""
    if line.memo:
        note = "memo: non-Kyoto gas, outside the scopes"
    else:
        note = REASON_NOTES.get(line.note, line.note)
    return {
        "activity": line.activity,
        "quantity": _plain(line.quantity),
        "unit": line.unit,
        "scope": "memo" if line.memo else line.scope,
        "factor": _plain(line.factor),
        "source": line.source,
        "tco2e": _plain(line.tco2e),
        "note": note,
        "computed": line.computed,
        "reason": line.reason,
    }


@transaction.atomic
def ghg_calculate(*, assessment: Assessment) -> GhgCalculation | None:
    """Store Scope 1, 2 and the non-Kyoto memo from the answers; None when no factor set
    exists yet. Lines that cannot be computed are kept, flagged, and left out of the totals."""
    figures = ghg_compute(assessment=assessment)
    if figures is None:
        return None
    result = figures.result
    totals = (result.scope1, result.scope2, result.memo_non_kyoto, figures.declared_scope1,
              figures.declared_scope2)  # fmt: skip
    if any(value is not None and abs(value) >= STORED_TOTAL_LIMIT for value in totals) or (
        result.intensity is not None and abs(result.intensity) >= STORED_INTENSITY_LIMIT
    ):
        # Inputs are bounded, but rows multiply by factors and add up: a total the columns
        # cannot hold is not stored (the score still is); the API computes it on the fly.
        logger.warning("GHG totals of assessment %s are too large to store", assessment.pk)
        return None
    return GhgCalculation.objects.create(
        assessment=assessment,
        factor_set=figures.factor_set,
        scope1=result.scope1,
        scope2=result.scope2,
        memo_non_kyoto=result.memo_non_kyoto,
        intensity=result.intensity,
        declared_scope1=figures.declared_scope1,
        declared_scope2=figures.declared_scope2,
        lines=[line_data(line) for line in result.lines],
        flags=list(result.flags),
    )
