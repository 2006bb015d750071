"""The energy table's rule at save time: a row's unit must be one offered for its energy type
(`calculation.ENERGY_UNITS`), so that every saved line has a conversion."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.ghg.calculation import ENERGY_TABLE, energy_unit_problems
from assessments.models import Question


def _choice_labels(question: Question, column_code: str) -> dict[str, str]:
    return {
        choice.code: choice.label
        for choice in question.choices.all()
        if choice.column is not None and choice.column.code == column_code
    }


def _either(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def energy_units_check(question: Question, rows: Any) -> None:
    """ValueError naming the first row of the energy table whose unit its type does not take,
    e.g. "Row 2: L is not a unit of Purchased electricity; use kWh, MWh or GJ."."""
    if question.code != ENERGY_TABLE or question.type != Question.Type.TABLE:
        return
    problems = energy_unit_problems(rows if isinstance(rows, list) else [])
    if not problems:
        return
    problem = problems[0]
    units = _choice_labels(question, "unit")
    types = _choice_labels(question, "energy_type")
    raise ValueError(
        _("Row %(row)s: %(unit)s is not a unit of %(type)s; use %(units)s.")
        % {
            "row": problem.row,
            "unit": units.get(problem.unit, problem.unit),
            "type": types.get(problem.energy_type, problem.energy_type),
            "units": _either([units.get(unit, unit) for unit in problem.allowed]),
        }
    )
