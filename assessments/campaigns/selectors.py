"""Campaigns and assessments, as each user may see them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet
from django.http import Http404

from assessments.models import (
    Assessment,
    Campaign,
)
from core.permissions import _supplier_id_of, is_staff_member


def campaign_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Campaign]:
    if not is_staff_member(user):
        return Campaign.objects.none()
    return (
        Campaign.objects.select_related("questionnaire_version__questionnaire")
        .annotate(assessment_count=Count("assessments"))
        .order_by("-created_at", "-id")
    )


def campaign_get_for_user(*, user: AbstractBaseUser | AnonymousUser, campaign_id: Any) -> Campaign:
    try:
        return campaign_list(user=user).get(pk=int(campaign_id))
    except (Campaign.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such campaign.") from exc


def assessment_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    """Staff see every assessment; a supplier user only its own supplier's; others none."""
    queryset = Assessment.objects.select_related("supplier__category", "campaign", "version")
    if is_staff_member(user):
        return queryset
    supplier_id = _supplier_id_of(user)
    if supplier_id is None:
        return Assessment.objects.none()
    return queryset.filter(supplier_id=supplier_id)


def assessment_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, assessment_id: Any
) -> Assessment:
    """The only way a view or API turns an id into an assessment; 404 for other suppliers'."""
    try:
        return assessment_list(user=user).get(pk=int(assessment_id))
    except (Assessment.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such assessment.") from exc


def assessment_ref_for_user(
    *, user: AbstractBaseUser | AnonymousUser, assessment_id: Any
) -> Assessment:
    """`assessment_get_for_user` without the related rows: for services that lock the
    assessment and read it again themselves (an answer save, an upload). Same visibility."""
    try:
        return (
            assessment_list(user=user)
            .select_related(None)
            .only("id", "supplier_id", "status")
            .get(pk=int(assessment_id))
        )
    except (Assessment.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such assessment.") from exc
