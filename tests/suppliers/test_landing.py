"""Each role lands on its work after login and on `/` (suppliers.views._LANDINGS)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles
from tests.factories import staff_user, supplier_user

pytestmark = pytest.mark.django_db

REVIEW_QUEUE = reverse("campaigns:review_queue")
AWAITING_DECISION = REVIEW_QUEUE + "?status=submitted&review=complete"
LANDINGS = [
    (roles.REVIEWER, REVIEW_QUEUE),
    (roles.APPROVER, AWAITING_DECISION),
    (roles.AUDITOR, reverse("exports:list")),
    (roles.PROCUREMENT_OFFICER, reverse("campaigns:list")),
    (roles.PROCUREMENT_ADMIN, reverse("campaigns:list")),
]


@pytest.mark.parametrize(("role", "landing"), LANDINGS)
def test_each_role_lands_on_its_work_on_the_start_page(client, role, landing) -> None:
    client.force_login(staff_user(role, username=f"landing-{role}"))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == landing
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(("role", "landing"), LANDINGS)
def test_each_role_lands_on_its_work_after_logging_in(client, role, landing) -> None:
    user = staff_user(role, username=f"login-{role}")
    response = client.post(
        reverse("login"), {"username": user.username, "password": "pw-for-tests-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == landing


def test_login_with_next_goes_there_whatever_the_role(client) -> None:
    user = staff_user(roles.REVIEWER, username="next-reviewer")
    response = client.post(
        reverse("login") + "?next=/suppliers/",
        {"username": user.username, "password": "pw-for-tests-1", "next": "/suppliers/"},
    )
    assert response.url == "/suppliers/"


@pytest.mark.parametrize(
    ("held", "landing"),
    [
        ((roles.APPROVER, roles.REVIEWER), REVIEW_QUEUE),
        ((roles.AUDITOR, roles.APPROVER), AWAITING_DECISION),
        ((roles.AUDITOR, roles.PROCUREMENT_OFFICER), reverse("campaigns:list")),
    ],
)
def test_several_roles_pick_by_the_fixed_order(client, held, landing) -> None:
    user = staff_user(held[0], username="several")
    user.groups.add(*Group.objects.filter(name__in=held))
    client.force_login(user)
    assert client.get(reverse("home")).url == landing


def test_supplier_user_lands_on_the_portal_and_no_role_user_is_told(client, no_role_user) -> None:
    client.force_login(supplier_user())
    assert client.get(reverse("home")).url == reverse("portal:home")
    client.force_login(no_role_user)
    assert client.get(reverse("home")).status_code == 403
