"""The answer page on forms (one per question type), the one "may the supplier change this
answer?" rule, and the code-of-conduct acknowledgement that no page has to write."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.answers import services as answer_services
from assessments.campaigns import services as campaign_services
from assessments.errors import AnswerLockedError
from assessments.models import Answer, Assessment, Event
from assessments.portal.forms import ANSWER_FORMS
from assessments.questionnaires.definitions import QUESTION_TYPES

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _area(assessment: Assessment, code: str = "A1") -> str:
    return f"/portal/assessments/{assessment.pk}/areas/{code}/"


def _acknowledge(setup) -> None:  # type: ignore[no-untyped-def]
    setup.client.post(f"/portal/assessments/{setup.mine.pk}/acknowledge/", {"acknowledge": "yes"})


def _fieldset(html: str, code: str) -> str:
    match = re.search(rf'data-testid="question-{re.escape(code)}">.*?(<fieldset[^>]*>)', html, re.S)
    assert match, code
    return match.group(1)


def _launch_another(setup, officer) -> Assessment:  # type: ignore[no-untyped-def]
    campaign = campaign_services.campaign_create(
        name="FY2027", questionnaire_version=setup.mine.version,
        period_start=datetime.date(2027, 4, 1), period_end=datetime.date(2028, 3, 31),
        due_on=datetime.date(2028, 1, 31), created_by=officer,
        supplier_ids=[setup.mine.supplier_id],
    )  # fmt: skip
    campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    return Assessment.objects.get(campaign=campaign)


def test_every_question_type_has_its_answer_form() -> None:
    assert set(ANSWER_FORMS) == set(QUESTION_TYPES)


@pytest.mark.parametrize(
    ("status", "answered", "unlocked", "editable"),
    [
        ("invited", False, False, True),
        ("in_progress", True, False, True),
        ("submitted", True, False, False),
        ("returned", True, True, True),
        ("returned", True, False, False),
        ("returned", False, False, False),
        ("approved", True, False, False),
        ("rejected", True, False, False),
    ],
)
def test_one_rule_decides_which_answers_the_supplier_may_change(
    setup, status, answered, unlocked, editable
) -> None:
    _acknowledge(setup)
    assessment = setup.mine
    if answered:
        answer_services.answer_save(
            assessment=assessment, question_code="A1.1", value=True, user=None, revision=None
        )
        Answer.objects.filter(assessment=assessment).update(is_unlocked=unlocked)
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()
    answer = Answer.objects.filter(assessment=assessment, question__code="A1.1").first()

    assert assessment.is_answer_editable_by_supplier(answer) is editable
    page = setup.client.get(_area(assessment)).content.decode()
    assert ("disabled" not in _fieldset(page, "A1.1")) is editable
    if editable:
        answer_services.answer_save(
            assessment=assessment, question_code="A1.1", value=False, user=None, revision=None
        )
    else:
        with pytest.raises(AnswerLockedError):
            answer_services.answer_save(
                assessment=assessment, question_code="A1.1", value=False, user=None, revision=None
            )


def test_the_overview_and_area_pages_write_nothing(setup, officer) -> None:
    second = _launch_another(setup, officer)  # its acknowledgement is carried, never by a page
    _acknowledge(setup)
    with CaptureQueriesContext(connection) as queries:
        for assessment in (setup.mine, second):
            assert setup.client.get(f"/portal/assessments/{assessment.pk}/").status_code == 200
            assert setup.client.get(_area(assessment)).status_code == 200
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])]
    assert writes == []


def test_acknowledging_once_acknowledges_the_suppliers_other_assessments(setup, officer) -> None:
    second = _launch_another(setup, officer)  # launched before the code was acknowledged
    assert second.code_acknowledged_at is None
    _acknowledge(setup)
    first = setup.mine
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.code_acknowledged_at == first.code_acknowledged_at
    carried = second.events.get(kind=Event.Kind.CODE_ACKNOWLEDGED)
    assert carried.via == Event.Via.SYSTEM and carried.data == {"carried_from_assessment": first.pk}
    assert setup.client.get(_area(second)).status_code == 200
    assert setup.other.events.filter(kind=Event.Kind.CODE_ACKNOWLEDGED).count() == 0


def test_a_launch_carries_the_acknowledgement_of_the_supplier(setup, officer) -> None:
    _acknowledge(setup)
    setup.mine.refresh_from_db()
    second = _launch_another(setup, officer)
    assert second.code_acknowledged_at == setup.mine.code_acknowledged_at
    kinds = list(second.events.order_by("at", "id").values_list("kind", "via"))
    assert kinds == [("created", "web"), ("invited", "web"), ("code_acknowledged", "system")]


def test_a_stale_page_that_changes_nothing_saves_nothing(setup) -> None:
    _acknowledge(setup)
    client = setup.client
    client.post(_area(setup.mine), {"q-A1.4": "certified", "q-A1.4-rev": "0"})
    again = client.post(_area(setup.mine), {"q-A1.4": "certified", "q-A1.4-rev": "0"})
    assert again.status_code == 302
    assert Answer.objects.get(assessment=setup.mine, question__code="A1.4").revision == 1


def test_not_applicable_counts_only_the_justification(setup) -> None:
    _acknowledge(setup)
    client = setup.client
    na = {"q-A1.4-na": "1", "q-A1.4-justification": "No site", "q-A1.4-rev": "0"}
    missing = client.post(_area(setup.mine), {**na, "q-A1.4-justification": " "})
    assert missing.status_code == 400 and "Explain why the question does not apply." in (
        missing.content.decode()
    )
    assert client.post(_area(setup.mine), na).status_code == 302
    # Still "not applicable" with the same reason: a value typed meanwhile changes nothing.
    assert client.post(_area(setup.mine), {**na, "q-A1.4": "none"}).status_code == 302
    answer = Answer.objects.get(assessment=setup.mine, question__code="A1.4")
    assert (answer.not_applicable, answer.justification, answer.revision) == (True, "No site", 1)


def test_a_page_without_a_reply_box_leaves_the_reply(setup) -> None:
    _acknowledge(setup)
    answer_services.answer_save(
        assessment=setup.mine, question_code="A1.4", value="none", user=None, revision=None,
        supplier_response="Earlier reply",
    )  # fmt: skip
    setup.client.post(_area(setup.mine), {"q-A1.4": "certified", "q-A1.4-rev": "1"})
    answer = Answer.objects.get(assessment=setup.mine, question__code="A1.4")
    assert (answer.value, answer.supplier_response) == ("certified", "Earlier reply")


def _open_the_table(setup) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Acknowledge and tick the permit that shows table A1.3; the fields a post then repeats."""
    _acknowledge(setup)
    setup.client.post(_area(setup.mine), {"q-A1.2": ["discharge"], "q-A1.2-rev": "0"})
    return {"q-A1.2": ["discharge"], "q-A1.2-rev": "1", "q-A1.3-rev": "0"}


