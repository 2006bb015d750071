"""Text with NUL characters is refused with a 400 everywhere (PostgreSQL cannot store it)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_json_api_bodies_with_nul_are_refused(api) -> None:
    response = api.post(
        "/api/v1/suppliers/", '{"name": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_form_fields_and_query_strings_with_nul_are_refused(officer_client) -> None:
    assert officer_client.post("/suppliers/new/", {"name": "a\x00b"}).status_code == 400
    assert officer_client.get("/suppliers/", {"search": "a\x00"}).status_code == 400
    assert officer_client.get("/suppliers/", {"search": "ab"}).status_code == 200


def test_files_with_nul_bytes_are_still_accepted(
    api, celery_eager, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workbooks import good_row, workbook_bytes

    content = workbook_bytes([good_row(1)])
    assert b"\x00" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/supplier-imports/",
            {"file": SimpleUploadedFile("s.xlsx", content)},
            format="multipart",
        )
    assert response.status_code == 202


def test_anonymous_requests_are_checked_too() -> None:
    assert Client().post("/accounts/login/", {"username": "a\x00"}).status_code == 400
    assert APIClient().get("/api/v1/suppliers/", {"search": "\x00"}).status_code == 400
