"""The procurement dashboard page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.dashboard.selectors import _campaign_id, campaign_choices, dashboard_data
from core.decorators import staff_required


@staff_required("assessments.view_assessment")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Programme figures for procurement: assessments, scores, green suppliers, HKEX/GRI KPIs."""
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
    return render(request, "assessments/dashboard/dashboard.html", context)
