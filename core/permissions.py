"""Who may use the staff side: staff-group members and superusers, never supplier users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

SUPPLIER_ARCHIVED_MESSAGE = gettext_lazy(
    "Your company's account is archived: contact your customer's procurement team."
)


def is_supplier_user(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and hasattr(user, "supplier_membership"))


def is_archived_supplier_user(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A user of an archived supplier: no portal or API access while it stays archived.

    Asked at every request rather than by deactivating the users, so unarchiving gives back
    exactly what archiving took, with nothing to remember in between.
    """
    membership = getattr(user, "supplier_membership", None) if user.is_authenticated else None
    return membership is not None and bool(membership.supplier.is_archived)


def refuse_archived_supplier_user(user: AbstractBaseUser | AnonymousUser) -> None:
    """403 with the code `supplier_archived` for an archived supplier's user (the API)."""
    if is_archived_supplier_user(user):
        raise ApiPermissionDenied(SUPPLIER_ARCHIVED_MESSAGE, code="supplier_archived")


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A supplier user is never staff, whatever permissions someone gave them by mistake."""
    if not user.is_authenticated or is_supplier_user(user):
        return False
    return bool(user.has_perm("suppliers.view_supplier"))  # type: ignore[attr-defined]


def acting_user(request: HttpRequest | Request) -> User:
    """The logged-in user making a change (views and APIs check access before calling this)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class IsStaffMember(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        refuse_archived_supplier_user(request.user)
        return is_staff_member(request.user)


class StaffPermission(IsStaffMember):
    """Staff member holding every permission in `view.required_permissions[METHOD]`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        required = getattr(view, "required_permissions", {}).get(request.method or "", [])
        return bool(request.user.has_perms(required))


def _supplier_id_of(user: AbstractBaseUser | AnonymousUser) -> int | None:
    """The user's supplier; None for staff, others and an archived supplier's users (whose
    selectors then find nothing, whatever lets them through)."""
    membership = getattr(user, "supplier_membership", None) if user.is_authenticated else None
    if membership is None or is_archived_supplier_user(user):
        return None
    return int(membership.supplier_id)


class IsStaffOrSupplierUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        refuse_archived_supplier_user(request.user)
        return is_staff_member(request.user) or is_supplier_user(request.user)


class IsSupplierUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        refuse_archived_supplier_user(request.user)
        return is_supplier_user(request.user)
