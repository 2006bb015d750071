"""The reporting period a disclosures page, list, API call or workbook is for."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.disclosures.selectors import PERIOD_MAX, PERIOD_MIN


def period_error_text() -> str:
    return _(
        "Enter a reporting period as the year it starts in, from %(min)s to %(max)s "
        "(2025 is 1 April 2025 to 31 March 2026)."
    ) % {"min": PERIOD_MIN, "max": PERIOD_MAX}


period_error = lazy(period_error_text, str)


class PeriodForm(forms.Form):
    """`period` (optional: the latest period with a campaign when it is left out)."""

    period = forms.IntegerField(
        label=gettext_lazy("Reporting period"),
        required=False,
        error_messages={"invalid": period_error()},
    )

    def clean_period(self) -> int | None:
        value: int | None = self.cleaned_data.get("period")
        if value is not None and not PERIOD_MIN <= value <= PERIOD_MAX:
            raise forms.ValidationError(period_error_text(), code="invalid")
        return value
