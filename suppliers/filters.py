"""Supplier list filters, shared by the staff pages and the API."""

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from suppliers import extensions
from suppliers.models import Category, Region, Supplier
from suppliers.selectors import supplier_search

ORDERING_FIELDS = (
    ("name", "name"),
    ("name_en", "name_en"),
    ("registration_code", "registration_code"),
    ("country", "country"),
    ("status", "status"),
    ("category", "category"),
    ("region", "region"),
    ("shown_score", "score"),
    ("green_label__status", "label"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
)


# Assessment statuses that mean the supplier answered (its assessment reached the reviewers).
ANSWERED_STATUSES = ("submitted", "returned", "approved", "rejected")

# Every parameter of the supplier list (an export of the list carries them).
FILTER_KEYS = ("search", "category", "region", "status", "green", "ordering")


class SupplierOrderingFilter(django_filters.OrderingFilter):
    """Any column both ways; rows without a score or label come last in either direction."""

    NULLABLE = ("shown_score", "green_label__status")

    def filter(self, qs: QuerySet[Supplier], value: Any) -> Any:
        if value in EMPTY_VALUES:
            return qs
        fields = [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]
        if any(field.lstrip("-") in extensions.list_annotation_names() for field in fields):
            qs = extensions.supplier_list_annotate(qs)
        return qs.order_by(*[self._nulls_last(field) for field in fields])

    def _nulls_last(self, field: str) -> Any:
        name = field.lstrip("-")
        if name not in self.NULLABLE:
            return field
        return (
            F(name).desc(nulls_last=True) if field.startswith("-") else F(name).asc(nulls_last=True)
        )


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
    # The suppliers behind the dashboard's "suppliers assessed": "any", or a campaign id.
    assessed = django_filters.CharFilter(
        method="filter_assessed",
        label=_("Assessed"),
        help_text=_("any: suppliers that answered a questionnaire; a campaign id: in that one."),
    )
    ordering = SupplierOrderingFilter(
        fields=ORDERING_FIELDS,
        label=_("Sort"),
        field_labels={
            "name": _("Legal name"),
            "name_en": _("English name"),
            "registration_code": _("Registration code"),
            "country": _("Country"),
            "status": _("Status"),
            "category": _("Category"),
            "region": _("Region"),
            "shown_score": _("Score"),
            "green_label__status": _("Green label"),
            "created_at": _("Date registered"),
            "updated_at": _("Date last changed"),
        },
    )

    class Meta:
        model = Supplier
        fields = ["search", "category", "region", "status", "green"]

    def filter_search(self, queryset: QuerySet[Supplier], name: str, value: str) -> Any:
        return supplier_search(queryset, value)

    def filter_green(self, queryset: QuerySet[Supplier], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        active = Q(green_label__status="active")
        return queryset.filter(active) if value else queryset.exclude(active)

    def filter_assessed(self, queryset: QuerySet[Supplier], name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return queryset
        # Equal to assessments.dashboard.selectors.ANSWERED_STATUSES (this app may not import
        # it; a test keeps the two equal).
        answered = Q(assessments__status__in=ANSWERED_STATUSES)
        if value.isdigit() and len(value) < 19:
            answered &= Q(assessments__campaign_id=int(value))
        elif value != "any":
            return queryset.none()
        return queryset.filter(pk__in=Supplier.objects.filter(answered).values("pk"))

    @property
    def qs(self) -> QuerySet[Supplier]:
        queryset = super().qs
        # A stable order for pagination: the sort key, then the id.
        order = list(queryset.query.order_by) or ["name"]
        if "id" not in order and "-id" not in order:
            order.append("id")
        return queryset.order_by(*order)
