"""Scope 3 changes: the questionnaire version that asks for the allocation, importing a
spend-based factor set, setting the target."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assessments.models import QuestionnaireVersion, Scope3Target, SpendFactor, SpendFactorSet
from assessments.questionnaires.definitions import content_hash
from assessments.questionnaires.services import (
    DEFAULT_DEFINITION,
    default_questionnaire_load,
    version_create_from_definition,
    version_publish,
)
from assessments.scope3.workbooks import FACTOR_SHEET, read_factor_rows
from core.errors import ApplicationError
from suppliers.models import Category

SCOPE3_ADDITION = DEFAULT_DEFINITION.with_name("supplier-esg-environment-scope3.json")
MAX_FACTOR = Decimal(1000)  # kgCO2e per CNY: far above any economy's intensity
MAX_SOURCE = 300


def scope3_definition(
    *, base: Path = DEFAULT_DEFINITION, addition: Path = SCOPE3_ADDITION
) -> dict[str, Any]:
    """The default questionnaire with the Scope 3 allocation questions (A4.11, A4.11.1) after
    the item the addition names, and their choices; the questions the addition names under
    `requires_validity` (the permit and certificate questions) ask for their documents'
    validity. The published default cannot gain the flag (its content hash would change), so
    its next version carries it."""
    definition = json.loads(base.read_text(encoding="utf-8"))
    extra = json.loads(addition.read_text(encoding="utf-8"))
    codes = [question["code"] for question in definition["questions"]]
    if not any(question["code"] in codes for question in extra["questions"]):
        at = codes.index(extra["after"]) + 1  # else the default has them already
        definition["questions"][at:at] = extra["questions"]
        definition["choices"] += extra["choices"]
    flagged = set(extra.get("requires_validity", []))
    unknown = flagged - {question["code"] for question in definition["questions"]}
    if unknown:
        raise ValueError(f"requires_validity names no question: {', '.join(sorted(unknown))}")
    for question in definition["questions"]:
        if question["code"] in flagged:
            question["requires_validity"] = True
    return definition


@transaction.atomic
def scope3_questionnaire_load(*, created_by: User | None = None) -> QuestionnaireVersion:
    """Publish the default questionnaire with the allocation questions as its next version
    (after the default itself); published versions are immutable, so this is a new version.
    Idempotent: a version with the same content is returned as it is."""
    default_questionnaire_load()
    definition = scope3_definition()
    existing = QuestionnaireVersion.objects.filter(
        questionnaire__code=definition["questionnaire"]["code"],
        content_hash=content_hash(definition),
    ).first()
    if existing is not None:
        return existing
    version = version_create_from_definition(definition=definition, created_by=created_by)
    return version_publish(version=version, published_by=created_by)


class SpendFactorSetInvalidError(ApplicationError):
    """A factor workbook with bad cells; each error names its sheet, row and column."""

    code = "invalid_factor_set"

    def __init__(self, message: str, *, errors: list[dict[str, Any]]):
        super().__init__(message, errors=errors)
        self.errors = errors


def _error(row: int, column: str, message: str) -> dict[str, Any]:
    return {"sheet": FACTOR_SHEET, "row": row, "column": column, "message": message}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _factor_rows(rows: Any, categories: set[str]) -> tuple[list[SpendFactor], list[dict[str, Any]]]:
    factors: list[SpendFactor] = []
    errors: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for item in rows:
        row, values = item.row, item.values
        category = _text(values["category"])
        if not category:
            errors.append(_error(row, "category", _("Give the category code.")))
        elif category not in categories:
            errors.append(
                _error(
                    row,
                    "category",
                    _("Unknown category code “%(code)s”.") % {"code": category[:50]},
                )
            )
        elif category in seen:
            errors.append(
                _error(
                    row,
                    "category",
                    _("Category “%(code)s” is on row %(row)s too.")
                    % {"code": category, "row": seen[category]},
                )
            )
        else:
            seen[category] = row
        raw = values["kgco2e_per_cny"]
        factor: Decimal | None = None
        try:
            factor = None if isinstance(raw, bool) or raw is None else Decimal(_text(raw))
        except InvalidOperation:
            factor = None
        if factor is None or not factor.is_finite() or factor < 0 or factor > MAX_FACTOR:
            errors.append(
                _error(
                    row,
                    "kgco2e_per_cny",
                    _("Give the factor in kgCO2e per CNY: a number from 0 to 1000."),
                )
            )
            factor = None
        elif factor != factor.quantize(Decimal("0.000000001")):
            errors.append(
                _error(row, "kgco2e_per_cny", _("The factor may have at most 9 decimal places."))
            )
            factor = None
        source = _text(values["source"])
        if not source:
            errors.append(_error(row, "source", _("Give the source of the factor.")))
        elif len(source) > MAX_SOURCE:
            errors.append(_error(row, "source", _("The source may have at most 300 characters.")))
        year_text = _text(values["base_year"])
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not 1990 <= year <= 2100:
            errors.append(_error(row, "base_year", _("Give the base year (1990 to 2100).")))
        if factor is not None and year is not None and source and category in categories:
            factors.append(
                SpendFactor(category=category, kg_per_cny=factor, source=source, base_year=year)
            )
    return factors, errors


@transaction.atomic
def spend_factor_set_import(
    *,
    stream: IO[bytes],
    name: str,
    period: int | None,
    notes: str,
    created_by: User | None,
) -> SpendFactorSet:
    """Import a spend-based factor set from the template as the next version; a file with any
    bad cell imports nothing and names every bad cell (sheet, row, column)."""
    rows = read_factor_rows(stream=stream)
    factors, errors = _factor_rows(rows, set(Category.objects.values_list("slug", flat=True)))
    if not rows:
        errors.append(_error(2, "category", _("The sheet has no factor rows.")))
    if errors:
        raise SpendFactorSetInvalidError(
            _("The factor set was not imported: correct the cells listed."), errors=errors
        )
    number = (
        SpendFactorSet.objects.select_for_update().aggregate(top=Max("version"))["top"] or 0
    ) + 1
    factor_set = SpendFactorSet(
        version=number, name=name, period=period, notes=notes, created_by=created_by
    )
    factor_set.full_clean()
    factor_set.save()
    for factor in factors:
        factor.factor_set = factor_set
    SpendFactor.objects.bulk_create(factors)
    return factor_set


@transaction.atomic
def scope3_target_set(
    *, base_period: int, target_year: int, reduction_pct: Decimal, set_by: User | None
) -> Scope3Target:
    """The programme's Category 1 intensity target; the previous one stays as history."""
    target = Scope3Target(
        base_period=base_period,
        target_year=target_year,
        reduction_pct=reduction_pct,
        set_by=set_by,
    )
    target.full_clean()
    target.save()
    return target
