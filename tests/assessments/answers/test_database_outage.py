"""The database goes away during an answer save: "not saved, try again", nothing typed is lost.

The fault is injected where a real outage shows up: the database driver fails the statement
that writes the answer (Django raises OperationalError), after the request has started.
"""

import contextlib
import html as html_lib
import re
from collections.abc import Iterator

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from rest_framework.test import APIClient

from assessments.models import Answer
from tests.factories import api_token, code_acknowledged

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_down_for_answer_writes(monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    original = CursorWrapper.execute

    def execute(self, sql, params=None):  # type: ignore[no-untyped-def]
        if re.match(r"\s*(INSERT INTO|UPDATE)\s+\"assessments_answer\"", sql):
            raise OperationalError("server closed the connection unexpectedly")
        return original(self, sql, params)

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", execute)
        yield


def test_api_answer_save_gets_503_then_succeeds_when_the_database_is_back(
    setup, monkeypatch
) -> None:
    code_acknowledged(setup.mine)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(setup.user)}")
    url = f"/api/v1/assessments/{setup.mine.pk}/answers/A2.2/"
    with database_down_for_answer_writes(monkeypatch):
        down = api.put(url, {"value": "Electric vans by 2027"}, format="json")
    assert down.status_code == 503
    assert down.json()["code"] == "database_unavailable"
    assert "Not saved" in down.json()["detail"] and down["Retry-After"] == "5"
    assert not Answer.objects.filter(question__code="A2.2").exists()
    back = api.put(url, {"value": "Electric vans by 2027"}, format="json")
    assert back.status_code == 200
    assert Answer.objects.get(question__code="A2.2").value == "Electric vans by 2027"


def test_web_form_keeps_what_was_typed_and_sends_it_again(setup, monkeypatch) -> None:
    client = setup.client
    client.post(f"/portal/assessments/{setup.mine.pk}/acknowledge/", {"acknowledge": "yes"})
    url = f"/portal/assessments/{setup.mine.pk}/areas/A2/"
    typed = {"q-A2.2": "电动货车 <2027> & more", "q-A2.2-rev": "0"}
    with database_down_for_answer_writes(monkeypatch):
        down = client.post(url, typed)
    assert down.status_code == 503
    html = down.content.decode()
    assert "Not saved" in html
    # The typed text is in the page (escaped) as a field of a form posting to the same URL.
    assert 'name="q-A2.2" value="电动货车 &lt;2027&gt; &amp; more"' in html
    assert f'action="{url}"' in html
    assert not Answer.objects.filter(question__code="A2.2").exists()
    # The database is back: sending the kept fields saves the answer.
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    again = client.post(url, {name: html_lib.unescape(value) for name, value in fields.items()})
    assert again.status_code in (200, 302)
    assert Answer.objects.get(question__code="A2.2").value == "电动货车 <2027> & more"


def test_a_password_is_never_echoed_back_by_the_not_saved_page(db, monkeypatch) -> None:
    from django.test import Client

    def down(self, sql, params=None):  # type: ignore[no-untyped-def]
        raise OperationalError("could not connect to server")

    client = Client()
    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", down)
        response = client.post(
            "/accounts/login/", {"username": "officer", "password": "hunter2-secret"}
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert "Not saved" in html and 'value="officer"' in html
    assert "hunter2-secret" not in html
