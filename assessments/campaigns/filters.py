"""Assessment list filters of the API (django-filter)."""

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

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

    class Meta:
        model = Assessment
        fields = ["campaign", "supplier", "status"]
