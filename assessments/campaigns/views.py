"""Staff pages for campaigns: list, create, edit and delete drafts, pick suppliers, launch,
extend, close; and one assessment in full."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns import services as campaign_services
from assessments.campaigns.forms import (
    AssessmentFilterForm,
    CampaignForm,
    ExtendForm,
    SupplierChoiceForm,
    picked_ids,
)
from assessments.errors import (
    AssessmentStateError,
    CampaignInvalidError,
    InvitationInvalidError,
)
from assessments.models import (
    Assessment,
    Campaign,
)
from assessments.review import views as review_views
from assessments.review.views import _back
from core.decorators import staff_required
from core.permissions import acting_user
from suppliers.models import Category, Region, Supplier

CAMPAIGNS_PER_PAGE = 25
ASSESSMENTS_PER_PAGE = 50
EVENTS_PER_PAGE = 100
PICKED_SUPPLIERS_SHOWN = 20
INVITEES_SHOWN = 10
INVITEES_PER_PAGE = 50


def _query_without(request: HttpRequest, *params: str) -> str:
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    return query.urlencode()


@staff_required("assessments.view_campaign")
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaign_selectors.campaign_list(user=request.user).order_by("-created_at", "-id")
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/campaigns/campaign_list.html",
        {"page": page, "query": _query_without(request, "page")},
    )


def _apply_campaign_errors(form: CampaignForm, exc: CampaignInvalidError) -> None:
    if not exc.fields:
        form.add_error(None, exc.message)
        return
    for field, errors in exc.fields.items():
        form.add_error(field if field in form.fields else None, errors)


def _searching(request: HttpRequest) -> bool:
    """The form was sent by its "Search" button (or a page of results), not to be saved."""
    return request.POST.get("action") == "search" or "results_page" in request.POST


def _form_kept(request: HttpRequest) -> CampaignForm:
    """The form as typed, without errors yet: what a search without JavaScript re-renders."""
    initial: dict[str, Any] = {
        key: request.POST.get(key, "")[:1000] for key in CampaignForm.base_fields
    }
    initial["suppliers"] = picked_ids(request.POST)
    return CampaignForm(initial=initial)


def _form_page(
    request: HttpRequest, form: CampaignForm, campaign: Campaign | None, status: int = 200
) -> HttpResponse:
    state = form.picker_state()
    picker = campaign_selectors.supplier_picker(
        user=request.user,
        query=state["query"],
        picked_ids=state["picked_ids"],
        supplier_filters=state["supplier_filters"],
        page=state["page"],
    )
    return render(
        request,
        "assessments/campaigns/campaign_form.html",
        {"form": form, "campaign": campaign, "picker": picker, "query": state["query"]},
        status=status,
    )


def _campaign_fields(form: CampaignForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "questionnaire_version": data["questionnaire_version"],
        "period_start": data["period_start"],
        "period_end": data["period_end"],
        "due_on": data["due_on"],
        "supplier_ids": data["suppliers"],
        "supplier_filters": form.supplier_filters(),
        "based_on": data.get("based_on"),
    }


@staff_required("assessments.add_campaign")
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _searching(request):
        return _form_page(request, _form_kept(request), None)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.campaign_create(
                **_campaign_fields(form), created_by=acting_user(request)
            )
        except CampaignInvalidError as exc:
            _apply_campaign_errors(form, exc)
        else:
            messages.success(
                request,
                _("Campaign %(name)s created as a draft: launch it to invite the suppliers.")
                % {"name": campaign.name},
            )
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return _form_page(request, form, None, status=400 if request.method == "POST" else 200)


def _refused(request: HttpRequest, campaign: Campaign, message: str) -> HttpResponse:
    """A change the campaign's state does not allow: its page, with why, as a conflict."""
    messages.error(request, message)
    return render(
        request,
        "assessments/campaigns/campaign_detail.html",
        _detail_context(request, campaign),
        status=409,
    )


