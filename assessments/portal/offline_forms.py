"""The portal's offline page: the upload of an answers workbook (its shape only; the import
checks the file and every cell)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class OfflineUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Answers workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "data-testid": "offline-file",
            }
        ),
    )
