"""Staff review pages: the queue of submitted assessments, the review workbench's pieces and
the review actions.

The workbench is the staff assessment page organised by area: one area open at a time
(`?area=A2`), filtered (`?show=review|queried|all`). Each decision on an item posts to its route
here; with htmx the answer is the item re-rendered (its error in it) with the review panel and
the area counts swapped out of band, without JavaScript a redirect back to the item.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.answers import selectors as answer_selectors
from assessments.answers.display import answer_display, answer_warnings
from assessments.campaigns import selectors as campaign_selectors
from assessments.errors import (
    AssessmentStateError,
    ReviewIncompleteError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)
from assessments.models import Answer, Assessment, Campaign, EvidenceDocument, GhgCalculation
from assessments.prefill.selectors import carried_views
from assessments.questionnaires import selectors as questionnaire_selectors
from assessments.review import selectors as review_selectors
from assessments.review import services as review_services
from assessments.review.forms import AreaAcceptForm, RejectForm, ReturnForm
from assessments.scoring.selectors import latest_score
from core.decorators import staff_required
from core.permissions import acting_user

REVIEW_ERRORS = (
    AssessmentStateError,
    ReviewIncompleteError,
    ReviewInvalidError,
    SeparationOfDutiesError,
)


@staff_required("assessments.view_assessment")
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted assessments waiting for review or decision, oldest submission first."""
    status = request.GET.get("status") or Assessment.Status.SUBMITTED
    if status not in Assessment.Status.values:
        status = Assessment.Status.SUBMITTED
    queryset = campaign_selectors.assessment_list(user=request.user)
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        queryset = queryset.filter(campaign_id=int(campaign))
    if request.GET.get("mine"):
        queryset = queryset.filter(reviewer=acting_user(request))
    # What awaits an approver: submitted, every item decided (the approvers' landing).
    review_complete = request.GET.get("review") == "complete"
    if review_complete:
        status = Assessment.Status.SUBMITTED
        queryset = review_selectors.assessment_list_review_complete(queryset)
    queryset = queryset.filter(status=status)
    page = Paginator(
        queryset.select_related("reviewer").order_by("submitted_at", "id"), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/review/review_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": Assessment.Status.choices,
            "campaigns": Campaign.objects.order_by("-created_at")[:200],
            "campaign": campaign,
            "review_complete": review_complete,
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _back(assessment_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("campaigns:assessment", kwargs={"assessment_id": assessment_id})
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- The workbench -------------------------------------------------------------------------

SHOW_CHOICES = ("review", "queried", "all")
DEFAULT_SHOW = "all"
# Where a decision's error waits for the page it redirects to (without JavaScript).
ITEM_ERROR_SESSION_KEY = "review_item_error"


def is_htmx(request: HttpRequest) -> bool:
    """Asked by htmx (django-htmx's middleware sets `request.htmx`, falsy otherwise)."""
    return bool(getattr(request, "htmx", False))


def htmx_target(request: HttpRequest) -> str | None:
    """The id of the element an htmx (not boosted) request will swap, or None."""
    details = getattr(request, "htmx", None)
    if not details or details.boosted:
        return None
    return str(details.target) if details.target else None


def needs_review(answer: Answer | None) -> bool:
    """Still to review: the answer is pending, or one of its documents is."""
    if answer is None:
        return False
    return answer.review_status == Answer.ReviewStatus.PENDING or any(
        document.review_status == EvidenceDocument.ReviewStatus.PENDING
        for document in answer.documents
    )


def is_queried(answer: Answer | None) -> bool:
    """Sent back: the answer is queried, or one of its documents rejected."""
    if answer is None:
        return False
    return answer.review_status == Answer.ReviewStatus.QUERIED or any(
        document.review_status == EvidenceDocument.ReviewStatus.REJECTED
        for document in answer.documents
    )


def workbench_url(
    assessment_id: int, *, area: str, show: str = DEFAULT_SHOW, code: str = ""
) -> str:
    """The workbench open at `area` with filter `show`, at item `code` if given."""
    url = reverse("campaigns:assessment", kwargs={"assessment_id": assessment_id})
    query = urlencode({"area": area, "show": show})
    return f"{url}?{query}#q-{code}" if code else f"{url}?{query}"


def _place(request: HttpRequest) -> tuple[str, str]:
    """The area and filter a decision was taken in (posted with it), for the way back."""
    show = request.POST.get("show", "")
    return request.POST.get("area", "")[:40], show if show in SHOW_CHOICES else DEFAULT_SHOW


def workbench_context(
    request: HttpRequest,
    assessment: Assessment,
    *,
    area: str | None,
    show: str | None,
    keep: str = "",
    item_error: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the workbench shows: the area tabs with their counts, the open area's items under the
    filter (item `keep` whatever the filter: the one just decided stays where it was), and the
    side panel (review, score, GHG). A fixed number of queries, whatever the number of
    questions."""
    answers = answer_selectors.assessment_answers(assessment)
    questions = answer_selectors.visible_questions(assessment, answers)
    areas = questionnaire_selectors.version_load(assessment.version).areas
    progress = answer_selectors.area_progress(areas=areas, questions=questions, answers=answers)
    by_area: dict[int, list[Any]] = {}
    for question in questions:
        by_area.setdefault(question.area_id, []).append(question)
    area_of = {question.code: question.area.code for question in questions}
    show = show if show in SHOW_CHOICES else DEFAULT_SHOW
    tabs: list[dict[str, Any]] = [
        {
            "code": each.code,
            "title": each.title,
            "progress": area_progress,
            "total": len(by_area[each.pk]),
            "to_review": sum(needs_review(answers.get(q.code)) for q in by_area[each.pk]),
            "queried": sum(is_queried(answers.get(q.code)) for q in by_area[each.pk]),
            "questions": by_area[each.pk],
        }
        for each, area_progress in zip(areas, progress, strict=True)
        if by_area.get(each.pk)
    ]
    current = next((tab for tab in tabs if tab["code"] == area), tabs[0] if tabs else None)
    rows = []
    # Carried from the last cycle (`prefill`): unchanged ones apart, changed ones old -> new.
    carried = carried_views(answers=answers)
    carried_to_accept = 0
    if current is not None:
        warnings = answer_warnings(questions=questions, answers=answers)
        carried_to_accept = sum(
            carried.get(q.code) is not None
            and carried[q.code].state == "unchanged"
            and answers[q.code].review_status == Answer.ReviewStatus.PENDING
            for q in current["questions"]
        )
        for question in current["questions"]:
            answer = answers.get(question.code)
            if question.code != keep and (
                (show == "review" and not needs_review(answer))
                or (show == "queried" and not is_queried(answer))
            ):
                continue
            rows.append(
                {
                    "question": question,
                    "answer": answer,
                    "display": answer_display(question=question, answer=answer),
                    "warnings": warnings.get(question.code, []),
                    "carried": carried.get(question.code),
                    "carried_old": answer_display(
                        question=question, answer=carried[question.code].old
                    )
                    if question.code in carried and carried[question.code].old is not None
                    else None,
                    "error": item_error["message"]
                    if item_error and item_error.get("code") == question.code
                    else "",
                }
            )
    reviewable = assessment.status in review_selectors.REVIEWABLE_STATUSES
    reviewers = review_selectors.assessment_reviewers(assessment) if reviewable else []
    open_items = review_selectors.review_open_texts(assessment) if reviewable else []
    for item in open_items:
        item["links"] = [
            (code, workbench_url(assessment.pk, area=area_of.get(code, ""), code=code))
            for code in item["questions"][:20]
        ]
    score = latest_score(assessment)
    return {
        "assessment": assessment,
        # The side panel: review, score and GHG (refreshed out of band after each decision).
        "score": score,
        "ghg": GhgCalculation.objects.filter(assessment=assessment)
        .select_related("factor_set")
        .first(),
        "question_scores": {row["code"]: row for row in score.questions} if score else {},
        "reviewable": reviewable,
        "reviewers": reviewers,
        "user_reviewed": any(r.pk == request.user.pk for r in reviewers),
        "open_items": open_items,
        "tabs": tabs,
        "current": current,
        "show": show,
        "shows": [
            ("review", _("To review"), current["to_review"] if current else 0),
            ("queried", _("Queried"), current["queried"] if current else 0),
            ("all", _("All"), current["total"] if current else 0),
        ],
        "rows": rows,
        "carried_to_accept": carried_to_accept,
        "return_form": ReturnForm(),
        "reject_form": RejectForm(),
    }


def _item_response(
    request: HttpRequest, assessment: Assessment, *, code: str, show: str, error: str = ""
) -> HttpResponse:
    """The decided item re-rendered in place, with the review panel and counts out of band."""
    question = questionnaire_selectors.version_load(assessment.version).question(code)
    context = workbench_context(
        request,
        assessment,
        area=question.area.code if question else None,
        show=show,
        keep=code,
        item_error={"code": code, "message": error} if error else None,
    )
    row = next((row for row in context["rows"] if row["question"].code == code), None)
    return render(request, "assessments/review/_decision.html", {**context, "row": row})


def _decided(
    request: HttpRequest, assessment: Assessment, *, code: str, error: str = ""
) -> HttpResponse:
    """After a decision on item `code`: the item in place (htmx) or back to it (a redirect)."""
    area, show = _place(request)
    if is_htmx(request):
        return _item_response(request, assessment, code=code, show=show, error=error)
    if error:
        request.session[ITEM_ERROR_SESSION_KEY] = {"code": code, "message": error}
    question = questionnaire_selectors.version_load(assessment.version).question(code)
    return redirect(
        workbench_url(
            assessment.pk, area=question.area.code if question else area, show=show, code=code
        )
    )


@staff_required("assessments.review_assessment")
@require_POST
def answer_review(request: HttpRequest, assessment_id: int, question_code: str) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    answer = get_object_or_404(Answer, assessment=assessment, question__code=question_code)
    error = ""
    try:
        review_services.answer_review(
            answer=answer,
            accept=request.POST.get("decision") == "accept",
            comment=request.POST.get("comment", ""),
            reviewer=acting_user(request),
        )
    except REVIEW_ERRORS as exc:
        error = exc.message
    return _decided(request, assessment, code=question_code, error=error)


@staff_required("assessments.review_assessment")
@require_POST
def evidence_review(request: HttpRequest, evidence_id: int) -> HttpResponse:
    document = answer_selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    error = ""
    try:
        review_services.evidence_review(
            document=document,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
            reviewer=acting_user(request),
        )
    except REVIEW_ERRORS as exc:
        error = exc.message
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=document.answer.assessment_id
    )
    return _decided(request, assessment, code=document.answer.question.code, error=error)


@staff_required("assessments.review_assessment")
@require_POST
def area_accept(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    form = AreaAcceptForm(request.POST)
    _area, show = _place(request)
    if not form.is_valid():
        messages.error(request, _("Choose an area."))
        return _back(assessment.pk)
    area = form.cleaned_data["area"]
    error = success = ""
    try:
        result = review_services.area_accept(
            assessment=assessment, area_code=area, reviewer=acting_user(request)
        )
    except REVIEW_ERRORS as exc:
        error = exc.message
    else:
        success = _("%(area)s: %(answers)s answer(s) and %(documents)s document(s) accepted.") % {
            "area": area,
            "answers": len(result.answers),
            "documents": len(result.documents),
        }
    if is_htmx(request):
        context = workbench_context(request, assessment, area=area, show=show)
        return render(
            request,
            "assessments/review/_area_decision.html",
            {**context, "area_error": error, "area_success": success},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
    return redirect(f"{workbench_url(assessment.pk, area=area, show=show)}#area-{area}")


@staff_required("assessments.review_assessment")
@require_POST
def assessment_return(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    try:
        review_services.assessment_return(
            assessment=assessment,
            question_codes=request.POST.getlist("questions"),
            comment=request.POST.get("comment", ""),
            reviewer=acting_user(request),
        )
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Returned to the supplier: only the queried questions are open.")
        )
    return _back(assessment.pk)


@staff_required("assessments.approve_assessment")
@require_POST
def assessment_decide(request: HttpRequest, assessment_id: int, decision: str) -> HttpResponse:
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    try:
        if decision == "approve":
            review_services.assessment_approve(assessment=assessment, approver=acting_user(request))
            messages.success(request, _("Assessment approved."))
        else:
            review_services.assessment_reject(
                assessment=assessment,
                approver=acting_user(request),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Assessment rejected."))
    except REVIEW_ERRORS as exc:
        messages.error(request, exc.message)
    return _back(assessment.pk)
