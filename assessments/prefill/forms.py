"""Forms of the next cycle prefilled: which carried answers to confirm, or to accept."""

from __future__ import annotations

from django import forms


class CarriedConfirmForm(forms.Form):
    # Empty: every carried answer of the area (the "confirm all" button); else one question.
    question = forms.CharField(max_length=40, required=False)


class CarriedAcceptForm(forms.Form):
    area = forms.CharField(max_length=40)
