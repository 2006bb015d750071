"""Forms of the label pages."""

from __future__ import annotations

from django import forms

from assessments.models import LabelRules


class LabelRulesForm(forms.ModelForm):
    class Meta:
        model = LabelRules
        fields = [
            "min_overall",
            "min_area",
            "not_assessed_area_passes",
            "forbid_critical_failures",
            "forbid_open_critical_actions",
            "forbid_expired_permits",
            "validity_months",
        ]

    def _post_clean(self) -> None:
        pass  # a new version is created by the service, never this instance saved
