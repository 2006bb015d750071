"""Reads of the portal: what a supplier must do now, across its assessments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from assessments.models import Answer, Assessment, CorrectiveAction, EvidenceDocument
from suppliers.models import Supplier

# Each list is cut at this many items; the page says when there are more.
TODO_LIMIT = 50


@dataclass(frozen=True)
class TodoItem:
    kind: str  # "query", "rejected_document", "action"
    assessment: str  # the campaign's name
    code: str  # the question's code, or "" for an action without one
    text: str  # the reviewer's question, the rejection reason or the finding
    link: str
    due_on: datetime.date | None = None
    file: str = ""


@dataclass(frozen=True)
class Todo:
    queries: list[TodoItem]
    documents: list[TodoItem]
    actions: list[TodoItem]
    more: bool

    @property
    def count(self) -> int:
        return len(self.queries) + len(self.documents) + len(self.actions)


def _area_link(assessment_id: int, area_code: str, question_code: str) -> str:
    url = reverse("portal:area", kwargs={"assessment_id": assessment_id, "area_code": area_code})
    return f"{url}#q-{question_code}"


def supplier_todo(supplier: Supplier) -> Todo:
    """Queried answers and rejected documents the supplier can act on (its returned
    assessments' reopened questions), and its open corrective actions by due date. Three
    queries, whatever the number of assessments."""
    reopened = Answer.objects.filter(
        assessment__supplier=supplier,
        assessment__status=Assessment.Status.RETURNED,
        is_unlocked=True,
    )
    queries = [
        TodoItem(
            "query",
            answer.assessment.campaign.name,
            answer.question.code,
            answer.review_comment,
            _area_link(answer.assessment_id, answer.question.area.code, answer.question.code),
        )
        for answer in reopened.filter(review_status=Answer.ReviewStatus.QUERIED)
        .select_related("assessment__campaign", "question__area")
        .order_by("assessment_id", "question__order")[: TODO_LIMIT + 1]
    ]
    documents = [
        TodoItem(
            "rejected_document",
            document.answer.assessment.campaign.name,
            document.answer.question.code,
            document.review_reason,
            _area_link(
                document.answer.assessment_id,
                document.answer.question.area.code,
                document.answer.question.code,
            ),
            file=document.original_name,
        )
        for document in EvidenceDocument.objects.filter(
            answer__in=reopened, review_status=EvidenceDocument.ReviewStatus.REJECTED
        )
        .select_related("answer__assessment__campaign", "answer__question__area")
        .order_by("answer__assessment_id", "answer__question__order", "id")[: TODO_LIMIT + 1]
    ]
    actions = [
        TodoItem(
            "action",
            action.assessment.campaign.name,
            action.question.code if action.question else "",
            action.title,
            reverse("portal:action", kwargs={"action_id": action.pk}),
            due_on=action.due_on,
        )
        for action in CorrectiveAction.objects.filter(assessment__supplier=supplier)
        .exclude(status=CorrectiveAction.Status.CLOSED)
        .select_related("assessment__campaign", "question")
        .order_by("due_on", "id")[: TODO_LIMIT + 1]
    ]
    more = any(len(items) > TODO_LIMIT for items in (queries, documents, actions))
    return Todo(queries[:TODO_LIMIT], documents[:TODO_LIMIT], actions[:TODO_LIMIT], more)
