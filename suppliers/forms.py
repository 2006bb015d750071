"""Staff forms: they check the shape of the input; services apply the rules."""

from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from suppliers.models import (
    SUPPLIER_EDITABLE_FIELDS,
    Category,
    RelationshipEndReason,
    Site,
    Supplier,
)


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = list(SUPPLIER_EDITABLE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(is_active=True)
        if self.instance.pk and self.instance.category_id:
            categories = Category.objects.filter(is_active=True) | Category.objects.filter(
                pk=self.instance.category_id
            )
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["registration_code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false"}
        )
        if not self.instance.pk:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (Supplier.Status.ACTIVE, Supplier.Status.ACTIVE.label),
                (Supplier.Status.SUSPENDED, Supplier.Status.SUSPENDED.label),
            ]

    def _post_clean(self) -> None:
        # Model validation (registration code, uniqueness) runs once, in the service.
        pass


SiteFormSet: Any = inlineformset_factory(
    Supplier,
    Site,
    fields=["name", "address", "country"],
    extra=1,
    can_delete=True,
)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["slug", "name_en", "name_zh", "is_active", "sort_order"]


class SupplierImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row, import nothing"),
        required=False,
    )


def site_rows(formset: Any) -> list[dict[str, Any]]:
    """The kept sites of a bound, valid SiteFormSet, as the services take them."""
    rows = []
    for site_form in formset.forms:
        data = site_form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        row = {"name": data["name"], "address": data["address"], "country": data["country"]}
        if data.get("id") is not None:
            row["id"] = data["id"].pk
        rows.append(row)
    return rows


class RelationshipEndForm(forms.Form):
    """Shape only: the service checks that date and reason go together and the date is past."""

    relationship_ended_on = forms.DateField(
        label=_("Relationship ended on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    relationship_end_reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", "—"), *RelationshipEndReason.choices],
    )
    relationship_end_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
