"""Safe admin (issue 14): adding content to a published version in the Django admin was a 500
(the model's VersionImmutableError); it is a message on the page, and nothing is saved."""

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.test import Client

from assessments.models import Area, Choice, Question, QuestionnaireVersion
from assessments.questionnaires import services
from tests.factories import QuestionnaireVersionFactory

pytestmark = pytest.mark.django_db

REFUSED = "Only a draft version&#x27;s content can change."


@pytest.fixture
def superuser_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-1")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def versions() -> tuple[QuestionnaireVersion, QuestionnaireVersion]:
    published = QuestionnaireVersionFactory()
    draft = services.version_clone(version=published, created_by=None)
    return published, draft


def _post_data(row: Any, **changes: Any) -> dict[str, Any]:
    data = {
        key: json.dumps(value) if isinstance(value, list | dict) else value
        for key, value in model_to_dict(row).items()
        if value is not None and key != "id"
    }
    return {**data, **changes}


def _question_data(version: QuestionnaireVersion) -> dict[str, Any]:
    question = version.questions.get(code="A2.1")
    return _post_data(question, code="A9.9", version=version.pk, area=question.area_id)


def test_admin_add_question_to_published_version_is_a_message_not_a_500(
    superuser_client, versions
) -> None:
    published, draft = versions
    before = Question.objects.count()
    response = superuser_client.post("/admin/assessments/question/add/", _question_data(published))
    assert response.status_code == 200  # the form again, with the reason
    assert REFUSED in response.content.decode()
    area = superuser_client.post(
        "/admin/assessments/area/add/",
        {"version": published.pk, "code": "A9", "title_en": "New", "title_zh": "新",
         "weight": "1", "order": "9"},
    )  # fmt: skip
    assert area.status_code == 200
    assert REFUSED in area.content.decode()
    question = published.questions.get(code="A1.2")
    choice = superuser_client.post(
        "/admin/assessments/choice/add/",
        {"question": question.pk, "code": "new", "label_en": "New", "label_zh": "新",
         "points": "0", "order": "9"},
    )  # fmt: skip
    assert choice.status_code == 200
    assert REFUSED in choice.content.decode()
    assert Question.objects.count() == before
    assert not Area.objects.filter(code="A9").exists()
    assert not Choice.objects.filter(code="new").exists()
    # A draft takes the same content.
    added = superuser_client.post("/admin/assessments/question/add/", _question_data(draft))
    assert added.status_code == 302, added.content.decode()[-3000:]
    assert draft.questions.filter(code="A9.9").exists()


def test_a_version_published_while_the_form_was_open_is_a_message_not_a_500(
    superuser_client, versions, monkeypatch
) -> None:
    _published, draft = versions
    data = _question_data(draft)
    services.version_publish(version=draft, published_by=None)  # meanwhile, elsewhere
    monkeypatch.setattr("assessments.admin.DRAFT_ROWS", {})  # the form saw it as a draft
    response = superuser_client.post("/admin/assessments/question/add/", data, follow=True)
    assert response.status_code == 200
    assert "its content cannot change" in response.content.decode()
    assert not draft.questions.filter(code="A9.9").exists()
