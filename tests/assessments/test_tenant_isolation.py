"""A user of supplier A gets 404 for supplier B's objects, on every portal page and API route."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Assessment, CorrectiveAction
from suppliers.models import SupplierMembership
from tests.factories import (
    LaunchedCampaignFactory,
    SavedAnswerFactory,
    SupplierFactory,
    UploadedEvidenceFactory,
    supplier_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_suppliers(officer, celery_eager):  # type: ignore[no-untyped-def]
    a, b = SupplierFactory(), SupplierFactory()
    campaign = LaunchedCampaignFactory(name="Isolation", created_by=officer, suppliers=[a, b])
    user_a, user_b = (
        supplier_user(supplier=a, username="iso-a"),
        supplier_user(supplier=b, username="iso-b"),
    )
    theirs = campaign.assessments.get(supplier=b)
    SavedAnswerFactory(assessment=theirs, question_code="A1.1", value=True, user=user_b)
    document = UploadedEvidenceFactory(
        assessment=theirs, question_code="A1.3", name="b.png", user=user_b
    )
    CorrectiveAction.objects.create(
        assessment=theirs, title="B's finding", severity="high", due_on=datetime.date(2027, 2, 1)
    )
    return user_a, theirs, document


WEB = [
    ("get", "/portal/assessments/{a}/"),
    ("get", "/portal/assessments/{a}/areas/A1/"),
    ("post", "/portal/assessments/{a}/areas/A1/"),
    ("get", "/portal/assessments/{a}/submit/"),
    ("post", "/portal/assessments/{a}/submit/"),
    ("post", "/portal/assessments/{a}/acknowledge/"),
    ("get", "/portal/assessments/{a}/code/"),
    ("get", "/portal/assessments/{a}/results/"),
    ("get", "/evidence/{e}/"),
    ("get", "/portal/actions/{c}/"),
    ("post", "/portal/actions/{c}/"),
    # The yearly programme (issue 18): carried answers confirmed, documents with their validity.
    ("post", "/portal/assessments/{a}/areas/A1/confirm-carried/"),
    ("post", "/portal/assessments/{a}/areas/A1/questions/A1.1/"),
    ("get", "/evidence/{e}/view/"),
]
API = [
    ("get", "/api/v1/assessments/{a}/"),
    ("put", "/api/v1/assessments/{a}/answers/A1.1/"),
    ("post", "/api/v1/assessments/{a}/evidence/"),
    ("post", "/api/v1/assessments/{a}/submit/"),
    # The yearly programme (issue 18).
    ("post", "/api/v1/assessments/{a}/areas/A1/confirm-carried/"),
    ("delete", "/api/v1/evidence/{e}/"),
    ("get", "/api/v1/assessments/{a}/corrective-actions/"),
    ("get", "/api/v1/corrective-actions/{c}/"),
    ("post", "/api/v1/corrective-actions/{c}/respond/"),
]


@pytest.mark.parametrize(("method", "path"), WEB)
def test_portal_pages_of_another_supplier_are_not_found(two_suppliers, method, path) -> None:
    user_a, theirs, document = two_suppliers
    client = Client()
    client.force_login(user_a)
    action = theirs.corrective_actions.get()
    response = getattr(client, method)(path.format(a=theirs.pk, e=document.pk, c=action.pk))
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "path"), API)
def test_api_routes_of_another_supplier_are_not_found(two_suppliers, method, path) -> None:
    user_a, theirs, document = two_suppliers
    client = APIClient()
    client.force_authenticate(user_a)
    action = theirs.corrective_actions.get()
    response = getattr(client, method)(
        path.format(a=theirs.pk, e=document.pk, c=action.pk), {}, format="json"
    )
    assert response.status_code == 404
    assert theirs.supplier.name not in response.content.decode()


def test_portal_pages_never_mention_another_supplier(two_suppliers) -> None:
    user_a, theirs, _document = two_suppliers
    client = Client()
    client.force_login(user_a)
    mine = Assessment.objects.exclude(pk=theirs.pk).get()
    for path in ("/portal/", f"/portal/assessments/{mine.pk}/", "/portal/profile/"):
        html = client.get(path).content.decode()
        assert theirs.supplier.name not in html and "B's finding" not in html


def test_lists_never_show_another_supplier(two_suppliers) -> None:
    user_a, theirs, _document = two_suppliers
    client = APIClient()
    client.force_authenticate(user_a)
    body = client.get("/api/v1/assessments/").json()
    assert all(item["supplier"] != theirs.supplier_id for item in body["results"])
    assert body["count"] == 1
    assert client.get(f"/api/v1/assessments/?supplier={theirs.supplier_id}").json()["count"] == 0


@pytest.mark.parametrize(
    "path",
    ["/api/v1/assessments/{a}/return/", "/api/v1/assessments/{a}/approve/", "/api/v1/assessments/{a}/reject/",
     "/api/v1/evidence/{e}/review/", "/api/v1/campaigns/",
     "/api/v1/assessments/{a}/review/accept-area/",
     "/api/v1/assessments/{a}/areas/A1/accept-carried/",
     "/api/v1/suppliers/{s}/end-relationship/",
     "/api/v1/assessments/{a}/corrective-actions/",
     "/api/v1/corrective-actions/{c}/verify-close/", "/api/v1/corrective-actions/{c}/reopen/"],
)  # fmt: skip
def test_supplier_users_cannot_use_staff_actions(two_suppliers, path) -> None:
    user_a, theirs, document = two_suppliers
    client = APIClient()
    client.force_authenticate(user_a)
    action = theirs.corrective_actions.get()
    response = client.post(
        path.format(a=theirs.pk, e=document.pk, s=theirs.supplier_id, c=action.pk),
        {},
        format="json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path", ["/api/v1/suppliers/{s}/trend/", "/api/v1/disclosures/?period=2026"]
)
def test_supplier_users_cannot_read_staff_figures(two_suppliers, path) -> None:
    user_a, theirs, _document = two_suppliers
    client = APIClient()
    client.force_authenticate(user_a)
    response = client.get(path.format(s=theirs.supplier_id))
    assert response.status_code == 403
    assert theirs.supplier.name not in response.content.decode()


NEW_ROUTES = [
    (Client, "post", "/portal/assessments/{a}/areas/A1/confirm-carried/"),
    (Client, "post", "/portal/assessments/{a}/areas/A1/questions/A1.1/"),
    (Client, "get", "/evidence/{e}/view/"),
    (APIClient, "post", "/api/v1/assessments/{a}/areas/A1/confirm-carried/"),
]


@pytest.mark.parametrize(("client_class", "method", "path"), NEW_ROUTES)
def test_the_new_routes_exist_for_their_own_supplier(
    two_suppliers, client_class, method, path
) -> None:
    """The 404s above are the access check's: the owner reaches the same routes."""
    _user_a, theirs, document = two_suppliers
    client = client_class()
    client.force_login(SupplierMembership.objects.get(supplier=theirs.supplier).user)
    response = getattr(client, method)(path.format(a=theirs.pk, e=document.pk))
    assert response.status_code in (200, 302, 400), response.content[:300]
