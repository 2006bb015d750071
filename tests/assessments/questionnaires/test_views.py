import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.models import QuestionnaireVersion
from assessments.questionnaires import services
from tests.assessments.definitions import small_definition
from tests.factories import QuestionnaireVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(procurement_admin) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(procurement_admin)
    return client


def test_list_and_version_pages(admin_client) -> None:
    version = QuestionnaireVersionFactory()
    listing = admin_client.get("/questionnaires/").content.decode()
    assert "Test questionnaire" in listing and f"/questionnaires/versions/{version.pk}/" in listing
    page = admin_client.get(f"/questionnaires/versions/{version.pk}/").content.decode()
    assert "A1 Permits" in page and "Do you acknowledge the code?" in page
    assert version.content_hash in page
    assert 'data-testid="publish"' not in page  # already published
    chinese = Client()
    chinese.force_login(version.created_by or _admin(admin_client))
    chinese.cookies["django_language"] = "zh-hans"
    assert (
        "是否确认准则？" in chinese.get(f"/questionnaires/versions/{version.pk}/").content.decode()
    )


def _admin(client: Client):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="padmin1")


def _codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [q.code for _area, questions in response.context["areas"] for q in questions]


def test_preview_applies_category_and_answers(admin_client) -> None:
    version = QuestionnaireVersionFactory()
    url = f"/questionnaires/versions/{version.pk}/preview/"
    logistics = admin_client.get(url, {"category": "logistics"})
    office = admin_client.get(url, {"category": "office_it"})
    assert "A2.2" in _codes(logistics) and "A2.2" not in _codes(office)
    answered = admin_client.get(
        url, {"category": "office_it", "q-A1.1": "true", "q-A1.2": ["discharge"], "q-A2.1": "60"}
    )
    assert _codes(answered) == ["A1.1", "A1.2", "A1.3", "A1.4", "A2.1", "A2.3", "A2.4"]
    assert "points" not in answered.content.decode().lower()
    assert admin_client.get(url, {"category": "nonsense", "q-A2.1": "abc"}).status_code == 200


def test_clone_edit_publish_and_compare(admin_client) -> None:
    v1 = QuestionnaireVersionFactory()
    response = admin_client.post(f"/questionnaires/versions/{v1.pk}/clone/")
    v2 = QuestionnaireVersion.objects.get(number=2)
    assert response.url == f"/questionnaires/versions/{v2.pk}/"
    question = v2.questions.get(code="A1.4")
    certified = question.choices.get(code="certified")
    none = question.choices.get(code="none")
    form = {
        "text_en": "Environmental management system (EMS) status",
        "text_zh": question.text_zh,
        "help_en": "",
        "help_zh": "",
        "criticality": "scored",
        "max_points": "8",
        "points_yes": "",
        "points_no": "",
        "is_required": "on",
        "allows_not_applicable": "on",
        f"choice_{certified.pk}": "8",
        f"choice_{none.pk}": "0",
    }
    edit_url = f"/questionnaires/versions/{v2.pk}/questions/{question.pk}/edit/"
    assert admin_client.get(edit_url).status_code == 200
    saved = admin_client.post(edit_url, form)
    assert saved.status_code == 302
    admin_client.post(f"/questionnaires/versions/{v2.pk}/publish/")
    v2.refresh_from_db()
    assert v2.status == "published" and v2.content_hash != v1.content_hash
    compare = admin_client.get("/questionnaires/compare/", {"old": v1.pk, "new": v2.pk})
    diff = compare.context["diff"]
    assert [change.code for change in diff.changed] == ["A1.4"]
    assert diff.changed[0].is_scoring_change
    html = compare.content.decode()
    assert "Environmental management system (EMS) status" in html and "EMS status" in html
    # A published version's questions can no longer be edited.
    assert admin_client.get(edit_url).status_code == 403


def test_publishing_a_draft_with_errors_lists_them(admin_client) -> None:
    draft = QuestionnaireVersionFactory(is_published=False)
    services.question_update(question=draft.questions.get(code="A1.1"), text_zh="")
    response = admin_client.post(f"/questionnaires/versions/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "text_zh" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_import_page_shows_each_error(admin_client) -> None:
    definition = small_definition()
    definition["questions"][1]["type"] = "checkbox"
    upload = SimpleUploadedFile("q.json", json.dumps(definition).encode())
    response = admin_client.post("/questionnaires/import/", {"file": upload})
    assert response.status_code == 400
    assert response.context["errors"][0]["column"] == "type"
    good = SimpleUploadedFile("q.json", json.dumps(small_definition()).encode())
    created = admin_client.post("/questionnaires/import/", {"file": good})
    assert created.status_code == 302


def test_export_downloads(admin_client) -> None:
    version = QuestionnaireVersionFactory()
    xlsx = admin_client.get(f"/questionnaires/versions/{version.pk}/definition.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (
        admin_client.get(f"/questionnaires/versions/{version.pk}/definition.csv").status_code == 404
    )


def test_officer_can_read_but_not_change(officer_client) -> None:
    version = QuestionnaireVersionFactory()
    assert officer_client.get(f"/questionnaires/versions/{version.pk}/").status_code == 200
    assert officer_client.post(f"/questionnaires/versions/{version.pk}/clone/").status_code == 403
    assert officer_client.get("/questionnaires/import/").status_code == 403
