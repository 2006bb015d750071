"""Corrective actions and their documents, as each user may see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from assessments.answers.display import answer_display, question_words, value_text
from assessments.campaigns.selectors import assessment_list
from assessments.models import (
    Answer,
    CorrectiveAction,
    CorrectiveActionDocument,
    Score,
)


def action_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[CorrectiveAction]:
    """Corrective actions of the assessments the user may see."""
    return CorrectiveAction.objects.filter(
        assessment__in=assessment_list(user=user).values("pk")
    ).select_related("assessment__supplier", "question")


def action_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, action_id: Any
) -> CorrectiveAction:
    try:
        return action_list(user=user).get(pk=int(action_id))
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such corrective action.") from exc


def action_document_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, document_id: Any
) -> CorrectiveActionDocument:
    try:
        return CorrectiveActionDocument.objects.get(
            pk=int(document_id), action__in=action_list(user=user).values("pk")
        )
    except (CorrectiveActionDocument.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such document.") from exc


@dataclass(frozen=True)
class Improvement:
    """What verifying and closing an action changed: its question's area score and the overall
    score, before and after (None: no score then, or the area not assessed)."""

    area: str
    area_before: float | None
    area_after: float | None
    overall_before: float | None
    overall_after: float | None

    @property
    def area_delta(self) -> float | None:
        if self.area_before is None or self.area_after is None:
            return None
        return round(self.area_after - self.area_before, 2)

    @property
    def overall_delta(self) -> float | None:
        if self.overall_before is None or self.overall_after is None:
            return None
        return round(self.overall_after - self.overall_before, 2)


def _area_score(score: Score | None, code: str) -> float | None:
    if score is None or not code:
        return None
    for area in score.areas or []:
        if area.get("code") == code:
            value = area.get("score")
            return None if value is None else float(value)
    return None


def _overall(score: Score | None) -> float | None:
    return None if score is None or score.overall is None else float(score.overall)


def action_improvement(action: CorrectiveAction) -> Improvement | None:
    """The before and after of a verified closing (None for an action closed without one).

    The area is the action's question's area; an action on no question shows the overall only."""
    if action.score_after_id is None:
        return None
    code = action.question.area.code if action.question is not None else ""
    return Improvement(
        area=code,
        area_before=_area_score(action.score_before, code),
        area_after=_area_score(action.score_after, code),
        overall_before=_overall(action.score_before),
        overall_after=_overall(action.score_after),
    )


def action_proposed_text(action: CorrectiveAction) -> str:
    """The improved answer the supplier sent, in words ("" when none)."""
    if action.proposed_value is None or action.question is None:
        return ""
    words = question_words(action.question)
    return value_text(words.type, action.proposed_value, labels=words.labels, unit=words.unit)


def action_answer_text(action: CorrectiveAction, answer: Answer | None) -> str:
    """The linked question's answer as it stands, in words ("" when none or a table)."""
    if action.question is None:
        return ""
    return answer_display(question=action.question, answer=answer).text
