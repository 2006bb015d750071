import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.questionnaires import services
from tests.factories import QuestionnaireVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-1")
    client = Client()
    client.force_login(user)
    return client


def test_admin_shows_published_versions_read_only(superuser_client) -> None:
    draft = QuestionnaireVersionFactory(is_published=False)
    draft_question = draft.questions.get(code="A1.1")
    page = superuser_client.get(f"/admin/assessments/question/{draft_question.pk}/change/")
    assert 'name="_save"' in page.content.decode()

    published = services.version_publish(
        version=services.version_clone(version=draft, created_by=None), published_by=None
    )
    question = published.questions.get(code="A1.1")
    page = superuser_client.get(f"/admin/assessments/question/{question.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = superuser_client.post(
        f"/admin/assessments/question/{question.pk}/change/", {"text_en": "Changed"}
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text_en == "Do you acknowledge the code?"
    assert (
        superuser_client.post(
            f"/admin/assessments/question/{question.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
