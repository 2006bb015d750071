"""Who may use the staff side: staff-group members and superusers, never supplier users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def is_supplier_user(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and hasattr(user, "supplier_membership"))


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
        return is_staff_member(request.user)


class StaffPermission(IsStaffMember):
    """Staff member holding every permission in `view.required_permissions[METHOD]`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        required = getattr(view, "required_permissions", {}).get(request.method or "", [])
        return bool(request.user.has_perms(required))


def _supplier_id_of(user: AbstractBaseUser | AnonymousUser) -> int | None:
    membership = getattr(user, "supplier_membership", None) if user.is_authenticated else None
    return membership.supplier_id if membership is not None else None


class IsStaffOrSupplierUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user) or is_supplier_user(request.user)


class IsSupplierUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_supplier_user(request.user)
