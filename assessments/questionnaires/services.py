"""Every state change of questionnaires: create from a definition, edit a draft, clone, publish."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.errors import DefinitionInvalidError, VersionStateError
from assessments.models import Area, Choice, Column, Question, Questionnaire, QuestionnaireVersion
from assessments.questionnaires.definitions import (
    QUESTION_DEFAULTS,
    code_of_conduct_text,
    content_hash,
    to_decimal,
)
from assessments.questionnaires.selectors import version_to_definition
from assessments.questionnaires.validation import validate_definition
from suppliers.models import Category

DEFAULT_DEFINITION = Path(__file__).resolve().parents[1] / "data" / "supplier-esg-environment.json"


def known_categories() -> set[str]:
    return set(Category.objects.values_list("slug", flat=True))


def _raise_if_invalid(definition: dict[str, Any]) -> None:
    errors = validate_definition(definition, known_categories=known_categories())
    if errors:
        raise DefinitionInvalidError(
            _("The questionnaire definition has %(count)s problem(s).") % {"count": len(errors)},
            errors=[error.as_dict() for error in errors],
        )


@transaction.atomic
def version_create_from_definition(
    *,
    definition: dict[str, Any],
    created_by: User | None,
    based_on: QuestionnaireVersion | None = None,
) -> QuestionnaireVersion:
    """A new draft version from a valid definition; nothing is created when anything is wrong."""
    _raise_if_invalid(definition)
    meta = definition["questionnaire"]
    questionnaire, _created = Questionnaire.objects.get_or_create(
        code=meta["code"], defaults={"name_en": meta["name_en"], "name_zh": meta["name_zh"]}
    )
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    number = (questionnaire.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=number,
        created_by=created_by,
        based_on=based_on,
        code_of_conduct_en=code_of_conduct_text(definition.get("code_of_conduct_en")),
        code_of_conduct_zh=code_of_conduct_text(definition.get("code_of_conduct_zh")),
    )
    _write_content(version, definition)
    return version


def _write_content(version: QuestionnaireVersion, definition: dict[str, Any]) -> None:
    areas = {}
    for order, data in enumerate(definition["areas"]):
        areas[data["code"]] = Area.objects.create(
            version=version,
            code=data["code"],
            title_en=data["title_en"],
            title_zh=data["title_zh"],
            weight=to_decimal(data["weight"]) or Decimal(1),
            order=order,
        )
    questions = {}
    for order, raw in enumerate(definition["questions"]):
        data = {**QUESTION_DEFAULTS, **raw}
        questions[data["code"]] = Question.objects.create(
            version=version,
            area=areas[data["area"]],
            code=data["code"],
            order=order,
            type=data["type"],
            text_en=data["text_en"],
            text_zh=data["text_zh"],
            help_en=data["help_en"] or "",
            help_zh=data["help_zh"] or "",
            is_required=data["is_required"],
            criticality=data["criticality"],
            categories=sorted(data["categories"] or []),
            condition=data["condition"] or None,
            allows_not_applicable=data["allows_not_applicable"],
            requires_evidence=data["requires_evidence"],
            requires_validity=bool(data["requires_validity"]),
            scoring=data["scoring"],
            max_points=to_decimal(data["max_points"]) or Decimal(0),
            points_yes=to_decimal(data["points_yes"]),
            points_no=to_decimal(data["points_no"]),
            bands=data["bands"] or [],
            unit=data["unit"] or "",
            min_value=to_decimal(data["min"]),
            max_value=to_decimal(data["max"]),
            data_quality=data["data_quality"],
        )
    columns = {}
    column_orders: dict[str, int] = {}
    for data in definition["columns"]:
        order = column_orders.get(data["question"], 0)
        column_orders[data["question"]] = order + 1
        columns[(data["question"], data["code"])] = Column.objects.create(
            question=questions[data["question"]],
            code=data["code"],
            type=data["type"],
            label_en=data["label_en"],
            label_zh=data["label_zh"],
            unit=data.get("unit") or "",
            is_required=data.get("is_required", True),
            order=order,
        )
    choice_orders: dict[tuple[str, str], int] = {}
    for data in definition["choices"]:
        key = (data["question"], data.get("column") or "")
        order = choice_orders.get(key, 0)
        choice_orders[key] = order + 1
        Choice.objects.create(
            question=questions[data["question"]],
            column=columns[key] if key[1] else None,
            code=data["code"],
            label_en=data["label_en"],
            label_zh=data["label_zh"],
            points=to_decimal(data.get("points")) or Decimal(0),
            is_exclusive=bool(data.get("exclusive")),
            order=order,
        )


@transaction.atomic
def version_clone(
    *, version: QuestionnaireVersion, created_by: User | None
) -> QuestionnaireVersion:
    """New work starts from a copy: a draft with the same content, numbered next."""
    return version_create_from_definition(
        definition=version_to_definition(version), created_by=created_by, based_on=version
    )


@transaction.atomic
def version_publish(
    *, version: QuestionnaireVersion, published_by: User | None
) -> QuestionnaireVersion:
    """Publish a draft that validates; from then on its content is frozen and hashed."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != QuestionnaireVersion.Status.DRAFT:
        raise VersionStateError(
            _("Only a draft can be published; version %(number)s is %(status)s.")
            % {"number": version.number, "status": version.get_status_display()}
        )
    definition = version_to_definition(version)
    _raise_if_invalid(definition)
    version.content_hash = content_hash(definition)
    version.status = QuestionnaireVersion.Status.PUBLISHED
    version.published_by = published_by
    version.published_at = timezone.now()
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def version_retire(*, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """A retired version is no longer offered for new campaigns; past answers keep their meaning."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != QuestionnaireVersion.Status.PUBLISHED:
        raise VersionStateError(_("Only a published version can be retired."))
    version.status = QuestionnaireVersion.Status.RETIRED
    version.retired_at = timezone.now()
    version.save()
    return version


QUESTION_EDITABLE_FIELDS = (
    "text_en",
    "text_zh",
    "help_en",
    "help_zh",
    "is_required",
    "criticality",
    "allows_not_applicable",
    "requires_evidence",
    "requires_validity",
    "max_points",
    "points_yes",
    "points_no",
)


@transaction.atomic
def question_update(
    *, question: Question, choice_points: dict[int, Decimal] | None = None, **data: Any
) -> Question:
    """Change a draft's question (wording, help, flags, points); models refuse other versions.

    A critical item cannot allow "not applicable" (only a critical-if-applicable one can).
    """
    for key, value in data.items():
        if key not in QUESTION_EDITABLE_FIELDS:
            raise ValueError(f"{key} cannot be edited here")
        setattr(question, key, value)
    if question.criticality == Question.Criticality.CRITICAL and question.allows_not_applicable:
        message = _(
            "A critical item cannot allow “not applicable”. Choose “Critical if applicable” "
            "for an item that may not apply."
        )
        raise DefinitionInvalidError(
            message,
            errors=[
                {
                    "sheet": "questions",
                    "row": question.order + 2,
                    "column": "allows_not_applicable",
                    "message": message,
                }
            ],
            fields={"allows_not_applicable": [message]},
        )
    question.save()
    for choice in question.choices.filter(pk__in=list(choice_points or {})):
        choice.points = (choice_points or {})[choice.pk]
        choice.save()
    return question


def definition_load(*, path: Path, created_by: User | None = None) -> QuestionnaireVersion:
    """Load a definition file and publish it, unless a version with that content exists already."""
    definition = json.loads(path.read_text(encoding="utf-8"))
    digest = content_hash(definition)
    existing = QuestionnaireVersion.objects.filter(
        questionnaire__code=definition["questionnaire"]["code"], content_hash=digest
    ).first()
    if existing is not None:
        return existing
    version = version_create_from_definition(definition=definition, created_by=created_by)
    return version_publish(version=version, published_by=created_by)


def default_questionnaire_load() -> QuestionnaireVersion:
    """The shipped "Supplier ESG Code of Conduct: environmental areas" questionnaire."""
    return definition_load(path=DEFAULT_DEFINITION)
