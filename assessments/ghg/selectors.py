"""GHG reads: the factor set in force, an assessment's emissions computed on the fly from its
current answers, and the warnings a supplier gets when a saved line cannot be computed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.ghg.calculation import (
    ENERGY_TABLE,
    NO_CONVERSION,
    NO_GWP,
    REFRIGERANT_TABLE,
    Factor,
    FactorTable,
    GhgResult,
    Line,
    calculate,
    energy_lines,
    refrigerant_lines,
)
from assessments.models import Answer, Assessment, EmissionFactor, FactorSet, Question
from assessments.questionnaires.selectors import version_load

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


def factor_table(factor_set: FactorSet, year: int) -> FactorTable:
    """The figures of a set; for yearly ones (the grid factor) the reporting year's, or the
    latest published before it (the line's source then says which year was used)."""
    grouped: dict[tuple[str, str], list[EmissionFactor]] = {}
    gwps: dict[str, Factor] = {}
    ncv: dict[tuple[str, str], Factor] = {}
    density: dict[str, Factor] = {}
    for row in EmissionFactor.objects.filter(factor_set=factor_set):
        factor = Factor(row.activity, row.unit, row.value, row.scope, row.source)
        if row.kind == EmissionFactor.Kind.GWP:
            gwps[row.activity] = factor
        elif row.kind == EmissionFactor.Kind.NCV:
            ncv[(row.activity, row.unit)] = factor
        elif row.kind == EmissionFactor.Kind.DENSITY:
            density[row.activity] = factor
        else:
            grouped.setdefault((row.activity, row.unit), []).append(row)
    activity: dict[tuple[str, str], Factor] = {}
    for key, rows in grouped.items():
        row = _pick_year(rows, year)
        source = row.source
        if row.year is not None and row.year != year:
            source = f"{source} (factor for {row.year}, used for {year})"
        activity[key] = Factor(row.activity, row.unit, row.value, row.scope or 1, source)
    return FactorTable(activity=activity, gwps=gwps, ncv=ncv, density=density)


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


def table_rows(value: Any) -> list[dict[str, Any]]:
    """Table rows; anything else (another questionnaire may use the code otherwise) is none."""
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class GhgFigures:
    """A calculation with what it was made from."""

    result: GhgResult
    factor_set: FactorSet
    declared_scope1: Decimal | None
    declared_scope2: Decimal | None


def ghg_compute(*, assessment: Assessment) -> GhgFigures | None:
    """Scope 1, 2 and the memo from the current answers with the factor set in force (pure
    calculation, nothing stored); None when no factor set exists yet."""
    factor_set = current_factor_set()
    if factor_set is None:
        return None
    table = factor_table(factor_set, assessment.campaign.period_start.year)
    answers = {
        code: value
        for code, value in Answer.objects.filter(
            assessment=assessment,
            question__code__in=[
                ENERGY_TABLE,
                REFRIGERANT_TABLE,
                REVENUE,
                DECLARED_SCOPE1,
                DECLARED_SCOPE2,
            ],
            not_applicable=False,
        ).values_list("question__code", "value")
    }
    declared1 = _declared(answers.get(DECLARED_SCOPE1), "emissions")
    declared2 = _declared(answers.get(DECLARED_SCOPE2), "location_based")
    result = calculate(
        energy=table_rows(answers.get(ENERGY_TABLE)),
        refrigerants=table_rows(answers.get(REFRIGERANT_TABLE)),
        revenue=answers.get(REVENUE),
        factors=table,
        declared_scope1=declared1,
        declared_scope2=declared2,
    )
    return GhgFigures(result, factor_set, declared1, declared2)


def _labels(question: Question | None) -> dict[str, str]:
    if question is None:
        return {}
    return {choice.code: choice.label for choice in question.choices.all()}


def _warning(line: Line, labels: dict[str, str]) -> str:
    kind = line.activity.removeprefix("refrigerant:").split(":")[0]
    values = {"row": line.row, "type": labels.get(kind, kind), "unit": labels.get(line.unit, "")}
    values["unit"] = values["unit"] or line.unit
    if line.note == NO_GWP:
        return (
            _(
                "Row %(row)s: %(type)s has no GWP, so its top-up is not counted in your "
                "emissions. Give its GWP in the row."
            )
            % values
        )
    if line.note == NO_CONVERSION:
        return (
            _(
                "Row %(row)s: %(unit)s of %(type)s cannot be converted, so this row is not "
                "counted in your emissions."
            )
            % values
        )
    return (
        _(
            "Row %(row)s: GreenGate has no emission factor for %(type)s, so this row is not "
            "counted in your Scope 1 and 2 emissions; the reviewer sees it flagged. Name the "
            "fuel in the notes."
        )
        % values
    )


def ghg_save_warnings(*, assessment: Assessment, question_codes: Iterable[str]) -> list[str]:
    """For the energy and refrigerant tables among the saved answers: each line that cannot
    be computed with the factor set in force, in words for the supplier. No query for other
    questions."""
    codes = set(question_codes) & {ENERGY_TABLE, REFRIGERANT_TABLE}
    if not codes:
        return []
    factor_set = current_factor_set()
    if factor_set is None:
        return []
    version = Assessment.objects.select_related("version").get(pk=assessment.pk).version
    answers = dict(
        Answer.objects.filter(
            assessment_id=assessment.pk, question__code__in=codes, not_applicable=False
        ).values_list("question__code", "value")
    )
    if not any(table_rows(value) for value in answers.values()):
        return []
    # Computability does not depend on the year (only the grid factor is yearly).
    table = factor_table(factor_set, year=9999)
    loaded = version_load(version)
    warnings = []
    for code in sorted(codes):
        rows = table_rows(answers.get(code))
        if not rows:
            continue
        question = loaded.question(code)
        if question is None or question.type != Question.Type.TABLE:
            continue
        lines = (
            energy_lines(rows, table)
            if code == ENERGY_TABLE
            else refrigerant_lines(rows, table.gwps)
        )
        labels = _labels(question)
        warnings += [_warning(line, labels) for line in lines if not line.computed]
    return warnings
