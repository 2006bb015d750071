"""Forms of the corrective action pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from assessments.models import CorrectiveAction


class ActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Finding"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("What must be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    severity = forms.ChoiceField(
        label=gettext_lazy("Severity"), choices=CorrectiveAction.Severity.choices
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    question_code = forms.CharField(
        label=gettext_lazy("Question (optional)"), max_length=40, required=False
    )
