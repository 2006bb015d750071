"""Denial of service (issue 14): the password reset sends a bounded number of emails per address
and per client, and its answer is the same whether an account exists or a limit was reached."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/hour"
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "10/hour"
    cache.clear()
    yield
    cache.clear()


def _reset(email: str, **headers: str):  # type: ignore[no-untyped-def]
    return Client().post(reverse("password_reset"), {"email": email}, **headers)


def test_password_reset_flood_is_rate_limited_per_address_and_client(mailoutbox) -> None:
    victim = UserFactory(username="victim", email="victim@example.com")
    answers = [_reset(victim.email, REMOTE_ADDR="192.0.2.1") for _ in range(5)]
    assert len(mailoutbox) == 3
    # Over the limit the answer is the one every request gets: no hint of the limit.
    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("password_reset_done"))}

    # From other clients, the address's limit still holds (and its case does not matter).
    _reset("VICTIM@example.com ", REMOTE_ADDR="192.0.2.2")
    _reset(victim.email, REMOTE_ADDR="192.0.2.3")
    assert len(mailoutbox) == 3

    # One client naming many addresses is stopped too, known or not.
    other = UserFactory(username="other", email="other@example.com")
    for n in range(10):
        _reset(f"nobody{n}@example.com", REMOTE_ADDR="198.51.100.9")
    limited = _reset(other.email, REMOTE_ADDR="198.51.100.9")
    assert (limited.status_code, limited.url) == (302, reverse("password_reset_done"))
    assert len(mailoutbox) == 3
    # Another client still gets the link for that address.
    _reset(other.email, REMOTE_ADDR="198.51.100.10")
    assert len(mailoutbox) == 4 and mailoutbox[-1].to == [other.email]


def test_password_reset_limit_per_client_counts_each_client_behind_a_proxy(
    settings, mailoutbox
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        _reset(f"nobody{n}@example.com", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    user = UserFactory(username="behind", email="behind@example.com")
    _reset(user.email, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    assert len(mailoutbox) == 0  # the spoofed left part does not make a new client
    _reset(user.email, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert len(mailoutbox) == 1


def test_password_reset_page_tells_how_often_a_link_is_sent(client) -> None:
    page = client.post(reverse("password_reset"), {"email": "x@example.com"}, follow=True)
    assert "Only a few links are sent for one address each hour" in page.content.decode()
