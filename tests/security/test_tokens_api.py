"""Access that outlives its reason (issue 14): API tokens expire, are stored hashed, and end on
logout, on a password change or reset, on deactivation and when an admin deletes them."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.models import AuthToken
from rest_framework.test import APIClient

from core import roles
from tests.factories import api_token, staff_user, supplier_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def _issue(user) -> dict:  # type: ignore[no-untyped-def]
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _status_with(token: str, path: str = "/api/v1/suppliers/") -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(path).status_code


def test_token_endpoint_keeps_its_request_response_and_header(officer) -> None:
    body = _issue(officer)
    assert set(body) == {"token", "expiry"}
    assert _status_with(body["token"]) == 200
    # Form-encoded requests still work, as with DRF's view.
    form = APIClient().post(
        "/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD}
    )
    assert form.status_code == 200 and form.json()["token"]


def test_token_expires(officer, settings) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    before = timezone.now()
    body = _issue(officer)
    record = AuthToken.objects.get(user=officer)
    assert before + timedelta(hours=2) <= record.expiry <= timezone.now() + timedelta(hours=2)
    assert _status_with(body["token"]) == 200

    AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert _status_with(body["token"]) == 401
    assert not AuthToken.objects.filter(pk=record.pk).exists()


def test_token_lifetime_defaults_to_thirty_days(officer) -> None:
    _issue(officer)
    lifetime = AuthToken.objects.get(user=officer).expiry - timezone.now()
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)


def test_token_is_stored_hashed(officer, procurement_admin) -> None:
    token = _issue(officer)["token"]
    record = AuthToken.objects.get(user=officer)
    stored = {field.attname: str(getattr(record, field.attname)) for field in record._meta.fields}
    assert all(token not in value for value in stored.values())
    assert record.digest == hashlib.sha512(token.encode()).hexdigest()

    # The admin lists the token by its first characters (and links to its digest), never the
    # token itself.
    procurement_admin.is_superuser = procurement_admin.is_staff = True
    procurement_admin.save()
    client = Client()
    client.force_login(procurement_admin)
    listing = client.get(reverse("admin:knox_authtoken_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert officer.username in page and f"{record.token_key}…" in page
    assert token not in page
    assert client.get(reverse("admin:knox_authtoken_add")).status_code == 403


def test_admin_deletes_a_token(officer, procurement_admin) -> None:
    token = _issue(officer)["token"]
    record = AuthToken.objects.get(user=officer)
    procurement_admin.is_superuser = procurement_admin.is_staff = True
    procurement_admin.save()
    client = Client()
    client.force_login(procurement_admin)
    response = client.post(
        reverse("admin:knox_authtoken_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert _status_with(token) == 401


def test_logout_revokes_the_token(officer) -> None:
    first, second = _issue(officer)["token"], _issue(officer)["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert _status_with(first) == 401
    assert _status_with(second) == 200  # another client of the same user stays logged in


def test_logout_all_revokes_every_token_of_the_user(officer, auditor) -> None:
    first, second = _issue(officer)["token"], _issue(officer)["token"]
    others = _issue(auditor)["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.post("/api/v1/auth/logout-all/").status_code == 204
    assert _status_with(first) == 401 and _status_with(second) == 401
    assert _status_with(others) == 200


def test_logout_needs_a_token() -> None:
    assert APIClient().post("/api/v1/auth/logout/").status_code == 401
    assert APIClient().post("/api/v1/auth/logout-all/").status_code == 401


def test_a_supplier_user_can_log_out_of_the_api() -> None:
    user = supplier_user(username="sup-logout")
    token = _issue(user)["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert not AuthToken.objects.filter(user=user).exists()


def test_password_change_revokes_tokens(officer) -> None:
    token = _issue(officer)["token"]
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-Passw0rd-42",
            "new_password2": "a-new-Passw0rd-42",
        },
    )
    assert response.status_code == 302, response.content
    assert _status_with(token) == 401
    assert not AuthToken.objects.filter(user=officer).exists()


def test_password_reset_revokes_tokens(officer) -> None:
    token = _issue(officer)["token"]
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    link = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(officer)},
    )
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-Passw0rd-42", "new_password2": "a-new-Passw0rd-42"},
    )
    assert response.status_code == 302, response.content
    assert _status_with(token) == 401


def test_password_set_by_an_admin_revokes_tokens(officer) -> None:
    token = api_token(officer)
    officer.set_password("a-new-Passw0rd-42")
    officer.save()
    assert _status_with(token) == 401


def test_deactivation_revokes_tokens(officer) -> None:
    token = _issue(officer)["token"]
    officer.is_active = False
    officer.save()
    assert not AuthToken.objects.filter(user=officer).exists()
    # Reactivated (a supplier unarchived, say), the user logs in again for a new token.
    officer.is_active = True
    officer.save()
    assert _status_with(token) == 401


def test_deactivation_through_a_supplier_user_save_revokes_tokens() -> None:
    user = supplier_user(username="sup-deactivated")
    token = api_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not AuthToken.objects.filter(user=user).exists()
    assert _status_with(token, "/api/v1/assessments/1/") == 401


def test_rehashing_a_password_at_log_in_revokes_nothing(officer, settings) -> None:
    """A log-in re-hashes a password made with an older hasher: the password did not change,
    so the user's other tokens stay."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
    type(officer).objects.filter(pk=officer.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha1")
    )
    kept = api_token(officer)
    _issue(officer)
    officer.refresh_from_db()
    assert officer.password.startswith("md5$")  # it was re-hashed
    assert _status_with(kept) == 200


def test_token_authentication_costs_one_query(django_assert_num_queries) -> None:
    user = staff_user(roles.PROCUREMENT_OFFICER, username="one-query")
    token = api_token(user)
    from core.authentication import TokenAuthentication

    with django_assert_num_queries(1):
        found, record = TokenAuthentication().authenticate_credentials(token.encode())
        assert found.pk == user.pk and record.user_id == user.pk
        assert not hasattr(found, "supplier_membership")


@pytest.mark.parametrize(
    "header", ["Token", "Token a b", "Token \u00ff\u00fe", "Token " + "x" * 5000, "Token ''"]
)
def test_a_malformed_token_is_refused_not_an_error(header: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/suppliers/").status_code == 401
