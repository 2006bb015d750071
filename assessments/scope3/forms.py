"""Forms of the Scope 3 pages: the period shown, the target, a factor set import."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.campaigns.models import period_of
from assessments.models import Scope3Target

FIRST_PERIOD = 2000
LAST_PERIOD = 2100


MAX_FILE_BYTES = 5 * 1024 * 1024  # a set has one row per category: a few kilobytes


def current_period() -> int:
    return period_of(datetime.date.today())


class PeriodForm(forms.Form):
    period = forms.IntegerField(
        label=_("Reporting period"), min_value=FIRST_PERIOD, max_value=LAST_PERIOD
    )
    base = forms.IntegerField(
        label=pgettext_lazy("the base reporting period", "Compare with"),
        min_value=FIRST_PERIOD,
        max_value=LAST_PERIOD,
        required=False,
    )


class Scope3TargetForm(forms.ModelForm):
    class Meta:
        model = Scope3Target
        fields = ["base_period", "target_year", "reduction_pct"]
        labels = {
            "base_period": _("Base period"),
            "target_year": _("Target year"),
            "reduction_pct": _("Reduction of kgCO2e per CNY of spend (percent)"),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for name in ("base_period", "target_year"):
            value = data.get(name)
            if isinstance(value, int) and not FIRST_PERIOD <= value <= LAST_PERIOD:
                self.add_error(name, _("Give a year from 2000 to 2100."))
        return data

    def _post_clean(self) -> None:
        pass  # the service validates and saves a new row, never this instance


class SpendFactorSetImportForm(forms.Form):
    file = forms.FileField(label=_("Factor workbook (.xlsx)"))
    name = forms.CharField(label=_("Name"), max_length=200)
    period = forms.IntegerField(
        label=_("Reporting period (blank: every period without its own set)"),
        min_value=FIRST_PERIOD,
        max_value=LAST_PERIOD,
        required=False,
    )
    notes = forms.CharField(
        label=_("Sources and notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
