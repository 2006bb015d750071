"""Assessment list filters of the API (django-filter)."""

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assessments.dashboard import selectors as figures
from assessments.models import Assessment


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """An id: a whole number, never a decimal, within what the database column holds."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class AssessmentFilter(django_filters.FilterSet):
    campaign = WholeNumberFilter(
        field_name="campaign_id",
        label=_("Campaign"),
        error_messages={"invalid": _("A whole number.")},
    )
    supplier = WholeNumberFilter(
        field_name="supplier_id",
        label=_("Supplier"),
        error_messages={"invalid": _("A whole number.")},
    )
    status = django_filters.ChoiceFilter(
        choices=Assessment.Status.choices,
        label=_("Status"),
        error_messages={"invalid_choice": _("Unknown status.")},
    )

    # The lists behind the dashboard's figures (1 = only those; the dashboard links here).
    overdue = django_filters.BooleanFilter(
        method="filter_figure", label=_("Overdue"), help_text=_("true: still open, past due.")
    )
    scored = django_filters.BooleanFilter(
        method="filter_figure", label=_("Scored"), help_text=_("true: with an overall score.")
    )
    critical = django_filters.BooleanFilter(
        method="filter_figure",
        label=_("Open critical actions"),
        help_text=_("true: with a critical corrective action not closed."),
    )
    ghg = django_filters.BooleanFilter(
        method="filter_figure",
        label=_("Scope 1+2 reported"),
        help_text=_("true: with a Scope 1 and 2 calculation."),
    )

    class Meta:
        model = Assessment
        fields = ["campaign", "supplier", "status", "overdue", "scored", "critical", "ghg"]

    def filter_figure(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        subset = figures.FIGURE_SUBSETS[name](queryset)
        return subset if value else queryset.exclude(pk__in=subset.values("pk"))
