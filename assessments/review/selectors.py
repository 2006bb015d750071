"""Reads of review: who reviewed an assessment, and what is still open before a decision."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from assessments.answers.selectors import assessment_answers, visible_questions
from assessments.models import Answer, Assessment, Event, EvidenceDocument

# A submitted assessment is reviewed; a returned one takes further queries and decisions.
REVIEWABLE_STATUSES = (Assessment.Status.SUBMITTED, Assessment.Status.RETURNED)

# Review actions: whoever took one on an assessment does not approve or reject it (four eyes).
# The one list of them; the corrective actions a reviewer raises, closes or reopens count too.
REVIEW_ACTIONS = (
    Event.Kind.ANSWER_ACCEPTED,
    Event.Kind.ANSWER_QUERIED,
    Event.Kind.EVIDENCE_ACCEPTED,
    Event.Kind.EVIDENCE_REJECTED,
    Event.Kind.RETURNED,
    Event.Kind.ACTION_RAISED,
    Event.Kind.ACTION_CLOSED,
    Event.Kind.ACTION_REOPENED,
)


def assessment_reviewers(assessment: Assessment) -> list[User]:
    """Everyone who took a review action on the assessment (and the reviewer who claimed it)."""
    ids = set(
        Event.objects.filter(assessment=assessment, kind__in=REVIEW_ACTIONS, actor__isnull=False)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    if assessment.reviewer_id is not None:
        ids.add(assessment.reviewer_id)
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def user_label(user: User) -> str:
    return user.get_full_name() or user.username


@dataclass
class OpenItem:
    """One kind of thing still open in the review: `code`, how many, and the questions."""

    code: str  # answers_pending, answers_queried, documents_pending, no_reviewer
    count: int
    questions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def review_open_items(assessment: Assessment) -> list[OpenItem]:
    """What stops approval: answers not reviewed or queried, documents not reviewed, no reviewer.

    Only the questions the supplier sees count (its category's, with their conditions on its
    answers); removed documents are not reviewed.
    """
    answers = assessment_answers(assessment)
    shown = {question.code for question in visible_questions(assessment, answers)}
    pending: list[str] = []
    queried: list[str] = []
    documents: list[str] = []
    for code, answer in answers.items():
        if code not in shown:
            continue
        if answer.review_status == Answer.ReviewStatus.PENDING:
            pending.append(code)
        elif answer.review_status == Answer.ReviewStatus.QUERIED:
            queried.append(code)
        documents.extend(
            code
            for document in answer.documents
            if document.review_status == EvidenceDocument.ReviewStatus.PENDING
        )
    items = []
    # Question codes in questionnaire order (the answers come in it).
    if pending:
        items.append(OpenItem("answers_pending", len(pending), pending))
    if queried:
        items.append(OpenItem("answers_queried", len(queried), queried))
    if documents:
        items.append(OpenItem("documents_pending", len(documents), list(dict.fromkeys(documents))))
    if not assessment_reviewers(assessment):
        items.append(OpenItem("no_reviewer", 1))
    return items


def open_item_text(item: OpenItem, *, codes: bool = True) -> str:
    texts = {
        "answers_pending": _("%(count)s answer(s) not reviewed"),
        "answers_queried": _("%(count)s answer(s) queried"),
        "documents_pending": _("%(count)s document(s) not reviewed"),
        "no_reviewer": _("no reviewer has reviewed it"),
    }
    text = texts[item.code] % {"count": item.count}
    return f"{text} ({', '.join(item.questions[:10])})" if item.questions and codes else text


def review_open_texts(assessment: Assessment) -> list[dict[str, Any]]:
    """The open items with their text, for the staff assessment page."""
    return [
        {**item.as_dict(), "text": open_item_text(item, codes=False)}
        for item in review_open_items(assessment)
    ]


def assessment_list_review_complete(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """The submitted assessments of `queryset` whose review is complete: nothing left in
    `review_open_items`, so they wait on an approver's decision.

    The database rules out first whatever has an open answer or document on a question every
    supplier sees (no condition, every category); only what is open on conditional questions
    alone (the answer may be hidden, and then does not count) is checked one by one."""
    reviewed = Q(reviewer__isnull=False) | Exists(
        Event.objects.filter(
            assessment=OuterRef("pk"), kind__in=REVIEW_ACTIONS, actor__isnull=False
        )
    )
    open_answers = Answer.objects.filter(
        assessment=OuterRef("pk"),
        review_status__in=(Answer.ReviewStatus.PENDING, Answer.ReviewStatus.QUERIED),
    )
    open_documents = EvidenceDocument.objects.filter(
        answer__assessment=OuterRef("pk"), review_status=EvidenceDocument.ReviewStatus.PENDING
    )
    shown_to_all = Q(question__condition__isnull=True, question__categories=[])
    candidates = (
        queryset.filter(status=Assessment.Status.SUBMITTED)
        .filter(reviewed)
        .exclude(Exists(open_answers.filter(shown_to_all)))
        .exclude(
            Exists(
                open_documents.filter(
                    Q(answer__question__condition__isnull=True, answer__question__categories=[])
                )
            )
        )
    )
    doubtful = candidates.filter(Exists(open_answers) | Exists(open_documents)).select_related(
        "supplier__category", "version"
    )
    still_open = [assessment.pk for assessment in doubtful if review_open_items(assessment)]
    return candidates.exclude(pk__in=still_open) if still_open else candidates
