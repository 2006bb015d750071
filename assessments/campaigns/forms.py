"""Forms of the campaign pages: create, extend, and filter the assessment list."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.campaigns.models import fiscal_year_start
from assessments.models import (
    Assessment,
    QuestionnaireVersion,
)
from core.validators import validate_single_line
from suppliers.models import Category, Region, Supplier


def _date_input() -> forms.DateInput:
    # The browser's date picker takes and gives ISO dates, whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(questionnaire)s · version %(number)s") % {
            "questionnaire": obj.questionnaire.name,
            "number": obj.number,
        }


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=200, validators=[validate_single_line]
    )
    questionnaire_version = VersionChoiceField(
        label=gettext_lazy("Questionnaire version"),
        queryset=QuestionnaireVersion.objects.none(),
        help_text=gettext_lazy("Only published versions can be used."),
    )
    period_start = forms.DateField(
        label=gettext_lazy("Reporting period start"), widget=_date_input()
    )
    period_end = forms.DateField(label=gettext_lazy("Reporting period end"), widget=_date_input())
    due_on = forms.DateField(label=gettext_lazy("Due date"), widget=_date_input())
    category = forms.ModelChoiceField(
        label=gettext_lazy("Supplier category"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Any category"),
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Supplier status"), required=False)
    suppliers = forms.CharField(
        label=gettext_lazy("Suppliers picked one by one"),
        required=False,
        max_length=10_000,
        help_text=gettext_lazy(
            "Supplier ids separated by commas, e.g. 12, 15, 31 (the id is the number in the "
            "address of the supplier's page). Leave empty to reach only the suppliers the "
            "filters match."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version_field: Any = self.fields["questionnaire_version"]
        version_field.queryset = (
            QuestionnaireVersion.objects.filter(status=QuestionnaireVersion.Status.PUBLISHED)
            .select_related("questionnaire")
            .order_by("questionnaire__code", "-number")
        )
        category_field: Any = self.fields["category"]
        category_field.queryset = Category.objects.filter(is_active=True)
        any_region: list[tuple[str, Any]] = [("", _("Any region"))]
        any_status: list[tuple[str, Any]] = [("", _("Any status"))]
        region_field: Any = self.fields["region"]
        region_field.choices = any_region + list(Region.choices)
        status_field: Any = self.fields["status"]
        status_field.choices = any_status + [
            (value, label)
            for value, label in Supplier.Status.choices
            if value != Supplier.Status.ARCHIVED
        ]
        if not self.is_bound:
            start = fiscal_year_start()
            self.initial.setdefault("period_start", start)
            self.initial.setdefault("period_end", datetime.date(start.year + 1, 3, 31))

    def clean_suppliers(self) -> list[int]:
        raw = self.cleaned_data.get("suppliers") or ""
        parts = [part for part in re.split(r"[\s,，;；]+", raw) if part]
        ids = []
        for part in parts:
            if not part.isdigit() or int(part) < 1:
                raise forms.ValidationError(
                    _("“%(value)s” is not a supplier id: enter whole numbers separated by commas.")
                    % {"value": part[:40]}
                )
            ids.append(int(part))
        return ids

    def supplier_filters(self) -> dict[str, str]:
        category = self.cleaned_data.get("category")
        return {
            "category": category.slug if category is not None else "",
            "region": self.cleaned_data.get("region") or "",
            "status": self.cleaned_data.get("status") or "",
        }


class ExtendForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("New due date"), widget=_date_input())


class AssessmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_status: list[tuple[str, Any]] = [("", _("Any status"))]
        status_field: Any = self.fields["status"]
        status_field.choices = any_status + list(Assessment.Status.choices)
