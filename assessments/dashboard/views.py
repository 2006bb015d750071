"""The procurement dashboard page, its figures as CSV, and the assessments behind a figure."""

from __future__ import annotations

import csv
from typing import Any

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns.filters import AssessmentFilter
from assessments.dashboard.selectors import (
    _campaign_id,
    campaign_choices,
    dashboard_data,
    figure_rows,
)
from assessments.scoring.selectors import scores_shown
from core.decorators import staff_required

ASSESSMENTS_PER_PAGE = 25
# A cell starting with one of these is a formula to a spreadsheet (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _context(request: HttpRequest) -> dict[str, Any]:
    campaigns = campaign_choices()
    campaign_id = _campaign_id(request.GET.get("campaign", ""), campaigns)
    context = dashboard_data(user=request.user, campaign_id=campaign_id)
    context.update(
        {
            "campaigns": campaigns,
            "campaign_id": campaign_id,
            "campaign": next((c for c in campaigns if c.pk == campaign_id), None),
        }
    )
    return context


@staff_required("assessments.view_assessment")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Programme figures for procurement: assessments, scores, green suppliers, HKEX/GRI KPIs."""
    context = _context(request)
    # htmx (the filter applied on change) swaps the body only; the full page otherwise.
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "assessments/dashboard/_body.html", context)
    return render(request, "assessments/dashboard/dashboard.html", context)


def csv_cell(value: object) -> str:
    """A value as CSV text that no spreadsheet runs as a formula (a leading quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


@staff_required("assessments.view_assessment")
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures and chart data as CSV, with the page's filters applied."""
    context = _context(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = "dashboard" if context["campaign_id"] is None else f"dashboard-{context['campaign_id']}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Chinese names) only with the BOM.
    writer = csv.writer(response)
    writer.writerow([_("Section"), _("Item"), _("Value"), _("Detail")])
    campaign = context["campaign"]
    writer.writerow(
        [csv_cell(_("Campaign")), "", csv_cell(campaign.name if campaign else _("All campaigns"))]
    )
    for row in figure_rows(context):
        writer.writerow([csv_cell(cell) for cell in row])
    return response


@staff_required("assessments.view_assessment")
def dashboard_assessments(request: HttpRequest) -> HttpResponse:
    """The assessments behind a dashboard figure (the assessment filters of the API)."""
    queryset = campaign_selectors.assessment_list(user=request.user)
    assessment_filter = AssessmentFilter(request.GET or None, queryset=queryset)
    rows = assessment_filter.qs if assessment_filter.is_bound else queryset
    if assessment_filter.is_bound and not assessment_filter.is_valid():
        rows = queryset.none()
    shown = scores_shown(assessments=queryset).filter(assessment_id=OuterRef("pk"))
    rows = rows.annotate(shown_overall=Subquery(shown.values("overall")[:1])).order_by(
        "supplier__name", "campaign__period_start", "id"
    )
    page = Paginator(rows, ASSESSMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    cleaned = assessment_filter.form.cleaned_data if assessment_filter.is_bound else {}
    return render(
        request,
        "assessments/dashboard/assessment_list.html",
        {
            "filter": assessment_filter,
            "page": page,
            "query": query.urlencode(),
            "shown": [
                str(assessment_filter.filters[key].label)
                for key in ("overdue", "scored", "critical", "ghg")
                if cleaned.get(key)
            ],
            "campaign": next(
                (c for c in campaign_choices() if c.pk == cleaned.get("campaign")), None
            ),
        },
    )
