"""Forms of the review pages."""

from __future__ import annotations

from django import forms


class AreaAcceptForm(forms.Form):
    area = forms.CharField(max_length=40)