@staff_required("assessments.change_campaign")
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A draft's settings, in the form it was created with; a launched campaign is not edited."""
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    if campaign.status != Campaign.Status.DRAFT:
        return _refused(request, campaign, _("Only a draft campaign can be edited."))
    if request.method == "POST" and _searching(request):
        return _form_page(request, _form_kept(request), campaign)
    if request.method != "POST":
        return _form_page(
            request, CampaignForm(initial=CampaignForm.initial_for(campaign)), campaign
        )
    form = CampaignForm(request.POST)
    if form.is_valid():
        try:
            campaign_services.campaign_update(campaign=campaign, **_campaign_fields(form))
        except AssessmentStateError as exc:
            return _refused(request, campaign, exc.message)
        except CampaignInvalidError as exc:
            _apply_campaign_errors(form, exc)
        else:
            messages.success(
                request, _("Draft campaign %(name)s saved.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return _form_page(request, form, campaign, status=400)


# Deleting a draft is part of running campaigns (the roles grant no delete_campaign): nothing
# was sent yet. The service refuses once launched.
@staff_required("assessments.change_campaign")
@require_POST
def campaign_delete(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    try:
        campaign_services.campaign_delete(campaign=campaign)
    except AssessmentStateError as exc:
        return _refused(request, campaign, exc.message)
    messages.success(request, _("Draft campaign %(name)s deleted.") % {"name": campaign.name})
    return redirect("campaigns:list")


@staff_required("assessments.add_campaign")
@require_GET
def campaign_supplier_picker(request: HttpRequest) -> HttpResponse:
    """The builder's supplier picker for what is typed and ticked (htmx updates it live)."""
    form = SupplierChoiceForm(request.GET)
    state = form.picker_state()
    picker = campaign_selectors.supplier_picker(
        user=request.user,
        query=state["query"],
        picked_ids=state["picked_ids"],
        supplier_filters=state["supplier_filters"],
        page=state["page"],
    )
    return render(
        request,
        "assessments/campaigns/_picker.html",
        {"form": form, "picker": picker, "query": state["query"]},
    )


@staff_required("assessments.view_campaign")
def campaign_invitees(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Everyone launching the campaign now would invite, page by page."""
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    invitees = campaign_selectors.campaign_invitees(campaign=campaign).order_by("name", "pk")
    page = Paginator(invitees, INVITEES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/campaigns/campaign_invitees.html",
        {"campaign": campaign, "page": page, "query": _query_without(request, "page")},
    )


def _filters_display(campaign: Campaign) -> list[tuple[str, str]]:
    filters = campaign.supplier_filters or {}
    shown: list[tuple[str, str]] = []
    if filters.get("category"):
        category = Category.objects.filter(slug=filters["category"]).first()
        shown.append(
            (_("Category"), category.display_name if category else str(filters["category"]))
        )
    if filters.get("region"):
        regions = dict(Region.choices)
        shown.append((_("Region"), str(regions.get(filters["region"], filters["region"]))))
    if filters.get("status"):
        statuses = dict(Supplier.Status.choices)
        shown.append(
            (_("Supplier status"), str(statuses.get(filters["status"], filters["status"])))
        )
    return shown


def _detail_context(
    request: HttpRequest, campaign: Campaign, extend_form: ExtendForm | None = None
) -> dict[str, Any]:
    filter_form = AssessmentFilterForm(request.GET)
    assessments = campaign_selectors.assessment_list(user=request.user).filter(campaign=campaign)
    status_counts = {
        row["status"]: row["count"]
        for row in assessments.order_by().values("status").annotate(count=Count("id"))
    }
    rows = assessments.order_by("supplier__name", "id")
    if filter_form.is_valid():
        if filter_form.cleaned_data["status"]:
            rows = rows.filter(status=filter_form.cleaned_data["status"])
        if filter_form.cleaned_data["overdue"]:
            rows = rows.filter(is_overdue=True)
    page = Paginator(rows, ASSESSMENTS_PER_PAGE).get_page(request.GET.get("page"))
    picked = campaign.suppliers.order_by("name", "id")
    invitees: list[Supplier] = []
    invitee_count = 0
    if campaign.status != Campaign.Status.CLOSED:
        # The launch invites exactly these: the confirmation states this count.
        invitee_rows = campaign_selectors.campaign_invitees(campaign=campaign)
        invitee_count = invitee_rows.count()
        if invitee_count:
            invitees = list(invitee_rows.order_by("name", "pk")[:INVITEES_SHOWN])
    open_count = sum(
        count for value, count in status_counts.items() if value in Assessment.OPEN_STATUSES
    )
    return {
        "campaign": campaign,
        "filters": _filters_display(campaign),
        "picked": list(picked[:PICKED_SUPPLIERS_SHOWN]),
        "picked_count": picked.count(),
        "invitees": invitees,
        "invitee_count": invitee_count,
        "open_count": open_count,
        "status_counts": [
            (value, label, status_counts[value])
            for value, label in Assessment.Status.choices
            if value in status_counts
        ],
        "filter_form": filter_form,
        "extend_form": extend_form or ExtendForm(initial={"due_on": campaign.due_on}),
        "page": page,
        "query": _query_without(request, "page"),
    }


@staff_required("assessments.view_campaign")
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    return render(
        request, "assessments/campaigns/campaign_detail.html", _detail_context(request, campaign)
    )


@staff_required("assessments.change_campaign")
@require_POST
def campaign_launch(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    try:
        result = campaign_services.campaign_launch(
            campaign=campaign, launched_by=acting_user(request)
        )
    except AssessmentStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(created)s assessments created, %(queued)s invitations queued.")
            % {"created": result.assessments_created, "queued": result.invitations_queued},
        )
    return redirect("campaigns:detail", campaign_id=campaign.pk)


@staff_required("assessments.change_campaign")
@require_POST
def campaign_extend(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    form = ExtendForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            campaign_services.campaign_extend(
                campaign=campaign,
                due_on=form.cleaned_data["due_on"],
                changed_by=acting_user(request),
            )
        except AssessmentStateError as exc:
            messages.error(request, exc.message)
        except CampaignInvalidError as exc:
            form.add_error("due_on", exc.fields.get("due_on") or exc.message)
        else:
            messages.success(
                request,
                _("Due date changed to %(date)s for the campaign and its open assessments.")
                % {"date": form.cleaned_data["due_on"].isoformat()},
            )
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    if not form.is_valid():
        return render(
            request,
            "assessments/campaigns/campaign_detail.html",
            _detail_context(request, campaign, extend_form=form),
            status=400,
        )
    return redirect("campaigns:detail", campaign_id=campaign.pk)


@staff_required("assessments.change_campaign")
@require_POST
def campaign_close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    try:
        campaign_services.campaign_close(campaign=campaign)
    except AssessmentStateError as exc:
        messages.error(request, exc.message)  # closed already
    else:
        messages.success(request, _("Campaign %(name)s closed.") % {"name": campaign.name})
    return redirect("campaigns:detail", campaign_id=campaign.pk)


def _event_details(data: dict[str, Any]) -> list[tuple[str, str]]:
    details = []
    for key, value in (data or {}).items():
        if isinstance(value, dict | list):
            text = json.dumps(value, ensure_ascii=False, default=str)
        elif value is None:
            text = "—"
        else:
            text = str(value)
        details.append((str(key), text))
    return details


@staff_required("assessments.view_assessment")
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    # The review workbench: one area open at a time, filtered; its pieces come from review.
    workbench = review_views.workbench_context(
        request,
        assessment,
        area=request.GET.get("area"),
        show=request.GET.get("show"),
        item_error=request.session.pop(review_views.ITEM_ERROR_SESSION_KEY, None),
    )
    if review_views.htmx_target(request) == "workbench":
        return render(request, "assessments/review/_workbench.html", workbench)
    events = Paginator(
        assessment.events.select_related("actor").order_by("at", "id"), EVENTS_PER_PAGE
    ).get_page(request.GET.get("events_page"))
    event_rows = [{"event": event, "details": _event_details(event.data)} for event in events]
    return render(
        request,
        "assessments/campaigns/assessment_detail.html",
        {
            **workbench,
            "questionnaire": assessment.version.questionnaire,
            "events": events,
            "event_rows": event_rows,
            "query": _query_without(request, "events_page"),
        },
    )


@staff_required("assessments.change_campaign")
@require_POST
def invitation_send(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Re-send the invitation to the contact, or invite a colleague of the supplier."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    email = request.POST.get("email") or assessment.supplier.contact_email
    try:
        campaign_services.invitation_resend(
            assessment=assessment, email=email, sent_by=acting_user(request)
        )
    except InvitationInvalidError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return _back(assessment.pk)
