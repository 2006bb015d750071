"""Staff pages of spend: the import (upload, status, errors), the spend list, exchange rates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from assessments.campaigns.models import period_of
from assessments.spend import selectors, services
from assessments.spend.apis import spend_template_response
from assessments.spend.forms import ExchangeRateForm, SpendFilterForm, SpendImportForm
from core.decorators import staff_required
from core.errors import ApplicationError
from core.imports import import_errors_page, import_form_submit, import_list_page
from core.permissions import acting_user
from suppliers.selectors import supplier_get_for_user

IMPORT_ADD = "assessments.add_spendimport"
RATE_ADD = "assessments.add_exchangerate"
RATE_CHANGE = "assessments.change_exchangerate"


@staff_required(selectors.IMPORT_READ)
def spend_import(request: HttpRequest) -> HttpResponse:
    may_import = request.user.has_perm(IMPORT_ADD)
    if request.method == "POST" and not may_import:
        raise PermissionDenied
    form = SpendImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_form_submit(
            form=form,
            create=lambda file: services.spend_import_create(
                file=file, created_by=acting_user(request)
            ),
        )
        if job is not None:
            return redirect("spend:import_detail", import_id=job.pk)
    imports = import_list_page(request, selectors.spend_import_list(user=request.user))
    return render(
        request,
        "assessments/spend/import_form.html",
        {
            "form": form,
            "may_import": may_import,
            "imports": imports,
            "max_rows": f"{settings.SPEND_IMPORT_MAX_ROWS:,}",
            "max_mb": f"{settings.SPEND_IMPORT_MAX_BYTES / 1024 / 1024:.0f}",
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required(selectors.IMPORT_READ)
def spend_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    job = selectors.spend_import_get_for_user(user=request.user, import_id=import_id)
    errors = import_errors_page(request, job)
    return render(request, "assessments/spend/import_detail.html", {"job": job, "errors": errors})


@staff_required(selectors.IMPORT_READ)
def spend_import_template(request: HttpRequest) -> HttpResponse:
    return spend_template_response()


@staff_required(selectors.SPEND_READ)
def spend_list(request: HttpRequest) -> HttpResponse:
    """Spend by supplier for a period, largest first; one supplier's lines when it is chosen."""
    form = SpendFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    periods = selectors.spend_periods(user=request.user)
    period = filters.get("period") or (periods[0] if periods else period_of(timezone.localdate()))
    supplier = None
    if filters.get("supplier"):
        try:
            supplier = supplier_get_for_user(user=request.user, supplier_id=filters["supplier"])
        except Http404:
            supplier = None
    search = (filters.get("q") or "").strip()
    totals = selectors.spend_totals(
        user=request.user, period=period, supplier_id=supplier.pk if supplier else None
    )
    context = {
        "form": form,
        "period": period,
        "periods": periods,
        "search": search,
        "supplier": supplier,
        "totals": totals,
    }
    if supplier is not None:
        lines = selectors.spend_line_list(user=request.user, period=period, supplier_id=supplier.pk)
        context["lines"] = Paginator(lines, 50).get_page(request.GET.get("page"))
        context["query"] = urlencode({"period": period, "supplier": supplier.pk})
    else:
        rows = selectors.spend_by_supplier(user=request.user, period=period, search=search)
        context["rows"] = Paginator(rows, 25).get_page(request.GET.get("page"))
        context["query"] = urlencode({"period": period, "q": search})
    return render(request, "assessments/spend/spend_list.html", context)


@staff_required(selectors.RATE_READ)
def exchange_rate_list(request: HttpRequest) -> HttpResponse:
    may_add = request.user.has_perm(RATE_ADD)
    if request.method == "POST" and not may_add:
        raise PermissionDenied
    form = ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.exchange_rate_create(
                period=data["period"],
                currency=data["currency"],
                rate_to_cny=data["rate_to_cny"],
                source=data["source"],
                created_by=acting_user(request),
            )
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Exchange rate saved."))
            return redirect("spend:rates")
    rates = Paginator(selectors.exchange_rate_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/spend/rate_list.html",
        {
            "form": form,
            "may_add": may_add,
            "may_change": request.user.has_perm(RATE_CHANGE),
            "rates": rates,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required(selectors.RATE_READ, RATE_CHANGE)
def exchange_rate_edit(request: HttpRequest, rate_id: int) -> HttpResponse:
    rate = selectors.exchange_rate_get_for_user(user=request.user, rate_id=rate_id)
    form = ExchangeRateForm(request.POST or None, instance=rate)
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_rate_update(
                rate=rate,
                updated_by=acting_user(request),
                rate_to_cny=form.cleaned_data["rate_to_cny"],
                source=form.cleaned_data["source"],
            )
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Exchange rate saved."))
            return redirect("spend:rates")
    return render(
        request,
        "assessments/spend/rate_form.html",
        {"form": form, "rate": rate},
        status=400 if request.method == "POST" else 200,
    )


def _form_errors(form: ExchangeRateForm, exc: ApplicationError) -> None:
    if not exc.fields:
        form.add_error(None, exc.message)
    for name, field_messages in exc.fields.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
