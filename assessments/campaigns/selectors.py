"""Campaigns and assessments, as each user may see them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from assessments.models import (
    Assessment,
    Campaign,
)
from core.permissions import _supplier_id_of, is_staff_member
from suppliers import selectors as supplier_selectors
from suppliers.models import Supplier

SEARCH_RESULTS_PER_PAGE = 20


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


def supplier_reach(
    *,
    supplier_ids: Iterable[int] | QuerySet[Any] = (),
    supplier_filters: Mapping[str, Any] | None = None,
) -> QuerySet[Supplier]:
    """The suppliers a campaign reaches: the picked ones and those all its filters match,
    never archived. The one rule behind the builder's live count and the launch."""
    reach = Q(pk__in=supplier_ids)
    filters = {key: value for key, value in (supplier_filters or {}).items() if value}
    if filters:
        matched = Q()
        if filters.get("category"):
            matched &= Q(category__slug=filters["category"])
        if filters.get("region"):
            matched &= Q(region=filters["region"])
        if filters.get("status"):
            matched &= Q(status=filters["status"])
        reach |= matched
    return Supplier.objects.not_archived().filter(reach).order_by("pk")


def campaign_target_suppliers(campaign: Campaign) -> QuerySet[Supplier]:
    """The suppliers `campaign` reaches (picked and matching its filters), never archived."""
    return supplier_reach(
        supplier_ids=campaign.suppliers.values("pk"), supplier_filters=campaign.supplier_filters
    )


def campaign_invitees(*, campaign: Campaign) -> QuerySet[Supplier]:
    """Who launching `campaign` now would invite: every supplier it reaches that has no
    assessment in it yet (a launch invites each of them once: this count is the emails sent)."""
    return campaign_target_suppliers(campaign).exclude(
        pk__in=Assessment.objects.filter(campaign=campaign).values("supplier_id")
    )


def supplier_search(*, user: AbstractBaseUser | AnonymousUser, query: str) -> QuerySet[Supplier]:
    """Suppliers a campaign can pick, found by name, English name or registration code with the
    registry's one supplier search; archived ones are never offered."""
    queryset = supplier_selectors.supplier_list(user=user).exclude(status=Supplier.Status.ARCHIVED)
    if not query.strip():
        return queryset.none()
    return supplier_selectors.supplier_search(queryset, query).order_by("name", "pk")


@dataclass(frozen=True)
class SupplierPicker:
    """What the campaign builder shows: a page of search results (ticked ones stay in place,
    ticked), the ticked suppliers that page does not show, and how many suppliers the campaign
    reaches with its filters (the count the launch will send)."""

    picked_ids: frozenset[int]
    picked_elsewhere: list[Supplier]
    results: Page | None
    reach_count: int

    @property
    def picked_count(self) -> int:
        return len(self.picked_ids)


def supplier_picker(
    *,
    user: AbstractBaseUser | AnonymousUser,
    query: str,
    picked_ids: Iterable[int],
    supplier_filters: Mapping[str, Any] | None,
    page: Any = 1,
) -> SupplierPicker:
    suppliers = (
        supplier_selectors.supplier_list(user=user)
        .exclude(status=Supplier.Status.ARCHIVED)
        .select_related(None)
    )
    ids = sorted(set(picked_ids))
    picked = list(suppliers.filter(pk__in=ids).order_by("name", "pk")) if ids else []
    results = None
    if query.strip():
        found = supplier_search(user=user, query=query).select_related(None)
        results = Paginator(found, SEARCH_RESULTS_PER_PAGE).get_page(page)
    shown = {supplier.pk for supplier in results} if results is not None else set()
    known = frozenset(supplier.pk for supplier in picked)
    reach = supplier_reach(supplier_ids=sorted(known), supplier_filters=supplier_filters)
    return SupplierPicker(
        picked_ids=known,
        picked_elsewhere=[supplier for supplier in picked if supplier.pk not in shown],
        results=results,
        reach_count=reach.count(),
    )
