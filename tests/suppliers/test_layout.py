"""The shared header (templates/base.html) and the shared partials, rendered."""

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import reverse

from core import roles
from tests.factories import staff_user, supplier_user

pytestmark = pytest.mark.django_db


def test_staff_header_has_skip_link_menu_button_and_one_of_each_control(client) -> None:
    client.force_login(staff_user(roles.PROCUREMENT_ADMIN, username="header-admin"))
    html = client.get(reverse("suppliers:list")).content.decode()
    assert '<a class="skip-link" href="#content">Skip to content</a>' in html
    assert 'id="content"' in html
    for testid in ("menu-toggle", "user-menu", "logout", "lang-en", "lang-zh-hans", "menu-more"):
        assert html.count(f'data-testid="{testid}"') == 1, testid
    assert html.count("header-admin") == 1
    for name in ("suppliers:import", "suppliers:categories", "campaigns:label_rules"):
        assert f'href="{reverse(name)}"' in html  # under "More"


def test_header_shows_only_what_the_role_may_open(client) -> None:
    client.force_login(staff_user(roles.REVIEWER, username="header-reviewer"))
    html = client.get(reverse("campaigns:review_queue")).content.decode()
    assert f'href="{reverse("suppliers:import")}"' not in html
    assert f'href="{reverse("campaigns:review_queue")}"' in html


def test_portal_and_login_headers(client) -> None:
    login = client.get(reverse("login")).content.decode()
    assert 'data-testid="lang-zh-hans"' in login
    assert 'data-testid="menu-toggle"' not in login  # nothing to fold when logged out
    client.force_login(supplier_user())
    portal = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:home")}"' in portal
    assert f'href="{reverse("suppliers:list")}"' not in portal
    assert portal.count('data-testid="logout"') == 1


def test_status_badge_partial() -> None:
    html = render_to_string(
        "partials/status_badge.html",
        {"status": "submitted", "label": "Submitted", "testid": "assessment-status"},
    )
    assert html.strip() == (
        '<span class="badge badge-submitted" data-status="submitted" '
        'data-testid="assessment-status">Submitted</span>'
    )


def test_export_button_partial_only_for_those_who_may_export() -> None:
    exporter = staff_user(roles.AUDITOR, username="exporter")
    html = render_to_string(
        "partials/export_button.html",
        {"scope": "suppliers", "filters": {"q": "绿"}, "perms": PermWrapper(exporter)},
    )
    assert f'action="{reverse("exports:start")}"' in html
    assert '<input type="hidden" name="q" value="绿">' in html
    assert 'name="id"' not in html
    reader = staff_user(username="reader", role=None)
    reader.user_permissions.add(Permission.objects.get(codename="view_supplier"))
    context = {"scope": "campaign", "id": 3, "perms": PermWrapper(reader)}
    assert render_to_string("partials/export_button.html", context).strip() == ""
