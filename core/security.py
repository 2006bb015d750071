"""Request guards: text with NUL characters, and a database that has gone away.

Refuse text with NUL characters before it reaches a view.

PostgreSQL cannot store NUL in text or JSON, so such input would fail deep in a save or a
lookup. Django's form fields already refuse it; this covers every other path (the URL path,
raw POST fields, JSON bodies, query strings) with one clear 400. File contents are not
checked: binary files contain NULs."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SECRET_FIELD = re.compile(r"pass(word)?|secret", re.IGNORECASE)

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
        # In the path too: a `%00` reaching a URL parameter (a token, a code) fails the lookup.
        if "\x00" in request.path_info or "\x00" in request.path:
            return True
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


class DatabaseUnavailableMiddleware:
    """The database went away during a request: say "not saved, try again", keep what was typed.

    The API answers 503 with `database_unavailable` and Retry-After. A web form that was being
    sent gets a 503 page holding the same fields (the CSRF token included), so one click sends
    it again once the database is back; nothing typed is lost. The transaction of the failed
    request was rolled back, so nothing was half-saved either. Renders without the database.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        message = _("Not saved: the database is unavailable. Try again in a moment.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"code": "database_unavailable", "detail": message, "fields": {}}, status=503
            )
        else:
            fields = []
            if request.method == "POST":
                try:
                    fields = [
                        (key, value)
                        for key, values in request.POST.lists()
                        if not SECRET_FIELD.search(key)  # never echo a password back
                        for value in values
                    ]
                except Exception:  # a body that cannot be read again: nothing to offer back
                    fields = []
            html = render_to_string(
                "database_unavailable.html",
                {"message": message, "fields": fields, "action": request.get_full_path(),
                 "had_files": bool(request.method == "POST" and request.FILES)},
            )  # fmt: skip
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
