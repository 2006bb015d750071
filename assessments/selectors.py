"""Permission-aware reads of questionnaires, and a version's content as a definition."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from assessments.definitions import FORMAT, plain_number
from assessments.models import Area, Choice, Column, Question, Questionnaire, QuestionnaireVersion
from suppliers.permissions import is_staff_member


def questionnaire_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Questionnaire]:
    if not is_staff_member(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.prefetch_related(
        Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("-number"))
    )


def version_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, version_id: Any
) -> QuestionnaireVersion:
    """The only way a view or API turns an id into a version; 404 for what may not be seen."""
    if not is_staff_member(user):
        raise Http404("No such version.")
    try:
        return QuestionnaireVersion.objects.select_related("questionnaire", "based_on").get(
            pk=int(version_id)
        )
    except (QuestionnaireVersion.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such version.") from exc


def version_content(version: QuestionnaireVersion) -> tuple[list[Area], list[Question]]:
    """Areas and questions with their choices and columns, in four queries."""
    areas = list(version.areas.all())
    questions = list(
        version.questions.select_related("area").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.select_related("column").order_by("order")),
            Prefetch(
                "columns",
                queryset=Column.objects.prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("order"))
                ).order_by("order"),
            ),
        )
    )
    return areas, questions


def version_to_definition(version: QuestionnaireVersion) -> dict[str, Any]:
    """The portable definition of a version: what is exported, hashed and compared."""
    areas, questions = version_content(version)
    choices: list[dict[str, Any]] = []
    columns: list[dict[str, Any]] = []
    for question in questions:
        for choice in question.choices.all():
            if choice.column_id is None:
                choices.append(_choice(question, choice, column=""))
        for column in question.columns.all():
            columns.append(
                {
                    "question": question.code,
                    "code": column.code,
                    "type": column.type,
                    "label_en": column.label_en,
                    "label_zh": column.label_zh,
                    "unit": column.unit,
                    "is_required": column.is_required,
                }
            )
            for choice in column.choices.all():
                choices.append(_choice(question, choice, column=column.code))
    questionnaire = version.questionnaire
    return {
        "format": FORMAT,
        "questionnaire": {
            "code": questionnaire.code,
            "name_en": questionnaire.name_en,
            "name_zh": questionnaire.name_zh,
        },
        "version": {
            "number": version.number,
            "status": version.status,
            "content_hash": version.content_hash,
        },
        "areas": [
            {
                "code": area.code,
                "title_en": area.title_en,
                "title_zh": area.title_zh,
                "weight": plain_number(area.weight),
            }
            for area in areas
        ],
        "questions": [_question(question) for question in questions],
        "choices": choices,
        "columns": columns,
    }


def _choice(question: Question, choice: Choice, *, column: str) -> dict[str, Any]:
    return {
        "question": question.code,
        "column": column,
        "code": choice.code,
        "label_en": choice.label_en,
        "label_zh": choice.label_zh,
        "points": plain_number(choice.points),
    }


def _question(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "area": question.area.code,
        "type": question.type,
        "text_en": question.text_en,
        "text_zh": question.text_zh,
        "help_en": question.help_en,
        "help_zh": question.help_zh,
        "is_required": question.is_required,
        "criticality": question.criticality,
        "categories": list(question.categories or []),
        "condition": question.condition,
        "allows_not_applicable": question.allows_not_applicable,
        "requires_evidence": question.requires_evidence,
        "scoring": question.scoring,
        "max_points": plain_number(question.max_points),
        "points_yes": plain_number(question.points_yes),
        "points_no": plain_number(question.points_no),
        "bands": list(question.bands or []),
        "unit": question.unit,
        "min": plain_number(question.min_value),
        "max": plain_number(question.max_value),
        "data_quality": question.data_quality,
    }
