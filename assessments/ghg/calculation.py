"""Scope 1 and 2 (location-based) emissions from a supplier's activity data. Pure functions.

Each activity line is quantity x factor, the factor in tCO2e per unit of the line; the factor
set (versioned reference data with its sources) is passed in, so a calculation can always be
repeated with the factors it used."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
THOUSAND = Decimal(1000)
# Declared totals that differ from the calculation by more than this share are flagged.
DIFFERENCE_THRESHOLD = Decimal("0.10")


@dataclass(frozen=True)
class Factor:
    activity: str
    unit: str
    value: Decimal  # tCO2e per unit
    scope: int
    source: str


@dataclass(frozen=True)
class Line:
    activity: str
    quantity: Decimal
    unit: str
    scope: int | None
    factor: Decimal | None
    source: str
    tco2e: Decimal
    note: str = ""


@dataclass(frozen=True)
class GhgResult:
    scope1: Decimal
    scope2: Decimal
    intensity: Decimal | None  # tCO2e per RMB million of revenue
    lines: tuple[Line, ...]
    flags: tuple[str, ...]


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def energy_lines(
    rows: Sequence[Mapping[str, Any]], factors: Mapping[tuple[str, str], Factor]
) -> list[Line]:
    """One line per energy row (type, quantity, unit); unknown combinations are kept at 0."""
    lines = []
    for row in rows:
        activity = str(row.get("energy_type") or "")
        unit = str(row.get("unit") or "")
        quantity = _number(row.get("quantity"))
        if not activity or quantity is None:
            continue
        factor = factors.get((activity, unit))
        if factor is None:
            lines.append(
                Line(activity, quantity, unit, None, None, "", ZERO, "no factor for this unit")
            )
            continue
        lines.append(
            Line(
                activity,
                quantity,
                unit,
                factor.scope,
                factor.value,
                factor.source,
                quantity * factor.value,
            )
        )
    return lines


def refrigerant_lines(rows: Sequence[Mapping[str, Any]], gwps: Mapping[str, Factor]) -> list[Line]:
    """Top-ups (kg) x GWP (AR5, 100 years) / 1000 = tCO2e; the declared GWP for "other"."""
    lines = []
    for row in rows:
        kind = str(row.get("refrigerant") or "")
        topup = _number(row.get("topup_kg"))
        if not kind or topup is None or topup == 0:
            continue
        factor = gwps.get(kind)
        gwp = factor.value if factor is not None else _number(row.get("gwp"))
        source = factor.source if factor is not None else "GWP declared by the supplier"
        if gwp is None:
            lines.append(Line(f"refrigerant:{kind}", topup, "kg", 1, None, "", ZERO, "no GWP"))
            continue
        lines.append(
            Line(f"refrigerant:{kind}", topup, "kg", 1, gwp, source, topup * gwp / THOUSAND)
        )
    return lines


def differs(calculated: Decimal, declared: Decimal | None) -> bool:
    """More than 10% apart (a declared zero differs from any calculated emission)."""
    if declared is None:
        return False
    if declared == 0:
        return calculated != 0
    return abs(calculated - declared) / abs(declared) > DIFFERENCE_THRESHOLD


def calculate(
    *,
    energy: Sequence[Mapping[str, Any]],
    refrigerants: Sequence[Mapping[str, Any]],
    revenue: Any,
    factors: Mapping[tuple[str, str], Factor],
    gwps: Mapping[str, Factor],
    declared_scope1: Decimal | None = None,
    declared_scope2: Decimal | None = None,
) -> GhgResult:
    lines = energy_lines(energy, factors) + refrigerant_lines(refrigerants, gwps)
    scope1 = sum((line.tco2e for line in lines if line.scope == 1), ZERO)
    scope2 = sum((line.tco2e for line in lines if line.scope == 2), ZERO)
    revenue_number = _number(revenue)
    intensity = (scope1 + scope2) / revenue_number if revenue_number else None
    flags = []
    if differs(scope1, declared_scope1):
        flags.append("scope1_differs")
    if differs(scope2, declared_scope2):
        flags.append("scope2_differs")
    if any(line.factor is None for line in lines):
        flags.append("lines_without_factor")
    return GhgResult(scope1, scope2, intensity, tuple(lines), tuple(flags))
