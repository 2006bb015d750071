"""Each user's own notifications: the list (newest first), mark one or all read."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from assessments.notifications import selectors, services
from core.decorators import staff_or_supplier_required
from core.permissions import acting_user

PAGE_SIZE = 20


class NotificationReadForm(forms.Form):
    open = forms.BooleanField(required=False)  # go on to what the notification is about
    page = forms.IntegerField(required=False, min_value=1)


def _back_to_list(page: int | None) -> HttpResponse:
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page and page > 1 else url)


@staff_or_supplier_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@staff_or_supplier_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_get_for_user(
        user=request.user, notification_id=notification_id
    )
    form = NotificationReadForm(request.POST)
    form.is_valid()
    services.notification_mark_read(notification=notification)
    data = getattr(form, "cleaned_data", {})
    if data.get("open") and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return _back_to_list(data.get("page"))


@staff_or_supplier_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=acting_user(request))
    return redirect("notifications:list")
