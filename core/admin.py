"""API tokens in the admin: listed by their first characters, never the secret, and deletable.

Replaces knox's own admin, which lists the digest and lets an admin mint a token for any user
(shown once in a message, so an admin could act as that user through the API).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["starts_with", "user", "created", "expiry"]
    list_filter = ["expiry"]
    search_fields = ["token_key", "user__username"]
    list_select_related = ["user"]
    fields = ["starts_with", "user", "created", "expiry"]
    readonly_fields = ["starts_with", "user", "created", "expiry"]
    ordering = ["-created"]

    @admin.display(description=_("Starts with"))
    def starts_with(self, obj: AuthToken) -> str:
        return f"{obj.token_key}…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
