"""Behind a proxy (issue 14): the lockout and the rate limits find the client's address from
TRUSTED_PROXY_COUNT. With no trusted proxy a spoofed X-Forwarded-For changes nothing; behind
one proxy, two people are two clients, not one shared proxy address."""

import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from core.clients import AnonRateThrottle, client_ip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-for-tests-1"
PROXY = "10.0.0.1"


def _login(client: Client, username: str, password: str, **headers: str) -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, **headers
    )
    return response.status_code


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", None, "192.0.2.1"),
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy trusted: header ignored
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote the left part
        (2, PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, PROXY, "203.0.113.9", "203.0.113.9"),  # fewer entries: the leftmost, as DRF does
        (1, PROXY, None, PROXY),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(
    settings, proxies: int, remote: str, forwarded: str | None, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_spoofed_forwarded_for_does_not_dodge_lockout(client, officer, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, officer.username, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    assert _login(client, officer.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77") == 429


def test_spoofed_forwarded_for_behind_a_proxy_does_not_dodge_lockout(
    client, officer, settings
) -> None:
    """The proxy appends the real address; what the client put in front is not trusted."""
    settings.TRUSTED_PROXY_COUNT = 1
    real = "203.0.113.5"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client, officer.username, "wrong",
            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}, {real}",
        )  # fmt: skip
    status = _login(
        client, officer.username, PASSWORD,
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.77, {real}",
    )  # fmt: skip
    assert status == 429


def test_users_behind_one_proxy_are_locked_separately(officer, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(
            attacker, officer.username, "wrong",
            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5",
        )  # fmt: skip
    locked = dict(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert _login(attacker, officer.username, PASSWORD, **locked) == 429
    # The real user, behind the same proxy from another address, still logs in ...
    assert _login(
        colleague, officer.username, PASSWORD,
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7",
    ) == 302  # fmt: skip
    # ... and gets an API token too.
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD},
        format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7",
    )  # fmt: skip
    assert response.status_code == 200


@pytest.fixture
def three_a_minute(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def _token_attempt(**headers: str) -> int:
    return (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}, format="json",
              **headers)
        .status_code
    )  # fmt: skip


def test_spoofed_forwarded_for_does_not_dodge_the_api_throttle(settings, three_a_minute) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [_token_attempt(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_clients_behind_one_proxy_are_throttled_separately(settings, three_a_minute) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    first = [_token_attempt(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5") for _ in "xyzw"]
    assert first == [400, 400, 400, 429]
    assert _token_attempt(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7") == 400


def _gunicorn_control_socket(var_dir: Path) -> str:
    output = subprocess.run(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "--print-config", "config.wsgi"],
        cwd=ROOT,
        # --print-config loads the app: it needs a secret key (no .env in a fresh checkout).
        env={"GREENGATE_VAR_DIR": str(var_dir), "PATH": "/usr/bin:/bin",
             "SECRET_KEY": "print-config-only"},
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    settings = dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition("=") for line in output.splitlines())
    )
    assert settings["control_socket_disable"] == "False"
    return settings["control_socket"]


def test_gunicorn_control_socket_is_under_var(tmp_path) -> None:
    """Two instances on one host, each with its own var folder, each have their own control
    socket (gunicorn's default is one per user, so the second took over the first's)."""
    one, two = tmp_path / "one", tmp_path / "two"
    assert _gunicorn_control_socket(one) == str(one.resolve() / "gunicorn.ctl")
    assert _gunicorn_control_socket(two) == str(two.resolve() / "gunicorn.ctl")
