"""API tokens: expiring, stored hashed (django-rest-knox), revoked when their reason ends.

A token is issued by POST /api/v1/auth/token/ and sent as `Authorization: Token <token>`. The
database keeps only its SHA-512 digest and its first 15 characters (to find the row), never
the token itself. A token ends when its lifetime (API_TOKEN_TTL_HOURS) is over, when its user
logs out of the API, when an admin deletes it, and, for every token of the user at once, when
the user's password is set (changed, reset, or set by an admin) or the user is deactivated:
the signal receiver below sees every save of a user, whichever code path makes it (a queryset
`update()` bypasses it: call `tokens_revoke_for_user` there).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework import exceptions


def token_create(*, user: AbstractBaseUser) -> tuple[AuthToken, str]:
    """Issue a new token for the user (one per client, each with its own expiry); returns the
    stored record and the token, which exists only here and in the response. The user's
    expired tokens are deleted on the way, so they do not pile up."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.create(user=user)


def token_revoke(*, token: AuthToken) -> None:
    """End one token (the user logs out of the API, or an admin deletes it)."""
    token.delete()


def tokens_revoke_for_user(*, user: Any) -> int:
    """End every token of the user; returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user_id=user.pk).delete()
    return deleted


class TokenAuthentication(knox_auth.TokenAuthentication):
    """Knox token authentication, loading the user's supplier membership in the same query.

    Every API request asks whether its user belongs to a supplier; this saves that query. Unlike
    knox's own, it does not read all of the user's other tokens on every request to purge the
    expired ones: `token_create` does that once per new token.
    """

    def authenticate_credentials(self, token: bytes) -> tuple[Any, AuthToken]:
        message = _("Invalid token.")
        try:
            raw = token.decode("utf-8")
            digest = hash_token(raw)
        except (UnicodeDecodeError, TypeError, ValueError) as exc:
            raise exceptions.AuthenticationFailed(message) from exc
        record = (
            AuthToken.objects.select_related("user", "user__supplier_membership")
            .filter(digest=digest)
            .first()
        )
        if record is None:
            raise exceptions.AuthenticationFailed(message)
        if record.expiry is not None and record.expiry <= timezone.now():
            record.delete()
            raise exceptions.AuthenticationFailed(_("Token has expired."))
        if not record.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return record.user, record


def revoke_tokens_on_password_set_or_deactivation(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    """post_save of the user model: a password was set (set_password leaves the new password in
    `_password` until the save completes; the transparent re-hashing of an unchanged password
    at log-in clears it first, so it revokes nothing), or the user is inactive."""
    if created:
        return
    if getattr(instance, "_password", None) is not None or not instance.is_active:
        tokens_revoke_for_user(user=instance)


class TokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of the tokens (drf-spectacular's knox extension matches only
    knox's own class, not a subclass)."""

    target_class = "core.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
