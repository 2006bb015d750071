"""Each user's own notifications: newest first, paginated, read one or all, never another's."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Notification
from core import roles
from tests.factories import UserFactory, staff_user, supplier_user

pytestmark = pytest.mark.django_db
LIST = "/notifications/"


def _notify(user, count: int = 1, kind: str = "approved", **params):  # type: ignore[no-untyped-def]
    start = timezone.now() - datetime.timedelta(days=1)
    return [
        Notification.objects.create(
            recipient=user,
            kind=kind,
            key=f"test:{user.pk}:{kind}:{index}",
            params={"campaign": f"Campaign {index}", "supplier": "S", **params},
            link="/portal/",
            created_at=start + datetime.timedelta(minutes=index),
        )
        for index in range(count)
    ]


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_routes() -> None:
    assert reverse("notifications:list") == LIST
    assert reverse("notifications:read", args=[3]) == "/notifications/3/read/"
    assert reverse("notifications:read_all") == "/notifications/read-all/"


def test_a_user_sees_only_their_own_newest_first(db) -> None:
    mine = supplier_user(username="n-mine")
    theirs = supplier_user(username="n-theirs")
    _notify(mine, 3)
    _notify(theirs, 1, kind="rejected")
    response = _client(mine).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="notification"') == 3
    assert html.index("Campaign 2") < html.index("Campaign 1") < html.index("Campaign 0")
    assert "was rejected" not in html
    assert "Supplier portal" in html  # the portal's navigation, not the staff one


def test_another_users_notification_cannot_be_read(db) -> None:
    mine = staff_user(roles.REVIEWER, username="n-rev")
    theirs = supplier_user(username="n-other")
    (other,) = _notify(theirs)
    response = _client(mine).post(reverse("notifications:read", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    _client(mine).post(reverse("notifications:read_all"))
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_one_and_all_read_and_the_header_count(db) -> None:
    user = staff_user(roles.REVIEWER, username="n-rev2")
    first, second, _third = _notify(user, 3, kind="submitted")
    client = _client(user)
    html = client.get(reverse("suppliers:list")).content.decode()
    assert 'data-testid="unread-count">3<' in html
    assert 'href="/suppliers/"' in html  # the staff navigation

    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    first.refresh_from_db()
    assert first.read_at is not None
    read_at = first.read_at
    client.post(reverse("notifications:read", args=[first.pk]))
    first.refresh_from_db()
    assert first.read_at == read_at  # read twice keeps the first time
    assert 'data-testid="unread-count">2<' in client.get(LIST).content.decode()

    response = client.post(reverse("notifications:read", args=[second.pk]), {"open": "1"})
    assert response["Location"] == "/portal/"

    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    html = client.get(LIST).content.decode()
    assert 'data-testid="unread-count"' not in html
    assert 'data-read="false"' not in html and html.count('data-read="true"') == 3


def test_marking_read_takes_post_with_csrf(db) -> None:
    user = supplier_user(username="n-csrf")
    (notification,) = _notify(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 403
    assert client.post(reverse("notifications:read_all")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_who_may_open_the_page(client, db) -> None:
    assert client.get(LIST).status_code == 302  # to the login page
    client.force_login(UserFactory(username="n-norole"))
    assert client.get(LIST).status_code == 403


def test_the_list_is_paginated_with_bounded_queries(db, django_assert_max_num_queries) -> None:
    user = supplier_user(username="n-many")
    _notify(user, 45, kind="action_raised", title="T", severity="high", due_on="2027-01-01")
    client = _client(user)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.content.decode().count('data-testid="notification"') == 20
    with django_assert_max_num_queries(8):
        response = client.get(LIST + "?page=3")
    assert response.content.decode().count('data-testid="notification"') == 5
    assert client.get(LIST + "?page=abc").status_code == 200


def test_the_page_is_in_the_readers_language(db) -> None:
    user = supplier_user(username="n-zh")
    _notify(user, 1, kind="approved")
    client = _client(user)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": LIST})
    html = client.get(LIST).content.decode()
    assert 'lang="zh-hans"' in html
    assert "Campaign 0" in html
