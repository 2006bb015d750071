"""The disclosures page for staff: a period's figures, the suppliers behind each, the workbook."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from assessments.campaigns.models import period_bounds
from assessments.disclosures import selectors
from assessments.disclosures.apis import disclosure_workbook_response
from assessments.disclosures.calculation import PERCENT, TONNES_CO2E, Figure
from assessments.disclosures.forms import PeriodForm
from assessments.disclosures.frameworks import mapping_load
from core.decorators import staff_required

SUPPLIERS_PER_PAGE = 25
UNIT_SUFFIXES = {PERCENT: " %", TONNES_CO2E: " tCO2e"}


def figure_display(figure: Figure) -> str:
    """The number as the page shows it: "12", "33.3 %", "1200.5 tCO2e"; "—" when there is none."""
    if figure.value is None:
        return "—"
    return f"{figure.value}{UNIT_SUFFIXES.get(figure.unit, '')}"


def _period(request: HttpRequest) -> tuple[PeriodForm, int]:
    """The period asked for; the latest with a campaign when none is or it is not valid (the
    form then carries the error to show)."""
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    return form, period if period is not None else selectors.disclosure_default_period()


def _period_context(form: PeriodForm, period: int) -> dict[str, Any]:
    start, end = period_bounds(period)
    periods = selectors.disclosure_periods()
    if period not in periods:
        periods = sorted([*periods, period], reverse=True)
    return {
        "form": form,
        "period": period,
        "period_start": start,
        "period_end": end,
        "periods": periods,
        "mapping": mapping_load(),
    }


@staff_required("assessments.view_assessment")
def disclosures(request: HttpRequest) -> HttpResponse:
    """The figures the company discloses about its suppliers, for one reporting period."""
    form, period = _period(request)
    context = _period_context(form, period)
    language = get_language() or ""
    figures = selectors.disclosure_figures(user=request.user, period=period)
    context["figures"] = [
        {
            "figure": figure,
            "references": [(ref, ref.title(language)) for ref in figure.references],
            "display": figure_display(figure),
        }
        for figure in figures
    ]
    context["narratives"] = [
        (ref, ref.title(language), ref.not_computed(language))
        for ref in context["mapping"].references
        if not ref.figures
    ]
    context["frameworks"] = [
        (framework, framework.title(language)) for framework in context["mapping"].frameworks
    ]
    return render(request, "assessments/disclosures/disclosures.html", context)


@staff_required("assessments.view_assessment")
def disclosure_suppliers(request: HttpRequest, code: str) -> HttpResponse:
    """The suppliers behind one figure of a period, a page at a time."""
    form, period = _period(request)
    figure = selectors.disclosure_figure(user=request.user, period=period, code=code)
    if figure is None:
        raise Http404
    page = Paginator(figure.supplier_ids, SUPPLIERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.supplier_rows(user=request.user, supplier_ids=set(page.object_list))
    context = _period_context(form, period)
    context.update(
        {
            "figure": figure,
            "page": page,
            "rows": [rows[supplier_id] for supplier_id in page.object_list if supplier_id in rows],
            "query": f"period={period}",
        }
    )
    return render(request, "assessments/disclosures/supplier_list.html", context)


@staff_required("assessments.view_assessment")
def disclosure_export(request: HttpRequest) -> HttpResponse:
    """The period's figures and the suppliers behind them as a workbook."""
    _form, period = _period(request)
    return disclosure_workbook_response(user=request.user, period=period)
