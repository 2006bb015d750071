"""Forms of the review pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AreaAcceptForm(forms.Form):
    area = forms.CharField(max_length=40)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        max_length=2000,
        required=False,
        label=_("Message to the supplier"),
        widget=forms.TextInput(attrs={"data-testid": "return-comment"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        required=False,
        label=_("Reason for rejection"),
        widget=forms.TextInput(attrs={"data-testid": "reject-reason"}),
    )
