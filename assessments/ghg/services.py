"""GHG calculations of assessments with the current factor set; each stores the set it used."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from assessments.ghg.calculation import Factor, calculate
from assessments.models import Answer, Assessment, EmissionFactor, FactorSet, GhgCalculation

# Where the activity data sit in the default questionnaire (codes are stable across versions).
ENERGY_TABLE = "A2.1"
REFRIGERANT_TABLE = "A6.5"
REVENUE = "A2.11"
DECLARED_SCOPE1 = "A4.4"  # rows with `emissions`
DECLARED_SCOPE2 = "A4.5"  # rows with `location_based`


def current_factor_set() -> FactorSet | None:
    return FactorSet.objects.order_by("-version").first()


def _pick_year(rows: list[EmissionFactor], year: int) -> EmissionFactor:
    """The reporting year's factor, else the latest one before it, else an undated one."""
    dated = [row for row in rows if row.year is not None]
    exact = [row for row in dated if row.year == year]
    if exact:
        return exact[0]
    before = [row for row in dated if row.year is not None and row.year < year]
    if before:
        return max(before, key=lambda row: row.year or 0)
    undated = [row for row in rows if row.year is None]
    return undated[0] if undated else min(dated, key=lambda row: row.year or 0)


def _factors(
    factor_set: FactorSet, year: int
) -> tuple[dict[tuple[str, str], Factor], dict[str, Factor]]:
    """The factors of a set; for yearly ones (the grid factor) the reporting year's, or the
    latest published before it (the line's source then says which year was used)."""
    grouped: dict[tuple[str, str], list[EmissionFactor]] = {}
    gwps: dict[str, Factor] = {}
    for row in EmissionFactor.objects.filter(factor_set=factor_set):
        if row.kind == EmissionFactor.Kind.GWP:
            gwps[row.activity] = Factor(
                row.activity, row.unit, row.value, row.scope or 1, row.source
            )
        else:
            grouped.setdefault((row.activity, row.unit), []).append(row)
    activity: dict[tuple[str, str], Factor] = {}
    for key, rows in grouped.items():
        row = _pick_year(rows, year)
        source = row.source
        if row.year is not None and row.year != year:
            source = f"{source} (factor for {row.year}, used for {year})"
        activity[key] = Factor(row.activity, row.unit, row.value, row.scope or 1, source)
    return activity, gwps


def _declared(rows: Any, column: str) -> Decimal | None:
    if not isinstance(rows, list):
        return None
    values = [
        row.get(column)
        for row in rows
        if isinstance(row, dict) and row.get(column) not in (None, "")
    ]
    if not values:
        return None
    return sum((Decimal(str(value)) for value in values), Decimal(0))


def _rows(value: Any) -> list[dict[str, Any]]:
    """Table rows; anything else (another questionnaire may use the code otherwise) is none."""
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@transaction.atomic
def ghg_calculate(*, assessment: Assessment) -> GhgCalculation | None:
    """Scope 1 and 2 from the answers; None when no factor set exists yet."""
    factor_set = current_factor_set()
    if factor_set is None:
        return None
    activity, gwps = _factors(factor_set, assessment.campaign.period_start.year)
    answers = {
        answer.question.code: answer.value
        for answer in Answer.objects.filter(
            assessment=assessment,
            question__code__in=[
                ENERGY_TABLE,
                REFRIGERANT_TABLE,
                REVENUE,
                DECLARED_SCOPE1,
                DECLARED_SCOPE2,
            ],
            not_applicable=False,
        ).select_related("question")
    }
    declared1 = _declared(answers.get(DECLARED_SCOPE1), "emissions")
    declared2 = _declared(answers.get(DECLARED_SCOPE2), "location_based")
    result = calculate(
        energy=_rows(answers.get(ENERGY_TABLE)),
        refrigerants=_rows(answers.get(REFRIGERANT_TABLE)),
        revenue=answers.get(REVENUE),
        factors=activity,
        gwps=gwps,
        declared_scope1=declared1,
        declared_scope2=declared2,
    )
    return GhgCalculation.objects.create(
        assessment=assessment,
        factor_set=factor_set,
        scope1=result.scope1,
        scope2=result.scope2,
        intensity=result.intensity,
        declared_scope1=declared1,
        declared_scope2=declared2,
        lines=[
            {
                "activity": line.activity,
                "quantity": _plain(line.quantity),
                "unit": line.unit,
                "scope": line.scope,
                "factor": _plain(line.factor),
                "source": line.source,
                "tco2e": _plain(line.tco2e),
                "note": line.note,
            }
            for line in result.lines
        ],
        flags=list(result.flags),
    )
