"""Forms of the corrective action pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
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


class ActionVerifyForm(forms.Form):
    """The reviewer's closing: "I verified the fix" is the service's rule (it refuses without)."""

    verified = forms.BooleanField(
        label=gettext_lazy("I verified the supplier's fix"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )


# Question types whose improved answer the supplier can type on the action page; tables, files
# and multiple choices are answered on the assessment's own pages.
IMPROVABLE_TYPES = ("yes_no", "single_choice", "number", "text", "date")


class ActionResponseForm(forms.Form):
    """The supplier's answer to an action: what was done and, for an action on a question of a
    simple type, the improved answer (the service checks it as any answer is checked)."""

    response = forms.CharField(
        label=gettext_lazy("What did you do?"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, action: CorrectiveAction, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        question = action.question
        if question is None or question.type not in IMPROVABLE_TYPES:
            return
        label = _("Improved answer to %(code)s (optional)") % {"code": question.code}
        help_text = _("Saved to your answer once the reviewer verifies your fix.")
        initial = action.proposed_value
        if question.type == "yes_no":
            field: forms.Field = forms.ChoiceField(
                choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]
            )
            if isinstance(initial, bool):
                initial = "true" if initial else "false"
        elif question.type == "single_choice":
            field = forms.ChoiceField(
                choices=[
                    ("", "—"),
                    *[(c.code, c.label) for c in question.choices.all() if c.column_id is None],
                ]
            )
        elif question.type == "text":
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), strip=True)
        elif question.type == "date":
            field = forms.CharField(widget=forms.DateInput(attrs={"type": "date"}))
        else:
            unit = f" ({question.unit})" if question.unit else ""
            label = f"{label}{unit}"
            field = forms.CharField(
                max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"})
            )
        field.required = False
        field.label = label
        field.help_text = help_text
        field.initial = initial
        self.fields["improved_value"] = field
