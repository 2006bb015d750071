"""Django admin for questionnaires: published and retired versions are shown read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.models import (
    Area,
    Choice,
    Column,
    EmissionFactor,
    FactorSet,
    GhgCalculation,
    LabelRules,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)


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


class EmissionFactorInline(admin.TabularInline):
    model = EmissionFactor
    extra = 0


@admin.register(FactorSet)
class FactorSetAdmin(admin.ModelAdmin):
    """New reference data is a new version (calculations keep the version they used)."""

    list_display = ["version", "name", "created_at"]
    inlines = [EmissionFactorInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A version that calculations used is never edited; add a new version instead.
        if obj is not None and obj.pk and GhgCalculation.objects.filter(factor_set=obj).exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(LabelRules)
class LabelRulesAdmin(admin.ModelAdmin):
    """Each change of the label rules is a new version (decisions keep the version they used)."""

    list_display = ["version", "min_overall", "min_area", "validity_months", "created_at"]
    readonly_fields = ["version", "created_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        latest = LabelRules.objects.in_force()
        obj.version = (latest.version if latest else 0) + 1
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