def test_add_a_row_keeps_the_rows_on_the_page_and_drops_the_removed_ones(setup) -> None:
    shown = _open_the_table(setup)
    page = setup.client.post(
        _area(setup.mine),
        {
            **shown, "q-A1.3-rows": "3", "q-A1.3-0-kind": "water", "q-A1.3-0-number": "P-1",
            "q-A1.3-1-kind": "air", "q-A1.3-1-number": "P-2", "q-A1.3-1-delete": "1",
            "add-row": "A1.3",
        },
    )  # fmt: skip
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="q-A1.3-rows" value="4"' in html
    assert 'name="q-A1.3-3-number"' in html and 'name="q-A1.3-4-number"' not in html
    answer = Answer.objects.get(assessment=setup.mine, question__code="A1.3")
    assert [row["number"] for row in answer.value] == ["P-1"]


def test_more_rows_than_allowed_are_refused_by_the_service(setup) -> None:
    shown = _open_the_table(setup)
    response = setup.client.post(_area(setup.mine), {**shown, "q-A1.3-rows": "100000"})
    assert response.status_code == 400 and "At most 500 rows." in response.content.decode()


def test_a_refused_document_keeps_the_saved_answer_and_its_revision(setup) -> None:
    _acknowledge(setup)
    client = setup.client
    posted = {"q-A1.4": "certified", "q-A1.4-rev": "0"}
    refused = client.post(
        _area(setup.mine), {**posted, "q-A1.4-file": SimpleUploadedFile("x.pdf", b"MZ\x90")}
    )
    assert refused.status_code == 400 and "none of them" in refused.content.decode()
    assert Answer.objects.get(assessment=setup.mine, question__code="A1.4").revision == 1
    assert 'name="q-A1.4-rev" value="1"' in refused.content.decode()
    again = client.post(
        _area(setup.mine),
        {**posted, "q-A1.4-rev": "1", "q-A1.4-file": SimpleUploadedFile("ok.png", PNG)},
    )
    assert again.status_code == 302
    assert Answer.objects.get(assessment=setup.mine, question__code="A1.4").documents
