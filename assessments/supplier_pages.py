"""What the assessments app adds to the staff supplier pages (see suppliers/extensions.py).

The list gets each supplier's shown score (`scoring.selectors` decides which); the detail page
gets the supplier's assessments with their scores, its label and label decisions, and its
corrective actions, each a page of its own so a supplier with years of history stays bounded.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from assessments.models import Assessment, CorrectiveAction, GreenLabel, LabelDecision
from assessments.scoring.selectors import assessments_with_shown_score, supplier_shown_score
from assessments.trends.views import supplier_trend_section
from suppliers import extensions
from suppliers.models import Supplier

SECTION_PAGE_SIZE = 10


def supplier_detail_sections(*, request: HttpRequest, supplier: Supplier) -> dict[str, Any]:
    assessments = assessments_with_shown_score(
        assessments=Assessment.objects.filter(supplier=supplier)
        .select_related("campaign")
        .order_by("-created_at", "-id")
    )
    actions = (
        CorrectiveAction.objects.filter(assessment__supplier=supplier)
        .select_related("assessment__campaign")
        .order_by("status", "due_on", "id")
    )
    decisions = (
        LabelDecision.objects.filter(supplier=supplier)
        .select_related("actor", "assessment__campaign")
        .order_by("-at", "-id")
    )
    try:
        label: GreenLabel | None = supplier.green_label
    except GreenLabel.DoesNotExist:
        label = None
    return {
        "assessments_page": Paginator(assessments, SECTION_PAGE_SIZE).get_page(
            request.GET.get("assessments_page")
        ),
        "actions_page": Paginator(actions, SECTION_PAGE_SIZE).get_page(
            request.GET.get("actions_page")
        ),
        "decisions_page": Paginator(decisions, SECTION_PAGE_SIZE).get_page(
            request.GET.get("labels_page")
        ),
        "label": label,
        "approved_assessments": Assessment.objects.filter(
            supplier=supplier, status=Assessment.Status.APPROVED
        )
        .select_related("campaign")
        .order_by("-created_at", "-id")[:20],
    }


def register() -> None:
    extensions.register_list_annotation("shown_score", supplier_shown_score)
    extensions.register_detail_context(supplier_detail_sections)
    extensions.register_detail_context(supplier_trend_section)
