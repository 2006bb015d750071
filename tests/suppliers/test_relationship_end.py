"""Ending a supplier relationship, and why (GRI 308-2): service, page, API, permissions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core import roles
from suppliers import services
from suppliers.errors import SupplierPermissionError
from suppliers.models import Supplier
from tests.factories import SupplierFactory, staff_user, supplier_user

pytestmark = pytest.mark.django_db
PAST = datetime.date(2026, 6, 30)


def test_service_records_the_end_and_keeps_history(procurement_admin) -> None:
    supplier = SupplierFactory()
    ended = services.supplier_relationship_end(
        supplier=supplier, ended_on=PAST, reason="environmental",
        note=" Repeated discharge violations ", ended_by=procurement_admin,
    )  # fmt: skip
    ended.refresh_from_db()
    assert (ended.relationship_ended_on, ended.relationship_end_reason) == (PAST, "environmental")
    assert ended.relationship_end_note == "Repeated discharge violations"
    services.supplier_relationship_end(
        supplier=supplier, ended_on=None, reason="", ended_by=procurement_admin
    )
    supplier.refresh_from_db()
    assert supplier.relationship_ended_on is None and supplier.relationship_end_reason == ""
    history = list(supplier.history.order_by("history_id"))
    assert [h.relationship_end_reason for h in history][-2:] == ["environmental", ""]
    assert history[-2].history_user == procurement_admin


@pytest.mark.parametrize(
    ("ended_on", "reason", "note", "field"),
    [
        (PAST, "", "", "relationship_end_reason"),  # a date without a reason
        (None, "environmental", "", "relationship_ended_on"),  # a reason without a date
        (PAST, "bankrupt", "", "relationship_end_reason"),  # not a reason we know
        (None, "", "why", "relationship_end_note"),  # a note on its own
    ],
)
def test_service_refuses_incomplete_or_unknown(
    procurement_admin, ended_on, reason, note, field
) -> None:
    supplier = SupplierFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_relationship_end(
            supplier=supplier, ended_on=ended_on, reason=reason, note=note,
            ended_by=procurement_admin,
        )  # fmt: skip
    assert field in excinfo.value.message_dict
    supplier.refresh_from_db()
    assert supplier.relationship_ended_on is None


def test_service_refuses_a_future_date_and_today_is_fine(procurement_admin) -> None:
    supplier = SupplierFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_relationship_end(
            supplier=supplier, ended_on=today + datetime.timedelta(days=1),
            reason="other", ended_by=procurement_admin,
        )  # fmt: skip
    assert "relationship_ended_on" in excinfo.value.message_dict
    services.supplier_relationship_end(
        supplier=supplier, ended_on=today, reason="other", ended_by=procurement_admin
    )
    assert Supplier.objects.get(pk=supplier.pk).relationship_ended_on == today


def test_service_is_for_procurement_admins(officer) -> None:
    supplier = SupplierFactory()
    with pytest.raises(SupplierPermissionError):
        services.supplier_relationship_end(
            supplier=supplier, ended_on=PAST, reason="other", ended_by=officer
        )


def test_page_records_it_and_the_supplier_page_shows_it(procurement_admin) -> None:
    supplier = SupplierFactory()
    client = Client()
    client.force_login(procurement_admin)
    detail = client.get(f"/suppliers/{supplier.pk}/").content.decode()
    assert 'data-testid="relationship-ongoing"' in detail
    assert f"/suppliers/{supplier.pk}/relationship-end/" in detail
    url = f"/suppliers/{supplier.pk}/relationship-end/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"relationship_ended_on": "2026-06-30"})
    assert bad.status_code == 400 and "Give the reason" in bad.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    bad = client.post(
        url, {"relationship_ended_on": future, "relationship_end_reason": "environmental"}
    )
    assert bad.status_code == 400 and "future" in bad.content.decode()
    assert client.post(url, {"relationship_ended_on": "not a date"}).status_code == 400
    done = client.post(
        url,
        {
            "relationship_ended_on": "2026-06-30",
            "relationship_end_reason": "environmental",
            "relationship_end_note": "Discharge permit revoked.",
        },
    )
    assert done.status_code == 302
    detail = client.get(f"/suppliers/{supplier.pk}/").content.decode()
    assert 'data-testid="relationship-ended-on">2026-06-30' in detail
    assert "Environmental performance" in detail and "Discharge permit revoked." in detail


def test_page_is_refused_to_others(officer) -> None:
    supplier = SupplierFactory()
    url = f"/suppliers/{supplier.pk}/relationship-end/"
    client = Client()
    client.force_login(officer)
    assert client.get(url).status_code == 403
    payload = {"relationship_ended_on": "2026-06-30", "relationship_end_reason": "other"}
    assert client.post(url, payload).status_code == 403
    assert (
        'data-testid="relationship-end"'
        not in client.get(f"/suppliers/{supplier.pk}/").content.decode()
    )
    member = Client()
    member.force_login(supplier_user(supplier=supplier, username="rel-sup"))
    assert member.post(url, payload).status_code in (302, 403)
    assert Supplier.objects.get(pk=supplier.pk).relationship_ended_on is None


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_writes_and_reads_the_end(procurement_admin) -> None:
    supplier = SupplierFactory()
    api = _api(procurement_admin)
    url = f"/api/v1/suppliers/{supplier.pk}/end-relationship/"
    response = api.post(
        url,
        {
            "relationship_ended_on": "2026-06-30",
            "relationship_end_reason": "environmental",
            "relationship_end_note": "Discharge permit revoked.",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["relationship_ended_on"] == "2026-06-30"
    assert body["relationship_end_reason"] == "environmental"
    assert body["relationship_end_note"] == "Discharge permit revoked."
    read = _api(staff_user(roles.AUDITOR, username="rel-aud")).get(
        f"/api/v1/suppliers/{supplier.pk}/"
    )
    assert read.json()["relationship_end_reason"] == "environmental"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"relationship_ended_on": "2026-06-30", "relationship_end_reason": ""},
         "relationship_end_reason"),
        ({"relationship_ended_on": None, "relationship_end_reason": "other"},
         "relationship_ended_on"),
        ({"relationship_ended_on": "2999-01-01", "relationship_end_reason": "other"},
         "relationship_ended_on"),
        ({"relationship_ended_on": "yesterday", "relationship_end_reason": "other"},
         "relationship_ended_on"),
        ({"relationship_ended_on": "2026-06-30", "relationship_end_reason": "bankrupt"},
         "relationship_end_reason"),
        ({}, "relationship_ended_on"),
    ],
)  # fmt: skip
def test_api_refuses_bad_input(procurement_admin, payload, field) -> None:
    supplier = SupplierFactory()
    response = _api(procurement_admin).post(
        f"/api/v1/suppliers/{supplier.pk}/end-relationship/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]


def test_api_permissions(officer) -> None:
    supplier = SupplierFactory()
    url = f"/api/v1/suppliers/{supplier.pk}/end-relationship/"
    payload = {"relationship_ended_on": "2026-06-30", "relationship_end_reason": "other"}
    assert APIClient().post(url, payload, format="json").status_code in (401, 403)
    assert _api(officer).post(url, payload, format="json").status_code == 403
    member = supplier_user(supplier=supplier, username="rel-sup2")
    assert _api(member).post(url, payload, format="json").status_code == 403
    admin = staff_user(roles.PROCUREMENT_ADMIN, username="rel-admin")
    assert (
        _api(admin).post("/api/v1/suppliers/999999/end-relationship/", payload).status_code == 404
    )
    assert Supplier.objects.get(pk=supplier.pk).relationship_ended_on is None
