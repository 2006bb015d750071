"""Answering as the supplier goes: per-question autosave (the area form's rule, one question at
a time, with its revision) and the follow-up questions a typed answer opens before it is saved.
"""

import json

import pytest

from assessments.models import Answer, Event
from tests.factories import AnswerFactory, code_acknowledged

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _save_url(setup, code: str, area: str = "A1") -> str:  # type: ignore[no-untyped-def]
    return f"/portal/assessments/{setup.mine.pk}/areas/{area}/questions/{code}/"


def _visibility_url(setup, area: str = "A1") -> str:  # type: ignore[no-untyped-def]
    return f"/portal/assessments/{setup.mine.pk}/areas/{area}/visibility/"


@pytest.fixture
def answering(setup):  # type: ignore[no-untyped-def]
    code_acknowledged(setup.mine)
    return setup


def test_autosave_saves_one_question_and_says_saved(answering) -> None:  # type: ignore[no-untyped-def]
    # The page posts the whole area form; only the question of the URL is read.
    page = {"q-A1.4": "certified", "q-A1.4-rev": "0", "q-A1.1": "true", "q-A1.1-rev": "0"}
    response = answering.client.post(_save_url(answering, "A1.4"), page, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" in html and 'data-revision="1"' in html
    assert 'data-revision-name="q-A1.4-rev"' in html
    answer = Answer.objects.get(assessment=answering.mine, question__code="A1.4")
    assert answer.value == "certified" and answer.revision == 1
    assert not Answer.objects.filter(assessment=answering.mine, question__code="A1.1").exists()
    assert Event.objects.filter(kind="answer_saved", question_code="A1.4").count() == 1


def test_autosave_of_an_unchanged_answer_saves_nothing(answering) -> None:  # type: ignore[no-untyped-def]
    AnswerFactory(assessment=answering.mine, question_code="A1.4", value="certified", revision=3)
    page = {"q-A1.4": "certified", "q-A1.4-rev": "3"}
    response = answering.client.post(_save_url(answering, "A1.4"), page, **HTMX)
    assert response.status_code == 200 and 'data-revision="3"' in response.content.decode()
    assert not Event.objects.filter(kind="answer_saved").exists()


def test_autosave_refuses_a_stale_revision_as_a_conflict(answering) -> None:  # type: ignore[no-untyped-def]
    AnswerFactory(assessment=answering.mine, question_code="A1.4", value="none", revision=2)
    page = {"q-A1.4": "certified", "q-A1.4-rev": "1"}
    response = answering.client.post(_save_url(answering, "A1.4"), page, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not saved:" in html and "changed elsewhere" in html and "data-failed" in html
    assert Answer.objects.get(assessment=answering.mine, question__code="A1.4").value == "none"


def test_autosave_shows_a_bad_value_at_the_question_and_keeps_nothing(answering) -> None:  # type: ignore[no-untyped-def]
    page = {"q-A2.1": "12x", "q-A2.1-rev": "0"}
    response = answering.client.post(_save_url(answering, "A2.1", "A2"), page, **HTMX)
    assert response.status_code == 400
    assert "Not saved:" in response.content.decode()
    assert "Enter a number." in response.content.decode()
    assert not Answer.objects.filter(assessment=answering.mine, question__code="A2.1").exists()


def test_autosave_without_htmx_goes_back_to_the_question(answering) -> None:  # type: ignore[no-untyped-def]
    response = answering.client.post(_save_url(answering, "A1.4"), {"q-A1.4": "none"})
    assert response.status_code == 302
    assert response.url.endswith("/areas/A1/#q-A1.4")
    assert Answer.objects.get(assessment=answering.mine, question__code="A1.4").value == "none"


def test_autosave_of_a_follow_up_opened_on_the_page_before_its_trigger_is_saved(answering) -> None:  # type: ignore[no-untyped-def]
    page = {
        "q-A1.2": ["discharge"], "q-A1.2-rev": "0",
        "q-A1.3-rows": "1", "q-A1.3-rev": "0", "q-A1.3-0-kind": "water", "q-A1.3-0-number": "P-9",
    }  # fmt: skip
    response = answering.client.post(_save_url(answering, "A1.3"), page, **HTMX)
    assert response.status_code == 200, response.content.decode()
    answer = Answer.objects.get(assessment=answering.mine, question__code="A1.3")
    assert answer.value[0]["number"] == "P-9"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("A1/questions/A1.3/", 404),  # hidden: A1.2 is not "discharge"
        ("A1/questions/A2.1/", 404),  # not a question of this area
        ("A1/questions/NOPE/", 404),
        ("A9/questions/A1.1/", 404),
    ],
)
def test_autosave_takes_only_the_questions_the_page_shows(answering, url, status) -> None:  # type: ignore[no-untyped-def]
    response = answering.client.post(
        f"/portal/assessments/{answering.mine.pk}/areas/{url}", {"q-A2.1": "5"}, **HTMX
    )
    assert response.status_code == status
    assert not Answer.objects.filter(assessment=answering.mine).exists()


