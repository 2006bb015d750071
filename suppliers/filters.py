"""Supplier list filters, shared by the staff pages and the API."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from suppliers.models import Category, Region, Supplier

ORDERING_FIELDS = (
    ("name", "name"),
    ("name_en", "name_en"),
    ("registration_code", "registration_code"),
    ("country", "country"),
    ("status", "status"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
)


# Every parameter of the supplier list (an export of the list carries them).
FILTER_KEYS = ("search", "category", "region", "status", "green", "ordering")


class SupplierFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("Part of the legal name, English name or registration code."),
    )
    category = django_filters.ModelChoiceFilter(
        field_name="category",
        to_field_name="slug",
        queryset=Category.objects.all(),
        label=_("Category"),
        help_text=_("Category code, e.g. logistics."),
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"))
    status = django_filters.ChoiceFilter(choices=Supplier.Status.choices, label=_("Status"))
    green = django_filters.BooleanFilter(
        method="filter_green",
        label=_("Green suppliers"),
        help_text=_("true: only suppliers holding an active green supplier label."),
    )
    ordering = django_filters.OrderingFilter(
        fields=ORDERING_FIELDS,
        label=_("Sort"),
        field_labels={
            "name": _("Legal name"),
            "name_en": _("English name"),
            "registration_code": _("Registration code"),
            "country": _("Country"),
            "status": _("Status"),
            "created_at": _("Date registered"),
            "updated_at": _("Date last changed"),
        },
    )

    class Meta:
        model = Supplier
        fields = ["search", "category", "region", "status", "green"]

    def filter_search(self, queryset: QuerySet[Supplier], name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_en__icontains=value)
            | Q(registration_code__icontains=value)
        )

    def filter_green(self, queryset: QuerySet[Supplier], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        active = Q(green_label__status="active")
        return queryset.filter(active) if value else queryset.exclude(active)

    @property
    def qs(self) -> QuerySet[Supplier]:
        queryset = super().qs
        # A stable order for pagination: the sort key, then the id.
        order = list(queryset.query.order_by) or ["name"]
        if "id" not in order and "-id" not in order:
            order.append("id")
        return queryset.order_by(*order)
