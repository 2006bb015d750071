import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from suppliers.models import Supplier, SupplierImport
from tests.factories import SiteFactory, SupplierFactory, make_uscc
from tests.workbooks import good_row, workbook_bytes

pytestmark = pytest.mark.django_db

FIELDS = {
    "id",
    "name",
    "name_en",
    "country",
    "region",
    "registration_code",
    "category",
    "status",
    "contact_name",
    "contact_email",
    "contact_phone",
    "sites",
    "relationship_ended_on",
    "relationship_end_reason",
    "relationship_end_note",
    "created_at",
    "updated_at",
}


def _payload(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "宁波测试有限公司",
        "name_en": "Ningbo Test Ltd.",
        "country": "CN",
        "registration_code": make_uscc(501),
        "category": "engineering",
        "contact_name": "钱七",
        "contact_email": "qian@example.com",
        "sites": [{"name": "宁波工厂", "address": "宁波 1 号", "country": "CN"}],
    }
    data.update(overrides)
    return data


def test_token_endpoint_returns_a_token_that_authenticates(officer) -> None:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/",
        {"username": officer.username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/suppliers/").status_code == 200


def test_token_endpoint_refuses_a_wrong_password(officer) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": officer.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "detail", "fields"}


def test_token_endpoint_locks_out_after_repeated_failures(officer, settings) -> None:
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/api/v1/auth/token/", {"username": officer.username, "password": "x"}, format="json"
        )
        assert response.status_code == 400
    locked = client.post(
        "/api/v1/auth/token/",
        {"username": officer.username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"


def test_create_then_get_supplier(api) -> None:
    response = api.post("/api/v1/suppliers/", _payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == FIELDS
    assert body["region"] == "mainland_china"
    assert body["category"] == "engineering"
    assert body["sites"][0]["name"] == "宁波工厂"
    fetched = api.get(f"/api/v1/suppliers/{body['id']}/").json()
    assert fetched == body


def test_create_with_bad_code_gives_400_in_the_error_shape(api) -> None:
    response = api.post(
        "/api/v1/suppliers/", _payload(registration_code=make_uscc(501)[:-1] + "Y"), format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "check character" in body["fields"]["registration_code"][0]


def test_create_with_missing_fields_lists_each_field(api) -> None:
    response = api.post("/api/v1/suppliers/", {"name": "x"}, format="json")
    assert response.status_code == 400
    assert {"country", "registration_code", "category", "contact_name", "contact_email"} <= set(
        response.json()["fields"]
    )


def test_duplicate_code_gives_409_naming_the_existing_supplier(api) -> None:
    existing = SupplierFactory(registration_code=make_uscc(501), name="原有公司")
    response = api.post("/api/v1/suppliers/", _payload(), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_registration_code"
    assert "原有公司" in body["detail"]
    assert body["existing_id"] == existing.pk


def test_patch_updates_only_given_fields_and_history_shows_it(api, officer) -> None:
    supplier = SupplierFactory(contact_phone="1")
    SiteFactory(supplier=supplier, name="Keep")
    response = api.patch(f"/api/v1/suppliers/{supplier.pk}/", {"contact_phone": "2"}, format="json")
    assert response.status_code == 200
    assert response.json()["contact_phone"] == "2"
    assert [site["name"] for site in response.json()["sites"]] == ["Keep"]
    history = api.get(f"/api/v1/suppliers/{supplier.pk}/history/").json()
    assert history["count"] >= 1
    latest = history["results"][0]
    assert latest["by"] == officer.username
    assert latest["changes"] == {"contact_phone": {"old": "1", "new": "2"}}
    assert set(latest) >= {"at", "by", "changes"}


def test_patch_can_change_country_and_revalidates_the_code(api) -> None:
    supplier_de = SupplierFactory(country="DE", registration_code="HRB 7")
    response = api.patch(f"/api/v1/suppliers/{supplier_de.pk}/", {"country": "CN"}, format="json")
    assert response.status_code == 400
    assert "registration_code" in response.json()["fields"]
    supplier_de.refresh_from_db()
    assert (supplier_de.country, supplier_de.region) == ("DE", "other")
    moved = api.patch(
        f"/api/v1/suppliers/{supplier_de.pk}/",
        {"country": "CN", "registration_code": make_uscc(88)},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["region"] == "mainland_china"


def test_archive_endpoint(api) -> None:
    supplier = SupplierFactory()
    response = api.post(f"/api/v1/suppliers/{supplier.pk}/archive/")
    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    again = api.post(f"/api/v1/suppliers/{supplier.pk}/archive/")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_state"


def test_list_filters_and_pagination(api) -> None:
    SupplierFactory.create_batch(3)
    SupplierFactory(country="HK", registration_code="HK-9", name_en="Harbour Freight")
    SupplierFactory(status="suspended")
    page = api.get("/api/v1/suppliers/?page_size=2").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"]
    assert api.get("/api/v1/suppliers/?region=hong_kong").json()["count"] == 1
    assert api.get("/api/v1/suppliers/?search=harbour").json()["count"] == 1
    assert api.get("/api/v1/suppliers/?status=suspended").json()["count"] == 1
    assert api.get("/api/v1/suppliers/?category=logistics").json()["count"] == 5
    assert api.get("/api/v1/suppliers/?category=media").json()["count"] == 0
    bad = api.get("/api/v1/suppliers/?region=mars")
    assert bad.status_code == 400
    assert "region" in bad.json()["fields"]


def test_unknown_ids_give_404_in_the_error_shape(api) -> None:
    response = api.get("/api/v1/suppliers/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api.get("/api/v1/supplier-imports/999999/").status_code == 404


def test_import_via_api_reports_status_and_errors(
    api, celery_eager, django_capture_on_commit_callbacks
) -> None:
    content = workbook_bytes([good_row(1), good_row(2, contact_email="bad")])
    upload = SimpleUploadedFile("s.xlsx", content)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/supplier-imports/", {"file": upload}, format="multipart")
    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    detail = api.get(f"/api/v1/supplier-imports/{response.json()['id']}/").json()
    assert detail["status"] == "completed_with_errors"
    assert (detail["total_rows"], detail["created"], detail["updated"]) == (2, 1, 0)
    assert (detail["unchanged"], detail["failed"]) == (0, 1)
    assert detail["errors"] == [
        {"row": 3, "column": "contact_email", "message": detail["errors"][0]["message"]}
    ]


def test_import_of_a_non_workbook_is_a_clear_400(api) -> None:
    upload = SimpleUploadedFile("s.xlsx", b"GIF89a not a workbook")
    response = api.post("/api/v1/supplier-imports/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_import_file"
    assert SupplierImport.objects.count() == 0


def test_import_without_a_file_is_a_400(api) -> None:
    response = api.post("/api/v1/supplier-imports/", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["fields"]


def test_template_endpoint(api) -> None:
    response = api.get("/api/v1/supplier-imports/template.xlsx")
    assert response.status_code == 200
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Suppliers", "Lists", "Instructions"]
    headers = [cell.value for cell in workbook["Suppliers"][1]]
    assert [header.split(" ")[0] for header in headers] == [
        "name",
        "name_en",
        "country",
        "registration_code",
        "category",
        "contact_name",
        "contact_email",
        "contact_phone",
    ]
    validations = workbook["Suppliers"].data_validations.dataValidation
    assert {str(v.sqref).split(":")[0] for v in validations} == {"C2", "E2"}


def test_schema_and_docs_are_served_without_a_cdn(api) -> None:
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html


def test_suppliers_are_not_created_for_an_inactive_category(api) -> None:
    from suppliers.models import Category

    Category.objects.filter(slug="engineering").update(is_active=False)
    response = api.post("/api/v1/suppliers/", _payload(), format="json")
    assert response.status_code == 400
    assert Supplier.objects.count() == 0


def test_token_endpoint_refuses_over_long_usernames_cleanly(db) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "x" * 300, "password": "y"}, format="json"
    )
    assert response.status_code == 400
    assert "username" in response.json()["fields"]
