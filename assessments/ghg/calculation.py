"""Scope 1 and 2 (location-based) emissions from a supplier's activity data. Pure functions.

Each activity line is quantity x factor, the factor in tCO2e per unit of the line. The factor
set (versioned reference data with its sources) is passed in, so a calculation can always be
repeated with the factors it used. A set gives either a factor per unit of the line directly
(factor set v1) or a factor per GJ (fuels, heat) or per MWh (electricity) with the net
calorific values and densities that turn a line's unit into GJ (v2 and later).

Nothing is counted as zero silently: a line that cannot be computed (an "other" fuel, a unit
without a conversion, a refrigerant without a GWP) is kept with `computed=False` and the reason,
and is left out of the totals. CFC and HCFC top-ups (gases of the Montreal Protocol, not of
Kyoto) are a memo item outside the scopes, as the GHG Protocol Corporate Standard requires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
THOUSAND = Decimal(1000)
# Declared totals that differ from the calculation by more than this share are flagged.
DIFFERENCE_THRESHOLD = Decimal("0.10")

# Where the activity data sit in the default questionnaire (codes are stable across versions).
ENERGY_TABLE = "A2.1"
REFRIGERANT_TABLE = "A6.5"

STATIONARY = "stationary"
MOBILE = "mobile"

# The one place that says which units each energy type of the energy table takes: every unit
# here has a conversion (a fixed one for energy units, an NCV and a density for fuels), and
# saving a row with any other unit is refused. Other fuels take any fuel unit but have no
# factor: their lines are shown as not computed.
ENERGY_UNITS: Mapping[str, tuple[str, ...]] = {
    "purchased_electricity": ("kWh", "MWh", "GJ"),
    "onsite_renewable": ("kWh", "MWh", "GJ"),
    "purchased_heat_steam": ("GJ", "MWh", "kWh"),
    "natural_gas": ("m3", "thousand_m3", "GJ"),
    "diesel": ("L", "kg", "t", "GJ"),
    "gasoline": ("L", "kg", "t", "GJ"),
    "lpg": ("L", "kg", "t", "GJ"),
    "other_fuel": ("L", "kg", "t", "m3", "thousand_m3", "GJ"),
}
# Fuels burnt in the supplier's own engines or boilers: the `use` column (stationary or
# mobile) chooses their CH4 and N2O factors; electricity and heat are not burnt on site.
COMBUSTION_FUELS = frozenset({"natural_gas", "diesel", "gasoline", "lpg", "other_fuel"})

# Exact energy units (GJ per unit).
GJ_PER_UNIT: Mapping[str, Decimal] = {
    "GJ": Decimal(1),
    "MWh": Decimal("3.6"),
    "kWh": Decimal("0.0036"),
}
# Mass and volume units: the unit of the NCV they are converted with and the share of it.
NCV_UNIT: Mapping[str, tuple[str, Decimal]] = {
    "t": ("t", Decimal(1)),
    "kg": ("t", Decimal("0.001")),
    "thousand_m3": ("thousand_m3", Decimal(1)),
    "m3": ("thousand_m3", Decimal("0.001")),
}

# Refrigerants the supplier names without a GWP in the factor set: the GWP it declares is
# used; the choice says whether the gas is a Kyoto gas (Scope 1) or a CFC/HCFC (memo).
DECLARED_GWP_SCOPES: Mapping[str, int | None] = {"other": 1, "other_cfc_hcfc": None}

# Why a line was not computed (the services put these in words).
NO_FACTOR = "no_factor"
NO_CONVERSION = "no_conversion"
NO_GWP = "no_gwp"


@dataclass(frozen=True)
class Factor:
    activity: str
    unit: str
    value: Decimal  # tCO2e per unit; an NCV in GJ per unit; a density in kg per litre
    scope: int | None  # None for a GWP: outside the scopes (memo, non-Kyoto)
    source: str


@dataclass(frozen=True)
class FactorTable:
    """A factor set's figures, by (activity, unit); GWPs by gas; NCVs by (fuel, unit);
    densities by fuel."""

    activity: Mapping[tuple[str, str], Factor]
    gwps: Mapping[str, Factor] = field(default_factory=dict)
    ncv: Mapping[tuple[str, str], Factor] = field(default_factory=dict)
    density: Mapping[str, Factor] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    activity: str  # the energy type, "<type>:mobile" for vehicles, "refrigerant:<gas>"
    quantity: Decimal
    unit: str
    scope: int | None  # None: not computed, or a memo line
    factor: Decimal | None  # tCO2e per unit of the line
    source: str
    tco2e: Decimal
    note: str = ""  # the reason code when not computed
    computed: bool = True
    memo: bool = False  # a CFC or HCFC: outside the scopes
    row: int = 0  # the row of the table it comes from (1-based)

    @property
    def reason(self) -> str:
        return "" if self.computed else self.note


@dataclass(frozen=True)
class GhgResult:
    scope1: Decimal
    scope2: Decimal
    intensity: Decimal | None  # tCO2e (scope 1 + 2) per RMB million of revenue
    lines: tuple[Line, ...]
    flags: tuple[str, ...]
    memo_non_kyoto: Decimal = ZERO
    revenue: Decimal | None = None


@dataclass(frozen=True)
class UnitProblem:
    """A row of the energy table whose unit is not offered for its energy type."""

    row: int  # 1-based, as the supplier counts the rows
    energy_type: str
    unit: str
    allowed: tuple[str, ...]


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def energy_unit_problems(rows: Sequence[Any]) -> list[UnitProblem]:
    """Rows whose unit is not one of `ENERGY_UNITS` for their type (types it does not list,
    from another questionnaire, are not checked)."""
    problems = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            continue
        kind = str(row.get("energy_type") or "")
        unit = str(row.get("unit") or "")
        allowed = ENERGY_UNITS.get(kind)
        if allowed is not None and unit and unit not in allowed:
            problems.append(UnitProblem(number, kind, unit, allowed))
    return problems


def _use(row: Mapping[str, Any], kind: str) -> str:
    """Rows of earlier questionnaire versions have no `use` column: stationary."""
    if kind in COMBUSTION_FUELS and row.get("use") == MOBILE:
        return MOBILE
    return STATIONARY


def _gj_per_unit(fuel: str, unit: str, table: FactorTable) -> tuple[Decimal, list[str]] | None:
    """GJ in one unit of the line, with the sources of the NCV and density used."""
    if unit in GJ_PER_UNIT:
        return GJ_PER_UNIT[unit], []
    if unit in NCV_UNIT:
        ncv_unit, share = NCV_UNIT[unit]
        ncv = table.ncv.get((fuel, ncv_unit))
        return None if ncv is None else (ncv.value * share, [ncv.source])
    if unit == "L":
        ncv = table.ncv.get((fuel, "t"))
        density = table.density.get(fuel)
        if ncv is None or density is None:
            return None
        return density.value * ncv.value / THOUSAND, [ncv.source, density.source]
    return None


def _line_factor(
    activity: str, fuel: str, unit: str, table: FactorTable
) -> tuple[Factor, Decimal, Decimal, str] | str:
    """The factor per unit of the line as a numerator and a divisor (so that 36 GJ of
    electricity give exactly 10 MWh' worth), with its sources; or the reason there is none."""
    direct = table.activity.get((activity, unit))
    if direct is not None:  # factor set v1 gives some factors per unit of the line
        return direct, direct.value, Decimal(1), direct.source
    base = table.activity.get((activity, "GJ")) or table.activity.get((activity, "MWh"))
    if base is None:
        return NO_FACTOR
    converted = _gj_per_unit(fuel, unit, table)
    if converted is None:
        return NO_CONVERSION
    gj_per_line_unit, sources = converted
    numerator = base.value * gj_per_line_unit
    return base, numerator, GJ_PER_UNIT[base.unit], "; ".join([base.source, *sources])


def energy_lines(rows: Sequence[Mapping[str, Any]], table: FactorTable) -> list[Line]:
    """One line per energy row (type, quantity, unit, use); a row that cannot be computed is
    kept with its reason."""
    lines = []
    for number, row in enumerate(rows, start=1):
        kind = str(row.get("energy_type") or "")
        unit = str(row.get("unit") or "")
        quantity = _number(row.get("quantity"))
        if not kind or quantity is None:
            continue
        activity = kind if _use(row, kind) == STATIONARY else f"{kind}:{MOBILE}"
        found = _line_factor(activity, kind, unit, table)
        if isinstance(found, str):
            lines.append(
                Line(activity, quantity, unit, None, None, "", ZERO, found, False, row=number)
            )
            continue
        factor, numerator, divisor, source = found
        lines.append(
            Line(
                activity,
                quantity,
                unit,
                factor.scope,
                numerator / divisor,
                source,
                quantity * numerator / divisor,
                row=number,
            )
        )
    return lines


def refrigerant_lines(rows: Sequence[Mapping[str, Any]], gwps: Mapping[str, Factor]) -> list[Line]:
    """Top-ups (kg) x GWP (100 years) / 1000 = tCO2e; the declared GWP for "other" gases.
    A gas whose GWP has no scope (CFC, HCFC) is a memo line outside the scopes."""
    lines = []
    for number, row in enumerate(rows, start=1):
        kind = str(row.get("refrigerant") or "")
        topup = _number(row.get("topup_kg"))
        if not kind or topup is None or topup == 0:
            continue
        activity = f"refrigerant:{kind}"
        factor = gwps.get(kind)
        if factor is not None:
            gwp: Decimal | None = factor.value
            scope, source = factor.scope, factor.source
        else:
            gwp = _number(row.get("gwp"))
            scope = DECLARED_GWP_SCOPES.get(kind, 1)
            source = "GWP declared by the supplier"
        if gwp is None:
            lines.append(
                Line(activity, topup, "kg", None, None, "", ZERO, NO_GWP, False, row=number)
            )
            continue
        tco2e = topup * gwp / THOUSAND
        lines.append(
            Line(activity, topup, "kg", scope, gwp, source, tco2e, memo=scope is None, row=number)
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
    factors: Mapping[tuple[str, str], Factor] | FactorTable,
    gwps: Mapping[str, Factor] | None = None,
    declared_scope1: Decimal | None = None,
    declared_scope2: Decimal | None = None,
) -> GhgResult:
    table = (
        factors
        if isinstance(factors, FactorTable)
        else FactorTable(activity=factors, gwps=gwps or {})
    )
    lines = energy_lines(energy, table) + refrigerant_lines(refrigerants, table.gwps)
    scope1 = sum((line.tco2e for line in lines if line.computed and line.scope == 1), ZERO)
    scope2 = sum((line.tco2e for line in lines if line.computed and line.scope == 2), ZERO)
    memo = sum((line.tco2e for line in lines if line.computed and line.memo), ZERO)
    revenue_number = _number(revenue)
    intensity = (scope1 + scope2) / revenue_number if revenue_number else None
    flags = []
    if differs(scope1, declared_scope1):
        flags.append("scope1_differs")
    if differs(scope2, declared_scope2):
        flags.append("scope2_differs")
    if any(not line.computed for line in lines):
        flags.append("lines_without_factor")
    return GhgResult(scope1, scope2, intensity, tuple(lines), tuple(flags), memo, revenue_number)
