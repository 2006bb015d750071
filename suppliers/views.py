"""Staff pages and the supplier portal home: check input, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core import roles
from core.decorators import staff_required
from core.errors import ApplicationError
from core.imports import import_errors_page, import_form_submit, import_list_page
from core.pagination import RowsByKey
from core.permissions import acting_user, is_staff_member, is_supplier_user
from suppliers import extensions, selectors, services
from suppliers.apis import import_error_report_response, import_template_response
from suppliers.errors import DuplicateSupplierError
from suppliers.filters import FILTER_KEYS, SupplierFilter
from suppliers.forms import (
    CategoryForm,
    RelationshipEndForm,
    SiteFormSet,
    SupplierForm,
    SupplierImportForm,
    site_rows,
)
from suppliers.models import Category, Supplier

# Where each staff role starts its day, first match wins: the work that waits on a person
# (review, then decisions) before running campaigns, and reading (auditors) last. A reviewer
# who is also an approver lands on the review queue; staff with no listed role on campaigns.
_LANDINGS = (
    (roles.REVIEWER, "campaigns:review_queue", ""),
    # Approvers: what awaits their decision (submitted, every item decided).
    (roles.APPROVER, "campaigns:review_queue", "?status=submitted&review=complete"),
    (roles.PROCUREMENT_OFFICER, "campaigns:list", ""),
    (roles.PROCUREMENT_ADMIN, "campaigns:list", ""),
    (roles.AUDITOR, "exports:list", ""),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """`/` and where login lands (LOGIN_REDIRECT_URL): each role on its work (_LANDINGS)."""
    if is_supplier_user(request.user):
        return redirect("portal:home")
    if is_staff_member(request.user):
        groups = set(request.user.groups.values_list("name", flat=True))
        _, name, query = next((row for row in _LANDINGS if row[0] in groups), _LANDINGS[2])
        return redirect(reverse(name) + query)
    return render(request, "no_role.html", status=403)


# The list's sortable columns: the `ordering` parameter of each (suppliers.filters).
LIST_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("registration_code", gettext_lazy("Registration code")),
    ("category", gettext_lazy("Category")),
    ("region", gettext_lazy("Region")),
    ("status", gettext_lazy("Status")),
    ("score", gettext_lazy("Score")),
    ("label", gettext_lazy("Green label")),
)
LIST_PAGE_SIZE = 25


def _query_without(query: QueryDict, *keys: str) -> QueryDict:
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query


def _sort_columns(query: QueryDict) -> list[dict[str, Any]]:
    """Each column header: its link (the other filters kept, back to page 1) and current order."""
    current = (query.get("ordering") or "").split(",")[0]
    columns = []
    for key, label in LIST_COLUMNS:
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        link = _query_without(query, "page", "ordering")
        link["ordering"] = f"-{key}" if direction == "asc" else key
        columns.append(
            {
                "key": key,
                "label": label,
                "url": "?" + link.urlencode(),
                "direction": direction,
                "aria_sort": {"asc": "ascending", "desc": "descending"}.get(direction, "none"),
            }
        )
    return columns


@staff_required()
def supplier_list(request: HttpRequest) -> HttpResponse:
    """Every filter, sort and page is a GET parameter, so any view of the list can be bookmarked."""
    queryset = extensions.supplier_list_annotate(selectors.supplier_list(user=request.user))
    supplier_filter = SupplierFilter(request.GET or None, queryset=queryset)
    rows: QuerySet[Supplier] = (
        supplier_filter.qs if supplier_filter.is_bound else queryset.order_by("name", "id")
    )
    if supplier_filter.is_bound and not supplier_filter.is_valid():
        rows = queryset.none()
    page = Paginator(
        RowsByKey(rows, rows_for=lambda keys: queryset.filter(pk__in=keys)), LIST_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = _query_without(request.GET, "page")
    return render(
        request,
        "suppliers/supplier_list.html",
        {
            "filter": supplier_filter,
            "page": page,
            "query": query.urlencode(),
            "columns": _sort_columns(request.GET),
            "export_filters": {
                key: value for key, value in query.items() if key in FILTER_KEYS and value
            },
            # How many filters narrow the list (the sort does not): on a phone the filters
            # fold away, open when one is set.
            "active_filters": sum(
                bool(query.get(key)) for key in supplier_filter.filters if key != "ordering"
            ),
        },
    )


def _apply_service_errors(form: SupplierForm, exc: Exception) -> None:
    if isinstance(exc, DuplicateSupplierError):
        form.add_error("registration_code", exc.message)
    elif isinstance(exc, ValidationError):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)


def _supplier_form_data(form: SupplierForm) -> dict[str, Any]:
    return {field: form.cleaned_data[field] for field in form.Meta.fields}


@staff_required("suppliers.add_supplier")
@require_http_methods(["GET", "POST"])
def supplier_create(request: HttpRequest) -> HttpResponse:
    form = SupplierForm(request.POST or None)
    formset = SiteFormSet(request.POST or None, prefix="sites")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            supplier = services.supplier_create(
                created_by=acting_user(request),
                sites=site_rows(formset),
                **_supplier_form_data(form),
            )
        except (ApplicationError, ValidationError) as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("Supplier %(name)s registered.") % {"name": supplier.name})
            return redirect("suppliers:detail", supplier_id=supplier.pk)
    return render(
        request,
        "suppliers/supplier_form.html",
        {"form": form, "formset": formset, "supplier": None},
        status=400 if request.method == "POST" else 200,
    )


@staff_required("suppliers.change_supplier")
@require_http_methods(["GET", "POST"])
def supplier_edit(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    form = SupplierForm(request.POST or None, instance=supplier)
    formset = SiteFormSet(request.POST or None, instance=supplier, prefix="sites")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.supplier_update(
                supplier=supplier,
                updated_by=acting_user(request),
                sites=site_rows(formset),
                **_supplier_form_data(form),
            )
        except (ApplicationError, ValidationError) as exc:
            _apply_service_errors(form, exc)
        else:
            if formset.has_changed():
                message = _("Changes to %(name)s and its sites saved.")
            else:
                message = _("Changes to %(name)s saved.")
            messages.success(request, message % {"name": supplier.name})
            return redirect("suppliers:detail", supplier_id=supplier.pk)
    return render(
        request,
        "suppliers/supplier_form.html",
        {"form": form, "formset": formset, "supplier": supplier},
        status=400 if request.method == "POST" else 200,
    )


# The detail page's paginated sections, each with its own page parameter and anchor.
DETAIL_PAGE_PARAMS = ("assessments_page", "labels_page", "actions_page", "history_page")


@staff_required()
def supplier_detail(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    history_paginator = Paginator(selectors.supplier_history(supplier=supplier), 50)
    return render(
        request,
        "suppliers/supplier_detail.html",
        {
            "supplier": supplier,
            "may_end_relationship": selectors.may_end_relationship(request.user),
            "history": history_paginator.get_page(request.GET.get("history_page")),
            # For each section's page links: the other sections' pages kept.
            "queries": {
                param: _query_without(request.GET, param).urlencode()
                for param in DETAIL_PAGE_PARAMS
            },
            **extensions.supplier_detail_context(request=request, supplier=supplier),
        },
    )


@staff_required("suppliers.archive_supplier")
@require_http_methods(["GET", "POST"])
def supplier_archive(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    if request.method == "POST":
        try:
            services.supplier_archive(supplier=supplier, archived_by=acting_user(request))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(name)s archived; its records are kept.") % {"name": supplier.name}
            )
        return redirect("suppliers:detail", supplier_id=supplier.pk)
    return render(request, "suppliers/supplier_archive.html", {"supplier": supplier})


@staff_required("suppliers.archive_supplier")
@require_POST
def supplier_unarchive(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    if not supplier.is_archived:
        messages.error(request, _("This supplier is not archived."))
        return redirect("suppliers:detail", supplier_id=supplier.pk)
    try:
        services.supplier_update(
            supplier=supplier, updated_by=acting_user(request), status=Supplier.Status.ACTIVE
        )
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": supplier.name})
    return redirect("suppliers:detail", supplier_id=supplier.pk)


@staff_required()
@require_http_methods(["GET", "POST"])
def supplier_relationship_end(request: HttpRequest, supplier_id: int) -> HttpResponse:
    """GRI 308-2: the date, reason and note of the end of a supplier relationship."""
    if not selectors.may_end_relationship(request.user):
        raise PermissionDenied
    supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    form = RelationshipEndForm(
        request.POST or None,
        initial={
            "relationship_ended_on": supplier.relationship_ended_on,
            "relationship_end_reason": supplier.relationship_end_reason,
            "relationship_end_note": supplier.relationship_end_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_relationship_end(
                supplier=supplier,
                ended_on=form.cleaned_data["relationship_ended_on"],
                reason=form.cleaned_data["relationship_end_reason"],
                note=form.cleaned_data["relationship_end_note"],
                ended_by=acting_user(request),
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The relationship's end was recorded."))
            return redirect(f"{reverse('suppliers:detail', args=[supplier.pk])}#relationship")
    return render(
        request,
        "suppliers/supplier_relationship_end.html",
        {"supplier": supplier, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_required("suppliers.import_suppliers")
@require_http_methods(["GET", "POST"])
def supplier_import(request: HttpRequest) -> HttpResponse:
    form = SupplierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_form_submit(
            form=form,
            create=lambda file: services.supplier_import_create(
                file=file,
                created_by=acting_user(request),
                is_dry_run=form.cleaned_data["dry_run"],
            ),
        )
        if job is not None:
            return redirect("suppliers:import_detail", import_id=job.pk)
    imports = import_list_page(request, selectors.supplier_import_list(user=request.user))
    return render(
        request,
        "suppliers/import_form.html",
        {"form": form, "imports": imports, "max_rows": f"{settings.SUPPLIER_IMPORT_MAX_ROWS:,}"},
        status=400 if request.method == "POST" else 200,
    )


@staff_required()
def supplier_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    job = selectors.supplier_import_get_for_user(user=request.user, import_id=import_id)
    errors = import_errors_page(request, job)
    return render(request, "suppliers/import_detail.html", {"job": job, "errors": errors})


@staff_required()
def supplier_import_errors(request: HttpRequest, import_id: int) -> HttpResponse:
    job = selectors.supplier_import_get_for_user(user=request.user, import_id=import_id)
    return import_error_report_response(job)


@staff_required()
def supplier_import_template(request: HttpRequest) -> HttpResponse:
    return import_template_response()


@staff_required()
def category_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.category_list(), 50).get_page(request.GET.get("page"))
    return render(request, "suppliers/category_list.html", {"page": page})


@staff_required("suppliers.change_category", "suppliers.add_category")
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, category_id: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=category_id) if category_id else Category()
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.category_save(category=form.instance)
        messages.success(request, _("Category saved."))
        return redirect("suppliers:categories")
    return render(
        request,
        "suppliers/category_form.html",
        {"form": form, "category": category},
        status=400 if request.method == "POST" else 200,
    )
