"""Permission-aware reads of questionnaires, and a version's content as a definition."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from assessments.models import (
    Area,
    Choice,
    Column,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)
from assessments.questionnaires.definitions import FORMAT, plain_number
from assessments.scoring.calculation import AreaRule, Band, QuestionRule
from core.permissions import is_staff_member


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


@dataclass(frozen=True)
class LoadedVersion:
    """A version's areas and questions as loaded once, with what is derived from them.

    Every reader of a version's content (answers, visibility, scoring, the portal, the audit
    workbook) goes through this object rather than re-reading or re-shaping the rows. The model
    instances are shared between callers and must not be modified.
    """

    version_id: int
    areas: tuple[Area, ...]
    questions: tuple[Question, ...]

    @cached_property
    def by_code(self) -> dict[str, Question]:
        return {question.code: question for question in self.questions}

    @cached_property
    def by_id(self) -> dict[int, Question]:
        return {question.pk: question for question in self.questions}

    def question(self, code: str) -> Question | None:
        return self.by_code.get(code)

    @cached_property
    def rules(self) -> ScoringRules:
        """The scoring rules of the version as plain data, for the pure scoring functions."""
        return ScoringRules(
            areas=tuple(AreaRule(area.code, area.weight) for area in self.areas),
            questions=tuple(_question_rule(question) for question in self.questions),
        )


@dataclass(frozen=True)
class ScoringRules:
    areas: tuple[AreaRule, ...]
    questions: tuple[QuestionRule, ...]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _question_rule(question: Question) -> QuestionRule:
    return QuestionRule(
        code=question.code,
        area=question.area.code,
        type=question.type,
        scoring=question.scoring,
        max_points=question.max_points,
        criticality=question.criticality,
        requires_evidence=question.requires_evidence,
        points_yes=question.points_yes,
        points_no=question.points_no,
        bands=tuple(
            Band(_decimal(band.get("min")), _decimal(band.get("max")), Decimal(str(band["points"])))
            for band in question.bands or []
        ),
        choice_points={
            choice.code: choice.points
            for choice in question.choices.all()
            if choice.column_id is None
        },
        categories=tuple(question.categories or ()),
        condition=question.condition,
    )


# Published and retired versions cannot change (VersionContent refuses every edit), so each
# process loads their areas and questions once instead of on every page, save and submission.
_CONTENT_CACHE: dict[int, tuple[tuple[str, Any], LoadedVersion]] = {}
_CONTENT_CACHE_SIZE = 32


def version_load(version: QuestionnaireVersion) -> LoadedVersion:
    """The version's content, kept in memory for versions that can no longer change.

    Drafts are always read fresh. The entry is keyed by the content hash and publication time
    as well as the id, so a restored or rebuilt database never gets another version's rows.
    """
    if version.status == QuestionnaireVersion.Status.DRAFT or not version.content_hash:
        return _load(version)
    key = (version.content_hash, version.published_at)
    hit = _CONTENT_CACHE.get(version.pk)
    if hit is None or hit[0] != key:
        loaded = _load(version)
        if len(_CONTENT_CACHE) >= _CONTENT_CACHE_SIZE:
            _CONTENT_CACHE.pop(next(iter(_CONTENT_CACHE)), None)
        hit = _CONTENT_CACHE[version.pk] = (key, loaded)
    return hit[1]


def _load(version: QuestionnaireVersion) -> LoadedVersion:
    areas, questions = version_content(version)
    return LoadedVersion(version.pk, tuple(areas), tuple(questions))


def version_content_cached(version: QuestionnaireVersion) -> tuple[list[Area], list[Question]]:
    """`version_load`'s areas and questions as lists of the caller's own."""
    loaded = version_load(version)
    return list(loaded.areas), list(loaded.questions)


def version_content_cache_clear() -> None:
    _CONTENT_CACHE.clear()


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
        "code_of_conduct_en": version.code_of_conduct_en,
        "code_of_conduct_zh": version.code_of_conduct_zh,
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
        "exclusive": choice.is_exclusive,
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
        "requires_validity": question.requires_validity,
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
