"""Rescoring a campaign: start a job, follow its progress."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments.campaigns import selectors
from assessments.models import RescoringJob
from assessments.scoring import services as score_services
from core.decorators import staff_required
from core.permissions import acting_user


@staff_required("assessments.review_assessment")
@require_POST
def rescoring_start(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    job = score_services.rescoring_start(campaign=campaign, started_by=acting_user(request))
    return redirect("campaigns:rescoring", job_id=job.pk)


@staff_required("assessments.view_assessment")
def rescoring_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(
        RescoringJob.objects.select_related("campaign"),
        pk=job_id,
        campaign__in=selectors.campaign_list(user=request.user).values("pk"),
    )
    results = Paginator(job.results, 100).get_page(request.GET.get("page"))
    return render(
        request, "assessments/scoring/rescoring_job.html", {"job": job, "results": results}
    )
