"""The security settings of issue 7, checked on real responses and on every template."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# This page re-sends a form that failed: it carries that form's own CSRF token as a field.
RESENDS_ITS_OWN_TOKEN = {"database_unavailable.html"}


def test_every_post_form_carries_a_csrf_token() -> None:
    checked = 0
    for template in TEMPLATES.rglob("*.html"):
        if template.name in RESENDS_ITS_OWN_TOKEN:
            continue
        text = template.read_text()
        for form in re.findall(r'<form[^>]*method="post".*?</form>', text, flags=re.S | re.I):
            assert "{% csrf_token %}" in form, f"{template}: {form[:120]}"
            checked += 1
    assert checked > 30


def test_pages_send_csp_without_inline_script_and_refuse_framing(officer_client) -> None:
    response = officer_client.get("/suppliers/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_samesite_and_expire() -> None:
    client = Client()
    response = client.get("/accounts/login/")
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_weak_passwords_are_refused() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password", "12345678", "abc12"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct horse battery staple 42")


def test_logins_are_throttled(db) -> None:
    from tests.factories import staff_user

    staff_user(username="throttled", password="the-right-password-1")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "throttled", "password": "wrong"})
    locked = client.post(
        "/accounts/login/", {"username": "throttled", "password": "the-right-password-1"}
    )
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
