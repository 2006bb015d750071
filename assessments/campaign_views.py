"""Staff pages for campaigns: list, create, launch, extend, close; and one assessment in full."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from assessments import selectors
from assessments.errors import AssessmentStateError, CampaignInvalidError
from assessments.models import (
    Answer,
    Assessment,
    Campaign,
    Column,
    GhgCalculation,
    Question,
    QuestionnaireVersion,
)
from assessments.models.campaigns import fiscal_year_start
from assessments.services import answers as answer_services
from assessments.services import campaigns as campaign_services
from assessments.services.scores import latest_score
from suppliers.models import Category, Region, Supplier
from suppliers.permissions import acting_user
from suppliers.views import staff_required

CAMPAIGNS_PER_PAGE = 25
ASSESSMENTS_PER_PAGE = 50
EVENTS_PER_PAGE = 100
PICKED_SUPPLIERS_SHOWN = 20


def _date_input() -> forms.DateInput:
    # The browser's date picker takes and gives ISO dates, whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _query_without(request: HttpRequest, *params: str) -> str:
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    return query.urlencode()


# --- Forms --------------------------------------------------------------------------------


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(questionnaire)s · version %(number)s") % {
            "questionnaire": obj.questionnaire.name,
            "number": obj.number,
        }


class CampaignForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    questionnaire_version = VersionChoiceField(
        label=gettext_lazy("Questionnaire version"),
        queryset=QuestionnaireVersion.objects.none(),
        help_text=gettext_lazy("Only published versions can be used."),
    )
    period_start = forms.DateField(
        label=gettext_lazy("Reporting period start"), widget=_date_input()
    )
    period_end = forms.DateField(label=gettext_lazy("Reporting period end"), widget=_date_input())
    due_on = forms.DateField(label=gettext_lazy("Due date"), widget=_date_input())
    category = forms.ModelChoiceField(
        label=gettext_lazy("Supplier category"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Any category"),
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Supplier status"), required=False)
    suppliers = forms.CharField(
        label=gettext_lazy("Suppliers picked one by one"),
        required=False,
        max_length=10_000,
        help_text=gettext_lazy(
            "Supplier ids separated by commas, e.g. 12, 15, 31 (the id is the number in the "
            "address of the supplier's page). Leave empty to reach only the suppliers the "
            "filters match."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version_field: Any = self.fields["questionnaire_version"]
        version_field.queryset = (
            QuestionnaireVersion.objects.filter(status=QuestionnaireVersion.Status.PUBLISHED)
            .select_related("questionnaire")
            .order_by("questionnaire__code", "-number")
        )
        category_field: Any = self.fields["category"]
        category_field.queryset = Category.objects.filter(is_active=True)
        any_region: list[tuple[str, Any]] = [("", _("Any region"))]
        any_status: list[tuple[str, Any]] = [("", _("Any status"))]
        region_field: Any = self.fields["region"]
        region_field.choices = any_region + list(Region.choices)
        status_field: Any = self.fields["status"]
        status_field.choices = any_status + [
            (value, label)
            for value, label in Supplier.Status.choices
            if value != Supplier.Status.ARCHIVED
        ]
        if not self.is_bound:
            start = fiscal_year_start()
            self.initial.setdefault("period_start", start)
            self.initial.setdefault("period_end", datetime.date(start.year + 1, 3, 31))

    def clean_suppliers(self) -> list[int]:
        raw = self.cleaned_data.get("suppliers") or ""
        parts = [part for part in re.split(r"[\s,，;；]+", raw) if part]
        ids = []
        for part in parts:
            if not part.isdigit() or int(part) < 1:
                raise forms.ValidationError(
                    _("“%(value)s” is not a supplier id: enter whole numbers separated by commas.")
                    % {"value": part[:40]}
                )
            ids.append(int(part))
        return ids

    def supplier_filters(self) -> dict[str, str]:
        category = self.cleaned_data.get("category")
        return {
            "category": category.slug if category is not None else "",
            "region": self.cleaned_data.get("region") or "",
            "status": self.cleaned_data.get("status") or "",
        }


class ExtendForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("New due date"), widget=_date_input())


class AssessmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_status: list[tuple[str, Any]] = [("", _("Any status"))]
        status_field: Any = self.fields["status"]
        status_field.choices = any_status + list(Assessment.Status.choices)


# --- Campaigns ----------------------------------------------------------------------------


@staff_required("assessments.view_campaign")
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaign_list(user=request.user).order_by("-created_at", "-id")
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/campaign_list.html",
        {"page": page, "query": _query_without(request, "page")},
    )


def _apply_campaign_errors(form: CampaignForm, exc: CampaignInvalidError) -> None:
    if not exc.fields:
        form.add_error(None, exc.message)
        return
    for field, errors in exc.fields.items():
        form.add_error(field if field in form.fields else None, errors)


@staff_required("assessments.add_campaign")
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_services.campaign_create(
                name=data["name"],
                questionnaire_version=data["questionnaire_version"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                due_on=data["due_on"],
                supplier_ids=data["suppliers"],
                supplier_filters=form.supplier_filters(),
                created_by=acting_user(request),
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
    return render(
        request,
        "assessments/campaign_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
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
    assessments = selectors.assessment_list(user=request.user).filter(campaign=campaign)
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
    return {
        "campaign": campaign,
        "filters": _filters_display(campaign),
        "picked": list(picked[:PICKED_SUPPLIERS_SHOWN]),
        "picked_count": picked.count(),
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
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    return render(request, "assessments/campaign_detail.html", _detail_context(request, campaign))


@staff_required("assessments.change_campaign")
@require_POST
def campaign_launch(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
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
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "assessments/campaign_detail.html",
            _detail_context(request, campaign, extend_form=form),
            status=400,
        )
    try:
        campaign_services.campaign_extend(
            campaign=campaign, due_on=form.cleaned_data["due_on"], changed_by=acting_user(request)
        )
    except AssessmentStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Due date changed to %(date)s for the campaign and its open assessments.")
            % {"date": form.cleaned_data["due_on"].isoformat()},
        )
    return redirect("campaigns:detail", campaign_id=campaign.pk)


@staff_required("assessments.change_campaign")
@require_POST
def campaign_close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    if campaign.status == Campaign.Status.CLOSED:
        messages.error(request, _("This campaign is closed already."))
    else:
        campaign_services.campaign_close(campaign=campaign)
        messages.success(request, _("Campaign %(name)s closed.") % {"name": campaign.name})
    return redirect("campaigns:detail", campaign_id=campaign.pk)


# --- One assessment -----------------------------------------------------------------------


def _choice_labels(question: Question, column: Column | None = None) -> dict[str, str]:
    if column is not None:
        return {choice.code: choice.label for choice in column.choices.all()}
    return {
        choice.code: choice.label for choice in question.choices.all() if choice.column_id is None
    }


def _scalar_text(kind: str, value: Any, labels: dict[str, str], unit: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "yes_no":
        if value is True:
            return _("Yes")
        if value is False:
            return _("No")
    if kind == "single_choice":
        return labels.get(str(value), str(value))
    if kind == "number" and unit:
        return f"{value} {unit}"
    return str(value)


def _answer_display(question: Question, answer: Answer | None) -> dict[str, Any]:
    """The stored value in words: labels for codes, units for numbers, tables as rows."""
    if answer is None or answer.not_applicable or answer.value in (None, "", [], {}):
        return {"text": "", "table": None}
    value = answer.value
    if question.type == Question.Type.MULTI_CHOICE and isinstance(value, list):
        labels = _choice_labels(question)
        return {
            "text": "; ".join(labels.get(str(code), str(code)) for code in value),
            "table": None,
        }
    if question.type == Question.Type.TABLE and isinstance(value, list):
        columns = list(question.columns.all())
        headers = [f"{c.label} ({c.unit})" if c.unit else c.label for c in columns]
        rows = [
            [
                _scalar_text(c.type, row.get(c.code), _choice_labels(question, c), c.unit)
                for c in columns
            ]
            for row in value
            if isinstance(row, dict)
        ]
        return {"text": "", "table": {"headers": headers, "rows": rows}}
    text = _scalar_text(question.type, value, _choice_labels(question), question.unit)
    return {"text": text, "table": None}


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
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
    answers = answer_services.assessment_answers(assessment)
    questions = answer_services.visible_questions(assessment, answers)
    areas = selectors.version_content_cached(assessment.version)[0]
    progress = selectors.area_progress(areas=areas, questions=questions, answers=answers)
    by_area: dict[int, list[Question]] = {}
    for question in questions:
        by_area.setdefault(question.area_id, []).append(question)
    sections = [
        {
            "area": area,
            "progress": area_progress,
            "rows": [
                {
                    "question": question,
                    "answer": answers.get(question.code),
                    "display": _answer_display(question, answers.get(question.code)),
                }
                for question in by_area[area.pk]
            ],
        }
        for area, area_progress in zip(areas, progress, strict=True)
        if by_area.get(area.pk)
    ]
    events = Paginator(
        assessment.events.select_related("actor").order_by("at", "id"), EVENTS_PER_PAGE
    ).get_page(request.GET.get("events_page"))
    event_rows = [{"event": event, "details": _event_details(event.data)} for event in events]
    score = latest_score(assessment)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "questionnaire": assessment.version.questionnaire,
            "progress": progress,
            "sections": sections,
            "events": events,
            "event_rows": event_rows,
            "query": _query_without(request, "events_page"),
            "score": score,
            "ghg": GhgCalculation.objects.filter(assessment=assessment)
            .select_related("factor_set")
            .first(),
            "question_scores": {row["code"]: row for row in score.questions} if score else {},
        },
    )
