"""Corrective actions and their documents, as each user may see them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from assessments.campaigns.selectors import assessment_list
from assessments.models import (
    CorrectiveAction,
    CorrectiveActionDocument,
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
