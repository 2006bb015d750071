"""The Scope 3 Category 1 staff page, its target form and the spend-based factor sets."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.scope3 import calculation as calc
from assessments.scope3 import selectors
from assessments.scope3.forms import (
    PeriodForm,
    Scope3TargetForm,
    SpendFactorSetImportForm,
    current_period,
)
from assessments.scope3.services import (
    SpendFactorSetInvalidError,
    scope3_target_set,
    spend_factor_set_import,
)
from assessments.scope3.workbooks import FactorFileError, write_factor_template
from core.decorators import staff_required
from core.permissions import acting_user
from suppliers.models import Category

READ = ("assessments.view_assessment", "assessments.view_spendline")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _periods(request: HttpRequest) -> tuple[int, int | None, PeriodForm]:
    periods = selectors.spend_periods()
    default = periods[0] if periods else current_period()
    form = PeriodForm(request.GET or None)
    if request.GET and form.is_valid():
        return form.cleaned_data["period"], form.cleaned_data.get("base"), form
    return default, None, PeriodForm(initial={"period": default})


def _change(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    if current is None or base is None or base == 0:
        return None
    return (current - base) / base


@staff_required(*READ)
def category1_page(request: HttpRequest) -> HttpResponse:
    """The period's Category 1: total, methods, primary share, top suppliers and categories,
    the change against a base period and the progress toward the target."""
    period, base_period, period_form = _periods(request)
    target = selectors.scope3_target_current()
    if base_period is None:
        base_period = target.base_period if target and target.base_period != period else period - 1
    category1 = selectors.category1_compute(period=period)
    base = selectors.category1_compute(period=base_period)
    result = category1.result
    categories = {category.slug: category.display_name for category in Category.objects.all()}
    progress: dict[str, Any] | None = None
    if target is not None:
        target_base = (
            base
            if target.base_period == base_period
            else selectors.category1_compute(period=target.base_period)
        )
        achieved, reached = calc.reduction_progress(
            base_intensity=target_base.result.intensity_kg_per_cny,
            current_intensity=result.intensity_kg_per_cny,
            target_pct=target.reduction_pct,
        )
        progress = {
            "base_intensity": target_base.result.intensity_kg_per_cny,
            "achieved_pct": None if achieved is None else achieved * 100,
            "reached_pct": None if reached is None else reached * 100,
        }
    context = {
        "period": period,
        "base_period": base_period,
        "period_form": period_form,
        "periods": selectors.spend_periods(),
        "result": result,
        "factor_set": category1.factor_set,
        "methods": [
            {
                "code": item.method,
                "label": selectors.method_label(item.method),
                "item": item,
                "share_pct": None if item.spend_share is None else item.spend_share * 100,
            }
            for item in result.by_method
        ],
        "primary_pct": None
        if result.primary_data_share is None
        else result.primary_data_share * 100,
        "not_computed_pct": None
        if not result.spend_cny
        else result.not_computed_spend_cny / result.spend_cny * 100,
        "top_suppliers": [
            {"row": row, "label": selectors.method_label(row.method)}
            for row in selectors.top_suppliers(category1)
        ],
        "top_categories": [
            {"row": row, "name": categories.get(row.label, row.label)}
            for row in selectors.top_categories(category1)
        ],
        "uncomputed": [
            {
                "name": category1.name_of(row.supplier_id),
                "row": row,
                "reasons": selectors.reason_texts(row.reasons),
            }
            for row in result.suppliers
            if row.result is None
        ][:10],
        "base": base.result,
        "total_change_pct": _pct(_change(result.total, base.result.total)),
        "intensity": result.intensity_kg_per_cny,
        "base_intensity": base.result.intensity_kg_per_cny,
        "intensity_change_pct": _pct(
            _change(result.intensity_kg_per_cny, base.result.intensity_kg_per_cny)
        ),
        "target": target,
        "progress": progress,
        "target_form": Scope3TargetForm(instance=target) if target else Scope3TargetForm(),
    }
    return render(request, "assessments/scope3/category1.html", context)


def _pct(value: Decimal | None) -> Decimal | None:
    return None if value is None else value * 100


@staff_required(*READ, "assessments.add_scope3target")
@require_POST
def target_set(request: HttpRequest) -> HttpResponse:
    form = Scope3TargetForm(request.POST)
    if form.is_valid():
        try:
            scope3_target_set(
                base_period=form.cleaned_data["base_period"],
                target_year=form.cleaned_data["target_year"],
                reduction_pct=form.cleaned_data["reduction_pct"],
                set_by=acting_user(request),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Scope 3 target saved."))
            return redirect("scope3:category1")
    return render(request, "assessments/scope3/target_form.html", {"form": form}, status=400)


@staff_required(*READ)
@require_http_methods(["GET", "POST"])
def factor_sets(request: HttpRequest) -> HttpResponse:
    """The spend-based factor sets, and importing one (procurement admins)."""
    errors: list[dict[str, Any]] = []
    form = SpendFactorSetImportForm()
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("assessments.add_spendfactorset"):
            raise PermissionDenied
        form = SpendFactorSetImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                factor_set = spend_factor_set_import(
                    stream=form.cleaned_data["file"],
                    name=form.cleaned_data["name"],
                    period=form.cleaned_data.get("period"),
                    notes=form.cleaned_data.get("notes") or "",
                    created_by=acting_user(request),
                )
            except SpendFactorSetInvalidError as exc:
                form.add_error(None, exc.message)
                errors = exc.errors
            except FactorFileError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(
                    request,
                    _("Spend-based factor set version %(version)s imported.")
                    % {"version": factor_set.version},
                )
                return redirect("scope3:factor_sets")
        status = 400
    context = {"sets": selectors.spend_factor_set_list(), "form": form, "errors": errors}
    return render(request, "assessments/scope3/factor_sets.html", context, status=status)


@staff_required(*READ)
def factor_template(request: HttpRequest) -> HttpResponse:
    stream = io.BytesIO()
    write_factor_template(stream, category_slugs=[c.slug for c in Category.objects.all()])
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="spend-factors-template.xlsx"'
    return response


@staff_required(*READ)
def dashboard_section(request: HttpRequest) -> HttpResponse:
    """Category 1 and its primary-data share on the dashboard (fetched by htmx after the page,
    and a page of its own without JavaScript)."""
    context = {"headline": selectors.category1_headline()}
    if getattr(request, "htmx", False):
        return render(request, "assessments/scope3/_dashboard_section.html", context)
    return render(request, "assessments/scope3/dashboard_section.html", context)
