"""Reads for audit workbooks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from assessments.models import (
    Export,
)
from core.permissions import is_staff_member


def export_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Export]:
    """A user's own exports (superusers see all): workbooks hold the whole registry's data."""
    if not isinstance(user, User) or not is_staff_member(user):
        return Export.objects.none()
    if not user.has_perm("assessments.view_export"):
        return Export.objects.none()
    exports = Export.objects.select_related("created_by")
    return exports if user.is_superuser else exports.filter(created_by=user)


def export_get_for_user(*, user: AbstractBaseUser | AnonymousUser, export_id: Any) -> Export:
    try:
        return export_list(user=user).get(pk=int(export_id))
    except (Export.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None
