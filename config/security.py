"""Refuse text with NUL characters before it reaches a view.

PostgreSQL cannot store NUL in text or JSON, so such input would fail deep in a save. Django's
form fields already refuse it; this covers every other path (raw POST fields, JSON bodies,
query strings) with one clear 400. File contents are not checked: binary files contain NULs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

NUL_IN_JSON = (b"\\u0000", b"\x00")


class RejectNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            message = _("Text may not contain NUL characters.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "invalid", "detail": message, "fields": {}}, status=400
                )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        for values in request.GET.lists():
            if any("\x00" in value for value in values[1]) or "\x00" in values[0]:
                return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH"):
            if content_type.startswith("application/json"):
                return any(marker in request.body for marker in NUL_IN_JSON)
            if content_type.startswith(
                ("multipart/form-data", "application/x-www-form-urlencoded")
            ):
                try:
                    items = list(request.POST.lists())
                except Exception:  # a malformed body: the view's own parsing reports it
                    return False
                return any(
                    "\x00" in key or any("\x00" in v for v in values) for key, values in items
                )
        return False
