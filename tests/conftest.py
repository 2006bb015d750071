import pytest
from django.test import Client
from rest_framework.test import APIClient

from core import roles
from tests.factories import UserFactory, api_token, staff_user, supplier_user


@pytest.fixture
def celery_eager():  # type: ignore[no-untyped-def]
    """Tasks run in-process as they are queued (after commit), for a test that needs what a task
    does (an invitation sent, a submission scored). Integration tests start real workers instead."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Each test starts in English: a request in Chinese leaves its language active otherwise."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def officer(db):  # type: ignore[no-untyped-def]
    return staff_user(roles.PROCUREMENT_OFFICER, username="officer1")


@pytest.fixture
def procurement_admin(db):  # type: ignore[no-untyped-def]
    return staff_user(roles.PROCUREMENT_ADMIN, username="padmin1")


@pytest.fixture
def auditor(db):  # type: ignore[no-untyped-def]
    return staff_user(roles.AUDITOR, username="auditor1")


@pytest.fixture
def supplier_member(db):  # type: ignore[no-untyped-def]
    return supplier_user(username="supplier1")


@pytest.fixture
def no_role_user(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="norole1")


@pytest.fixture
def officer_client(officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def api(officer) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(officer)}")
    return client


@pytest.fixture(autouse=True)
def _fresh_questionnaire_cache():  # type: ignore[no-untyped-def]
    """Each test starts with no questionnaire content in memory, as a new process would."""
    from assessments.questionnaires.selectors import version_content_cache_clear

    version_content_cache_clear()
    yield
    version_content_cache_clear()
