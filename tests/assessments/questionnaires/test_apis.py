import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assessments.models import QuestionnaireVersion
from assessments.questionnaires import services
from assessments.questionnaires.selectors import version_to_definition
from tests.assessments.definitions import small_definition
from tests.factories import QuestionnaireVersionFactory, api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(procurement_admin) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(procurement_admin)}")
    return client


def test_questionnaire_list_has_versions(api) -> None:
    version = QuestionnaireVersionFactory()
    body = api.get("/api/v1/questionnaires/").json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert entry["code"] == "test-q"
    assert entry["versions"][0] | {"content_hash": None, "published_at": None} == {
        "id": version.pk,
        "number": 1,
        "status": "published",
        "content_hash": None,
        "published_at": None,
    }


def test_version_detail_has_the_contract_shape(api) -> None:
    version = QuestionnaireVersionFactory()
    body = api.get(f"/api/v1/questionnaire-versions/{version.pk}/").json()
    assert {"id", "questionnaire", "number", "status", "content_hash", "areas"} <= set(body)
    assert body["questionnaire"] == "test-q"
    area = body["areas"][0]
    assert {"code", "title_en", "title_zh", "weight", "questions"} <= set(area)
    question = {q["code"]: q for a in body["areas"] for q in a["questions"]}
    expected_keys = {
        "code", "type", "text_en", "text_zh", "help_en", "help_zh", "is_required", "criticality",
        "categories", "condition", "allows_not_applicable", "requires_evidence", "max_points",
        "unit", "min", "max", "choices", "columns",
    }  # fmt: skip
    assert expected_keys <= set(question["A1.1"])
    assert question["A1.3"]["condition"] == {
        "question": "A1.2",
        "operator": "contains",
        "value": "discharge",
    }
    assert question["A1.4"]["choices"][0] == {
        "code": "certified",
        "label_en": "ISO 14001 certified",
        "label_zh": "通过 ISO 14001 认证",
        "points": 10.0,
        "exclusive": False,
    }
    assert question["A1.3"]["choices"] == []
    kind = question["A1.3"]["columns"][0]
    assert {"code", "type", "label_en", "label_zh", "unit", "choices"} <= set(kind)
    assert [c["code"] for c in kind["choices"]] == ["water", "air"]
    assert question["A2.1"]["min"] == 0 and question["A2.1"]["unit"] == "MWh"
    assert question["A2.2"]["categories"] == ["logistics"]


def test_version_detail_query_count_is_constant(api, django_assert_max_num_queries) -> None:
    small = QuestionnaireVersionFactory()
    with CaptureQueriesContext(connection) as queries:
        api.get(f"/api/v1/questionnaire-versions/{small.pk}/")
    big_definition = small_definition()
    for n in range(40):
        big_definition["questions"].append(
            {"code": f"A2.{10 + n}", "area": "A2", "type": "single_choice", "text_en": "Q",
             "text_zh": "问", "scoring": "choice", "max_points": 1}
        )  # fmt: skip
        big_definition["choices"].append(
            {"question": f"A2.{10 + n}", "column": "", "code": "a", "label_en": "A",
             "label_zh": "甲", "points": 1}
        )  # fmt: skip
    big_definition["questionnaire"]["code"] = "big"
    big = QuestionnaireVersionFactory(definition=big_definition, is_published=False)
    with django_assert_max_num_queries(len(queries.captured_queries)):
        api.get(f"/api/v1/questionnaire-versions/{big.pk}/")


def test_definition_downloads(api) -> None:
    version = QuestionnaireVersionFactory()
    xlsx = api.get(f"/api/v1/questionnaire-versions/{version.pk}/definition.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    raw = api.get(f"/api/v1/questionnaire-versions/{version.pk}/definition.json")
    assert raw.status_code == 200
    assert json.loads(raw.content)["version"]["content_hash"] == version.content_hash


def test_import_creates_a_draft(admin_api) -> None:
    version = QuestionnaireVersionFactory()
    exported = admin_api.get(f"/api/v1/questionnaire-versions/{version.pk}/definition.xlsx")
    response = admin_api.post(
        "/api/v1/questionnaire-versions/import/",
        {"file": SimpleUploadedFile("q.xlsx", exported.content)},
        format="multipart",
    )
    assert response.status_code == 201
    draft = QuestionnaireVersion.objects.get(pk=response.json()["id"])
    assert (draft.number, draft.status) == (2, "draft")


def test_import_errors_name_sheet_row_and_column(admin_api) -> None:
    definition = small_definition()
    definition["questions"][1]["type"] = "checkbox"
    response = admin_api.post(
        "/api/v1/questionnaire-versions/import/",
        {"file": SimpleUploadedFile("q.json", json.dumps(definition).encode())},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_definition"
    assert {"sheet": "questions", "row": 3, "column": "type"} in [
        {key: error[key] for key in ("sheet", "row", "column")} for error in body["errors"]
    ]


def test_clone_and_publish(admin_api) -> None:
    version = QuestionnaireVersionFactory()
    clone = admin_api.post(f"/api/v1/questionnaire-versions/{version.pk}/clone/")
    assert clone.status_code == 201
    clone_id = clone.json()["id"]
    published = admin_api.post(f"/api/v1/questionnaire-versions/{clone_id}/publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    again = admin_api.post(f"/api/v1/questionnaire-versions/{clone_id}/publish/")
    assert again.status_code == 409


def test_publishing_an_invalid_draft_gives_400_with_errors(admin_api) -> None:
    version = QuestionnaireVersionFactory(is_published=False)
    services.question_update(question=version.questions.get(code="A1.1"), text_en="")
    response = admin_api.post(f"/api/v1/questionnaire-versions/{version.pk}/publish/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "text_en"


@pytest.mark.parametrize("path", ["import/", "{id}/clone/", "{id}/publish/"])
def test_officers_and_auditors_cannot_change_questionnaires(api, auditor, path) -> None:
    version = QuestionnaireVersionFactory()
    url = "/api/v1/questionnaire-versions/" + path.format(id=version.pk)
    assert api.post(url, {}, format="multipart").status_code == 403
    client = APIClient()
    client.force_authenticate(auditor)
    assert client.post(url, {}, format="multipart").status_code == 403
    assert client.get(f"/api/v1/questionnaire-versions/{version.pk}/").status_code == 200


def test_supplier_users_cannot_read_questionnaires(supplier_member) -> None:
    version = QuestionnaireVersionFactory()
    client = APIClient()
    client.force_authenticate(supplier_member)
    assert client.get("/api/v1/questionnaires/").status_code == 403
    assert client.get(f"/api/v1/questionnaire-versions/{version.pk}/").status_code == 403


def test_definition_round_trip_through_the_api_keeps_the_hash(admin_api) -> None:
    version = QuestionnaireVersionFactory()
    raw = admin_api.get(f"/api/v1/questionnaire-versions/{version.pk}/definition.json").content
    created = admin_api.post(
        "/api/v1/questionnaire-versions/import/",
        {"file": SimpleUploadedFile("q.json", raw)},
        format="multipart",
    ).json()["id"]
    published = admin_api.post(f"/api/v1/questionnaire-versions/{created}/publish/").json()
    assert published["content_hash"] == version.content_hash
    assert (
        version_to_definition(QuestionnaireVersion.objects.get(pk=created))["areas"]
        == (version_to_definition(version)["areas"])
    )
