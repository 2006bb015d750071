"""Forms of the campaign pages: create and edit (with the supplier picker), extend, and filter
the assessment list."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.campaigns import services as campaign_services
from assessments.campaigns.models import fiscal_year_start
from assessments.models import (
    Assessment,
    Campaign,
    QuestionnaireVersion,
)
from assessments.prefill.selectors import campaign_base_choices
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


SUPPLIER_ID_SEPARATORS = r"[\s,，;；]+"


def picked_ids(data: Any) -> list[int]:
    """The supplier ids ticked in `data` (a QueryDict), skipping anything that is not one: the
    builder keeps showing what can be shown while the form reports the rest."""
    values = data.getlist("suppliers") if hasattr(data, "getlist") else []
    ids = {
        int(part)
        for value in values
        for part in re.split(SUPPLIER_ID_SEPARATORS, str(value))
        if part.isdigit() and 0 < int(part) < 2**31
    }
    return sorted(ids)


class SupplierIdsField(forms.Field):
    """Ticked suppliers: one id per checkbox (older clients send "12, 15, 31" in one value)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = []
        for raw in values:
            for part in re.split(SUPPLIER_ID_SEPARATORS, str(raw)):
                if not part:
                    continue
                if not part.isdigit() or not 0 < int(part) < 2**31:
                    raise forms.ValidationError(
                        _(
                            "“%(value)s” is not a supplier id: enter whole numbers separated "
                            "by commas."
                        )
                        % {"value": part[:40]}
                    )
                ids.append(int(part))
        return sorted(set(ids))


class SupplierChoiceForm(forms.Form):
    """Which suppliers a campaign reaches: filters, and suppliers found and ticked one by one."""

    category = forms.ModelChoiceField(
        label=gettext_lazy("Supplier category"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Any category"),
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Supplier status"), required=False)
    q = forms.CharField(
        label=gettext_lazy("Find suppliers"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Part of the name, English name or registration code."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    suppliers = SupplierIdsField(label=gettext_lazy("Suppliers picked one by one"), required=False)
    results_page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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

    def supplier_filters(self) -> dict[str, str]:
        cleaned = getattr(self, "cleaned_data", {})
        category = cleaned.get("category")
        return {
            "category": category.slug if category is not None else "",
            "region": cleaned.get("region") or "",
            "status": cleaned.get("status") or "",
        }

    def picker_state(self) -> dict[str, Any]:
        """What the supplier picker shows for this form's data, valid or not."""
        if self.is_bound:
            data: Any = self.data
            ids = picked_ids(data)
        else:
            data = self.initial
            ids = sorted(set(self.initial.get("suppliers") or []))
        filters = {key: str(data.get(key) or "")[:100] for key in ("category", "region", "status")}
        return {
            "query": str(data.get("q") or "")[:100],
            "picked_ids": ids,
            "supplier_filters": filters,
            "page": data.get("results_page") or 1,
        }


class CampaignForm(SupplierChoiceForm):
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
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        widget=_date_input(),
        help_text=gettext_lazy("After today and after the reporting period starts."),
    )

    based_on = forms.ModelChoiceField(
        label=gettext_lazy("Based on the campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=gettext_lazy("None: suppliers start from empty answers"),
        help_text=gettext_lazy(
            "Each supplier starts from its approved answers there, and confirms or changes them."
        ),
    )

    field_order = [
        "name",
        "questionnaire_version",
        "period_start",
        "period_end",
        "due_on",
        "based_on",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version_field: Any = self.fields["questionnaire_version"]
        version_field.queryset = (
            QuestionnaireVersion.objects.filter(status=QuestionnaireVersion.Status.PUBLISHED)
            .select_related("questionnaire")
            .order_by("questionnaire__code", "-number")
        )
        based_on_field: Any = self.fields["based_on"]
        based_on_field.queryset = campaign_base_choices()
        if not self.is_bound:
            start = fiscal_year_start()
            self.initial.setdefault("period_start", start)
            self.initial.setdefault("period_end", datetime.date(start.year + 1, 3, 31))

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict[str, Any]:
        """The form's values for editing `campaign` (a draft)."""
        filters = campaign.supplier_filters or {}
        return {
            "name": campaign.name,
            "questionnaire_version": campaign.questionnaire_version_id,
            "period_start": campaign.period_start,
            "period_end": campaign.period_end,
            "due_on": campaign.due_on,
            "category": filters.get("category", ""),
            "region": filters.get("region", ""),
            "status": filters.get("status", ""),
            "suppliers": sorted(campaign.suppliers.values_list("pk", flat=True)),
            "based_on": campaign.based_on_id,
        }

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        dates = {key: cleaned.get(key) for key in ("period_start", "period_end", "due_on")}
        required = ("name", "questionnaire_version", "period_start", "period_end", "due_on")
        if all(cleaned.get(key) is not None for key in required) and "suppliers" in cleaned:
            errors = campaign_services.campaign_errors(
                name=cleaned["name"],
                questionnaire_version=cleaned["questionnaire_version"],
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                due_on=cleaned["due_on"],
                supplier_ids=cleaned["suppliers"],
                supplier_filters=self.supplier_filters(),
                based_on=cleaned.get("based_on"),
            )
        else:
            errors = campaign_services.campaign_date_errors(**dates)
        for field, messages in errors.items():
            self.add_error(field if field in self.fields else None, messages)
        return cleaned


class ExtendForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("New due date"), widget=_date_input())

    def __init__(self, *args: Any, campaign: Campaign | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_due_on(self) -> datetime.date:
        due_on: datetime.date = self.cleaned_data["due_on"]
        errors = campaign_services.campaign_date_errors(
            period_start=self.campaign.period_start if self.campaign else None,
            period_end=None,
            due_on=due_on,
        )
        if errors:
            raise forms.ValidationError(errors["due_on"])
        return due_on


class AssessmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_status: list[tuple[str, Any]] = [("", _("Any status"))]
        status_field: Any = self.fields["status"]
        status_field.choices = any_status + list(Assessment.Status.choices)
