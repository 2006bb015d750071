"""Who may open a page: staff with given permissions, or a supplier user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.permissions import (
    SUPPLIER_ARCHIVED_MESSAGE,
    is_archived_supplier_user,
    is_staff_member,
    is_supplier_user,
)


def staff_required(*permissions: str) -> Any:
    """Staff pages: anonymous users go to the login page; supplier users and others get 403."""

    def decorator(view: Any) -> Any:
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_staff_member(request.user) or not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


def _archived(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/supplier_archived.html", {"message": SUPPLIER_ARCHIVED_MESSAGE}, status=403
    )


def staff_or_supplier_required(view: Any) -> Any:
    """Pages for staff and supplier users alike (each sees only their own); an archived
    supplier's users are told why they have no access, as on the portal."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (is_staff_member(request.user) or is_supplier_user(request.user)):
            raise PermissionDenied
        if is_archived_supplier_user(request.user):
            return _archived(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def supplier_required(view: Any) -> Any:
    """Portal pages: supplier users only (staff go to the staff area); an archived supplier's
    users are told why they have no access (after logging in, too: home leads here)."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_supplier_user(request.user):
            if is_staff_member(request.user):
                return redirect("suppliers:list")
            raise PermissionDenied
        if is_archived_supplier_user(request.user):
            return _archived(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped
