"""Who is asking: the client's address behind trusted proxies, and the rate limits keyed on it.

Behind a reverse proxy every request comes from the proxy's address, so a lockout or a rate limit
keyed on REMOTE_ADDR would lock out everyone at once. Each trusted proxy appends the address it
received the request from to X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies in front, the
client is the entry that many places from the right. Anything further left was written by the
client and is not trusted. With no trusted proxy (the default), the header is ignored: a client
could otherwise send any X-Forwarded-For and dodge every limit.

django-axes (AXES_CLIENT_IP_CALLABLE), the API throttles below and the password reset limit
all use this one rule (DRF's NUM_PROXIES is set to the same count for any other DRF throttle).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework import throttling


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry TRUSTED_PROXY_COUNT from the right of
    X-Forwarded-For when that many trusted proxies stand in front (the leftmost if the header
    has fewer entries, as DRF does with NUM_PROXIES)."""
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))] or remote_addr


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's throttle of anonymous requests, per client address as found by `client_ip`."""

    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class UserRateThrottle(throttling.UserRateThrottle):
    """DRF's throttle per user; anonymous requests per client address as found by `client_ip`."""

    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class _SettingRateThrottle(throttling.SimpleRateThrottle):
    """A DRF throttle usable outside DRF views, its rate read from a Django setting at each use
    (DRF's own classes read their rates once, at import)."""

    rate_setting = ""

    def __init__(self) -> None:
        self.rate = getattr(settings, self.rate_setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_ident_key(self, request: Any, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allows(self, request: HttpRequest) -> bool:
        """DRF's `allow_request` for a Django request: it reads only META, and no view."""
        return bool(self.allow_request(request, None))  # type: ignore[arg-type]


class PasswordResetClientThrottle(_SettingRateThrottle):
    scope = "password_reset_client"
    rate_setting = "PASSWORD_RESET_RATE_PER_CLIENT"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.get_ident_key(request, client_ip(request))


class PasswordResetAddressThrottle(_SettingRateThrottle):
    scope = "password_reset_address"
    rate_setting = "PASSWORD_RESET_RATE_PER_ADDRESS"

    def __init__(self, *, email: str) -> None:
        super().__init__()
        # Hashed: a cache key holds no address, and any address gives a valid key.
        self.ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.get_ident_key(request, self.ident)


def password_reset_allowed(*, request: HttpRequest, email: str) -> bool:
    """May this client have a reset link sent to this address now? Counts the request if so.

    Per client first, so one client flooding many addresses is stopped without using up the
    allowance of the addresses it names; then per address, so many clients cannot flood one
    inbox. The count is kept whether or not an account uses the address, so being limited
    tells nothing about which addresses exist.
    """
    if not PasswordResetClientThrottle().allows(request):
        return False
    return PasswordResetAddressThrottle(email=email).allows(request)
