"""Every staff page and API route refuses anonymous users, supplier users and users with no role.

The routes are read from the URL configuration, so a new route is covered without editing this.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from core import roles
from tests.factories import SupplierFactory, api_token, staff_user

pytestmark = pytest.mark.django_db

# Routes anyone may reach: logging in and out, password reset, the language switch, the token
# endpoint and logging out of the API (tests/security/test_tokens_api.py); and the supplier portal (for supplier users). The Django admin has its own login.
# Supplier users have their own routes (the portal, their assessments in the API, evidence
# files, reading and answering their corrective actions); tests/assessments/test_tenant_isolation.py
# checks those. Staff and supplier users each
# have their own notifications; tests/assessments/notifications checks that.
PUBLIC = re.compile(
    r"^/(accounts/.*|i18n/.*|api/v1/auth/(token|logout|logout-all)/|api/v1/invitations/accept/|portal/.*|evidence/.*"
    r"|api/v1/assessments/.*|api/v1/corrective-actions/\d+/(respond/)?|admin/.*|notifications/.*|)$"
)


def _walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def staff_routes(object_id: int) -> list[str]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", str(object_id), route).lstrip("^").rstrip("$")
        if PUBLIC.match(path):
            continue
        routes.append(path)
    return sorted(set(routes))


@pytest.fixture
def object_id() -> int:
    return SupplierFactory().pk


def test_route_list_covers_the_staff_area(object_id) -> None:
    routes = staff_routes(object_id)
    for expected in [
        "/suppliers/",
        f"/suppliers/{object_id}/edit/",
        "/suppliers/imports/",
        "/api/v1/suppliers/",
        f"/api/v1/suppliers/{object_id}/history/",
        "/api/v1/supplier-imports/template.xlsx",
        "/api/schema/",
        "/api/docs/",
    ]:
        assert expected in routes


@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_anonymous_users_are_refused_everywhere(client, object_id, method) -> None:
    for path in staff_routes(object_id):
        response = getattr(client, method)(path)
        if path.startswith("/api/"):
            assert response.status_code in (401, 403), (method, path, response.status_code)
        else:
            assert response.status_code in (302, 405), (method, path, response.status_code)
            if response.status_code == 302:
                assert response.url.startswith("/accounts/login/"), path


@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_supplier_users_are_refused_everywhere_even_with_staff_permissions(
    client, supplier_member, object_id, method
) -> None:
    # Even a supplier user who was wrongly put in a staff group stays out of the staff area.
    from django.contrib.auth.models import Group

    supplier_member.groups.add(Group.objects.get(name=roles.PROCUREMENT_ADMIN))
    client.force_login(supplier_member)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(supplier_member)}")
    for path in staff_routes(object_id):
        response = getattr(client, method)(path)
        assert response.status_code in (403, 405), (method, path, response.status_code)
        if path.startswith("/api/"):
            response = getattr(api, method)(path)
            assert response.status_code in (403, 405), (method, path, response.status_code)
            if response.status_code == 403 and path.startswith("/api/v1/"):
                assert response.json()["code"] == "permission_denied"


def test_users_without_a_role_are_refused(client, no_role_user, object_id) -> None:
    client.force_login(no_role_user)
    for path in staff_routes(object_id):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("role", [roles.AUDITOR, roles.REVIEWER, roles.APPROVER])
def test_read_only_roles_can_read_but_not_change(role) -> None:
    user = staff_user(role)
    supplier = SupplierFactory()
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/suppliers/").status_code == 200
    assert api.get(f"/api/v1/suppliers/{supplier.pk}/history/").status_code == 200
    assert (
        api.patch(f"/api/v1/suppliers/{supplier.pk}/", {"name": "x"}, format="json").status_code
        == 403
    )
    assert api.post(f"/api/v1/suppliers/{supplier.pk}/archive/").status_code == 403
    assert api.post("/api/v1/suppliers/", {}, format="json").status_code == 403
    assert api.post("/api/v1/supplier-imports/", {}, format="multipart").status_code == 403
    supplier.refresh_from_db()
    assert supplier.name != "x"


def test_supplier_portal_shows_only_the_users_own_supplier(client, supplier_member) -> None:
    other = SupplierFactory(name="别人的公司")
    client.force_login(supplier_member)
    page = client.get("/portal/").content.decode()
    assert supplier_member.supplier_membership.supplier.name in page
    assert other.name not in page
    assert client.get(f"/suppliers/{other.pk}/").status_code == 403


def test_staff_visiting_the_portal_are_sent_to_the_staff_area(officer_client) -> None:
    response = officer_client.get("/portal/")
    assert response.status_code == 302
    assert response.url == "/suppliers/"


def test_groups_are_created_by_migration() -> None:
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.STAFF_GROUPS)
    auditor = Group.objects.get(name=roles.AUDITOR)
    codes = set(auditor.permissions.values_list("codename", flat=True))
    assert "view_supplier" in codes
    # Auditors change nothing; the one thing they add is an export (an audit workbook).
    assert "add_export" in codes
    codes.discard("add_export")
    assert not any(code.startswith(("add_", "change_", "delete_", "archive_")) for code in codes)


def test_csrf_is_enforced_on_forms(officer) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post("/suppliers/new/", {}).status_code == 403
