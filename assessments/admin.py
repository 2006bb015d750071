"""Django admin for questionnaires: published and retired versions are shown read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.models import Area, Choice, Column, Question, Questionnaire, QuestionnaireVersion


def _is_draft(obj: Any) -> bool:
    if obj is None:
        return True
    version = obj if isinstance(obj, QuestionnaireVersion) else getattr(obj, "version", None)
    if version is None and hasattr(obj, "question"):
        version = obj.question.version
    return bool(version is None or version.is_draft)


class DraftOnlyMixin:
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["questionnaire", "number", "status", "content_hash", "published_at"]
    list_filter = ["status", "questionnaire"]
    readonly_fields = ["status", "content_hash", "published_at", "published_by", "retired_at"]


@admin.register(Area)
class AreaAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "code", "title_en", "weight"]
    list_select_related = ["version__questionnaire"]


@admin.register(Question)
class QuestionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "code", "type", "criticality", "scoring", "max_points"]
    list_filter = ["version", "type", "criticality"]
    list_select_related = ["version__questionnaire"]
    search_fields = ["code", "text_en", "text_zh"]


@admin.register(Column)
class ColumnAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["question", "code", "type"]
    list_select_related = ["question__version"]


@admin.register(Choice)
class ChoiceAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["question", "column", "code", "points"]
    list_select_related = ["question__version", "column"]
