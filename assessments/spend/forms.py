"""Staff forms of spend: they check the shape of the input; services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.spend.models import ExchangeRate
from assessments.spend.values import FIRST_PERIOD, LAST_PERIOD


class SpendImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class SpendFilterForm(forms.Form):
    """The spend list's filters (GET): a bad value is ignored, never an error page."""

    period = forms.IntegerField(
        label=_("Reporting period"), required=False, min_value=FIRST_PERIOD, max_value=LAST_PERIOD
    )
    q = forms.CharField(
        label=_("Supplier name or registration code"), required=False, max_length=100
    )
    supplier = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["period", "currency", "rate_to_cny", "source"]
        help_texts = {
            "period": _("The year the reporting period starts in: 2025 is FY 2025/26."),
            "currency": _("ISO 4217 code, e.g. USD."),
            "rate_to_cny": _("CNY for one unit of the currency."),
            "source": _("Where the rate comes from, e.g. PBOC central parity, 2025-04-01."),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:
            # A rate is for its period and currency: only its value and source change.
            for name in ("period", "currency"):
                self.fields[name].disabled = True

    def _post_clean(self) -> None:
        # The rules (unique per period and currency, positive, a source) run in the service.
        pass
