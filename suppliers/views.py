"""Staff pages and the supplier portal home: check input, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.decorators import staff_required
from core.errors import ApplicationError
from core.permissions import acting_user, is_staff_member, is_supplier_user
from suppliers import selectors, services
from suppliers.apis import import_template_response
from suppliers.errors import DuplicateSupplierError
from suppliers.filters import FILTER_KEYS, SupplierFilter
from suppliers.forms import CategoryForm, SiteFormSet, SupplierForm, SupplierImportForm, site_rows
from suppliers.models import Category, Supplier


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_supplier_user(request.user):
        return redirect("portal:home")
    if is_staff_member(request.user):
        return redirect("suppliers:list")
    return render(request, "no_role.html", status=403)


@staff_required()
def supplier_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.supplier_list(user=request.user)
    supplier_filter = SupplierFilter(request.GET or None, queryset=queryset)
    rows: QuerySet[Supplier] = (
        supplier_filter.qs if supplier_filter.is_bound else queryset.order_by("name", "id")
    )
    if supplier_filter.is_bound and not supplier_filter.is_valid():
        rows = queryset.none()
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suppliers/supplier_list.html",
        {
            "filter": supplier_filter,
            "page": page,
            "query": query.urlencode(),
            "export_filters": {
                key: value for key, value in query.items() if key in FILTER_KEYS and value
            },
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
            messages.success(request, _("Changes saved."))
            return redirect("suppliers:detail", supplier_id=supplier.pk)
    return render(
        request,
        "suppliers/supplier_form.html",
        {"form": form, "formset": formset, "supplier": supplier},
        status=400 if request.method == "POST" else 200,
    )


@staff_required()
def supplier_detail(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    history = Paginator(selectors.supplier_history(supplier=supplier), 50).get_page(
        request.GET.get("history_page")
    )
    return render(
        request, "suppliers/supplier_detail.html", {"supplier": supplier, "history": history}
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


@staff_required("suppliers.import_suppliers")
@require_http_methods(["GET", "POST"])
def supplier_import(request: HttpRequest) -> HttpResponse:
    form = SupplierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.supplier_import_create(
                file=form.cleaned_data["file"], created_by=acting_user(request)
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("suppliers:import_detail", import_id=job.pk)
    imports = Paginator(selectors.supplier_import_list(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "suppliers/import_form.html",
        {"form": form, "imports": imports, "max_rows": f"{settings.SUPPLIER_IMPORT_MAX_ROWS:,}"},
        status=400 if request.method == "POST" else 200,
    )


@staff_required()
def supplier_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    job = selectors.supplier_import_get_for_user(user=request.user, import_id=import_id)
    errors = Paginator(job.errors, 100).get_page(request.GET.get("page"))
    return render(request, "suppliers/import_detail.html", {"job": job, "errors": errors})


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