def test_autosave_of_another_suppliers_assessment_is_not_found(answering) -> None:  # type: ignore[no-untyped-def]
    other = code_acknowledged(answering.other)
    url = f"/portal/assessments/{other.pk}/areas/A1/questions/A1.4/"
    assert answering.client.post(url, {"q-A1.4": "none"}, **HTMX).status_code == 404
    assert answering.client.get(_save_url(answering, "A1.4")).status_code == 405
    assert not Answer.objects.exists()


def test_autosave_is_refused_once_submitted(answering) -> None:  # type: ignore[no-untyped-def]
    answering.mine.status = "submitted"
    answering.mine.save(update_fields=["status"])
    response = answering.client.post(_save_url(answering, "A1.4"), {"q-A1.4": "none"}, **HTMX)
    assert response.status_code == 400 and "Not saved:" in response.content.decode()
    assert not Answer.objects.exists()


def test_visibility_follows_what_the_page_holds_without_saving(answering) -> None:  # type: ignore[no-untyped-def]
    client = answering.client
    shown = client.post(_visibility_url(answering), {"q-A1.2": ["discharge"]}, **HTMX)
    assert shown.status_code == 200
    assert shown.json()["visible"] == ["A1.1", "A1.2", "A1.3", "A1.4"]
    event = json.loads(shown["HX-Trigger"])["portal:visibility"]
    assert event["visible"] == ["A1.1", "A1.2", "A1.3", "A1.4"]
    hidden = client.post(_visibility_url(answering), {"q-A1.2": ["eia"]}, **HTMX)
    assert hidden.json()["visible"] == ["A1.1", "A1.2", "A1.4"]
    # A typed number opens A2.3 (A2.1 > 50); an invalid one is no answer.
    assert (
        "A2.3" in client.post(_visibility_url(answering, "A2"), {"q-A2.1": "80"}).json()["visible"]
    )
    assert (
        "A2.3"
        not in client.post(_visibility_url(answering, "A2"), {"q-A2.1": "8x"}).json()["visible"]
    )
    assert not Answer.objects.exists()


def test_visibility_reads_stored_answers_under_what_was_typed(answering) -> None:  # type: ignore[no-untyped-def]
    AnswerFactory(assessment=answering.mine, question_code="A1.2", value=["discharge"])
    kept = answering.client.post(_visibility_url(answering), {"q-A1.2": ["discharge"]})
    assert "A1.3" in kept.json()["visible"]
    cleared = answering.client.post(_visibility_url(answering), {"q-A1.2-rev": "1"})
    assert "A1.3" not in cleared.json()["visible"]  # the page unticked it: not answered now


def test_the_area_page_holds_hidden_follow_ups_with_their_answers(answering) -> None:  # type: ignore[no-untyped-def]
    AnswerFactory(assessment=answering.mine, question_code="A1.3", value=[{"number": "P-7"}])
    html = answering.client.get(f"/portal/assessments/{answering.mine.pk}/areas/A1/").content
    page = html.decode()
    assert 'data-code="A1.3" hidden' in page and 'value="P-7"' in page
    assert 'data-code="A1.2" data-condition-source' in page
    assert 'data-code="A1.1" hidden' not in page


def test_save_keeps_a_follow_up_typed_before_its_trigger_was_saved(answering) -> None:  # type: ignore[no-untyped-def]
    # Without autosave (or before it answered), Save posts the trigger and its follow-up together.
    response = answering.client.post(
        f"/portal/assessments/{answering.mine.pk}/areas/A1/",
        {
            "q-A1.2": ["discharge"], "q-A1.2-rev": "0",
            "q-A1.3-rows": "1", "q-A1.3-rev": "0", "q-A1.3-0-kind": "air",
            "q-A1.3-0-number": "P-3",
        },
    )  # fmt: skip
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=answering.mine, question__code="A1.3")
    assert answer.value[0]["number"] == "P-3"
