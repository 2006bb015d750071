"""Django admin for questionnaires: published and retired versions are shown read-only; Scope 3
reference data, targets and spend are shown read-only too (they change through their pages)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from assessments.errors import VersionImmutableError
from assessments.models import (
    Area,
    Choice,
    Column,
    EmissionFactor,
    ExchangeRate,
    FactorSet,
    GhgCalculation,
    LabelRules,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Scope3Target,
    SpendFactor,
    SpendFactorSet,
    SpendImport,
    SpendLine,
)


def _is_draft(obj: Any) -> bool:
    if obj is None:
        return True
    version = obj if isinstance(obj, QuestionnaireVersion) else getattr(obj, "version", None)
    if version is None and hasattr(obj, "question"):
        version = obj.question.version
    return bool(version is None or version.is_draft)


# Where each content row's version is found, for offering only draft versions' rows.
DRAFT_ROWS = {
    "version": "status",
    "area": "version__status",
    "question": "version__status",
    "column": "question__version__status",
}


class DraftOnlyMixin:
    """Content of published and retired versions is read-only here as in the model: forms offer
    only drafts (and their rows), and a version published while a form was open gets a message
    instead of the model's VersionImmutableError as a 500."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        status = DRAFT_ROWS.get(db_field.name)
        if field is not None and status is not None:
            field.queryset = field.queryset.filter(**{status: QuestionnaireVersion.Status.DRAFT})
            field.error_messages["invalid_choice"] = _(
                "Only a draft version's content can change. Clone the published version to a "
                "new draft and change the draft."
            )
        return field

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
        except VersionImmutableError as exc:  # the admin's transaction rolled it back
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.get_full_path())


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


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """CNY per unit of a currency per reporting period, with its source (spend imports use it)."""

    list_display = ["period", "currency", "rate_to_cny", "source", "updated_at", "updated_by"]
    list_filter = ["period", "currency"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.currency = obj.currency.strip().upper()
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# --- Scope 3 and spend: shown here, changed only through their pages and services -----------


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: no add, change or delete. Each row here is made by a service that checks it
    and keeps its history (a new version, a new target row, an import), so editing one in the
    admin would silently change figures already reported from it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SpendFactorInline(admin.TabularInline):
    model = SpendFactor
    extra = 0
    fields = readonly_fields = ("category", "kg_per_cny", "source", "base_year")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SpendFactorSet)
class SpendFactorSetAdmin(ReadOnlyAdmin):
    """A set is imported whole as a new version on the Scope 3 factor sets page; Category 1 is
    computed from the set in force whenever it is shown, so an edited factor would change past
    figures without a trace. A correction is a new import."""

    list_display = ["version", "name", "period", "created_by", "created_at"]
    list_filter = ["period"]
    list_select_related = ["created_by"]
    inlines = [SpendFactorInline]


@admin.register(Scope3Target)
class Scope3TargetAdmin(ReadOnlyAdmin):
    """Set on the Scope 3 page (`scope3_target_set`); the latest row is in force, the earlier
    ones are its history."""

    list_display = ["base_period", "target_year", "reduction_pct", "set_by", "set_at"]
    list_select_related = ["set_by"]


@admin.register(SpendLine)
class SpendLineAdmin(ReadOnlyAdmin):
    """Lines come from spend imports, with the exchange rate they used; a correction is a new
    import of the line (same supplier, period and reference)."""

    list_display = ["supplier", "period", "line_reference", "amount", "currency", "amount_cny"]
    list_filter = ["period", "currency"]
    list_select_related = ["supplier"]
    search_fields = ["line_reference", "supplier__name", "supplier__name_en"]
    raw_id_fields = ["supplier"]


@admin.register(SpendImport)
class SpendImportAdmin(ReadOnlyAdmin):
    """An import job and its per-row results, run by its task."""

    list_display = ["original_name", "status", "total_rows", "failed", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
