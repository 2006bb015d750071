"""A permit or certificate states its validity on upload: the service, the API and the portal."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from assessments.errors import EvidenceValidityError
from assessments.models import Answer, Event, EvidenceDocument
from tests.factories import PNG, EvidenceDocumentFactory, api_token, code_acknowledged

pytestmark = pytest.mark.django_db
UNTIL = datetime.date(2027, 6, 30)


def _upload(setup, **dates):  # type: ignore[no-untyped-def]
    return answer_services.evidence_upload(
        assessment=code_acknowledged(setup.mine),
        question_code="A1.3",
        file=SimpleUploadedFile("permit.png", PNG),
        user=setup.user,
        **dates,
    )


def test_a_flagged_question_needs_the_end_date(flagged) -> None:
    with pytest.raises(EvidenceValidityError) as excinfo:
        _upload(flagged)
    assert excinfo.value.code == "evidence_validity"
    assert "valid until" in excinfo.value.fields["valid_until"][0]
    assert not EvidenceDocument.all_objects.exists()
    document = _upload(flagged, valid_from=datetime.date(2025, 7, 1), valid_until=UNTIL)
    document.refresh_from_db()
    assert (document.valid_from, document.valid_until) == (datetime.date(2025, 7, 1), UNTIL)
    uploaded = Event.objects.get(kind="evidence_uploaded")
    assert uploaded.data["valid_until"] == "2027-06-30"


def test_dates_out_of_order_are_refused_on_any_question(setup) -> None:
    with pytest.raises(EvidenceValidityError) as excinfo:
        _upload(setup, valid_from=UNTIL, valid_until=datetime.date(2027, 1, 1))
    assert "valid_from" in excinfo.value.fields
    assert _upload(setup).valid_until is None  # not flagged: no date needed


def test_the_database_refuses_a_start_after_the_end(setup) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceDocumentFactory(
            answer__assessment=setup.mine, valid_from=UNTIL, valid_until=datetime.date(2027, 1, 1)
        )


def test_valid_on_is_one_rule_for_querysets_and_documents(setup) -> None:
    answer = Answer.objects.create(
        assessment=setup.mine, question=setup.mine.version.questions.get(code="A1.3")
    )
    open_ended = EvidenceDocumentFactory(answer=answer)
    dated = EvidenceDocumentFactory(
        answer=answer, valid_from=datetime.date(2026, 1, 1), valid_until=UNTIL
    )
    for day, expected in (
        (datetime.date(2025, 12, 31), {open_ended.pk}),
        (datetime.date(2026, 1, 1), {open_ended.pk, dated.pk}),
        (UNTIL, {open_ended.pk, dated.pk}),
        (UNTIL + datetime.timedelta(days=1), {open_ended.pk}),
    ):
        assert set(EvidenceDocument.objects.valid_on(day).values_list("pk", flat=True)) == expected
        assert {d.pk for d in (open_ended, dated) if d.is_valid_on(day)} == expected


def _api(setup) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(setup.user)}")
    return client


def test_the_api_takes_and_shows_the_dates(flagged) -> None:
    client = _api(flagged)
    url = f"/api/v1/assessments/{code_acknowledged(flagged.mine).pk}/evidence/"
    missing = client.post(
        url,
        {"question_code": "A1.3", "file": SimpleUploadedFile("p.png", PNG)},
        format="multipart",
    )
    assert missing.status_code == 400
    assert missing.json()["code"] == "evidence_validity"
    bad = client.post(
        url,
        {"question_code": "A1.3", "file": SimpleUploadedFile("p.png", PNG), "valid_until": "30/6"},
        format="multipart",
    )
    assert bad.status_code == 400 and "valid_until" in str(bad.json())
    created = client.post(
        url,
        {
            "question_code": "A1.3",
            "file": SimpleUploadedFile("p.png", PNG),
            "valid_from": "2025-07-01",
            "valid_until": "2027-06-30",
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["valid_from"], created.json()["valid_until"]) == (
        "2025-07-01",
        "2027-06-30",
    )
    answer = client.get(f"/api/v1/assessments/{flagged.mine.pk}/").json()
    evidence = [e for a in answer["answers"] for e in a["evidence"]]
    assert [e["valid_until"] for e in evidence] == ["2027-06-30"]


def _area(setup) -> str:  # type: ignore[no-untyped-def]
    return f"/portal/assessments/{setup.mine.pk}/areas/A1/"


def test_the_portal_form_asks_for_the_dates_and_keeps_what_was_typed(flagged) -> None:
    client = flagged.client
    code_acknowledged(flagged.mine)
    client.post(_area(flagged), {"q-A1.2": ["discharge"], "q-A1.2-rev": "0"})
    page = client.get(_area(flagged)).content.decode()
    assert 'name="q-A1.3-valid-until"' in page and 'name="q-A1.3-valid-from"' in page
    assert 'name="q-A1.4-valid-until"' not in page  # only where the question asks
    posted = {
        "q-A1.2": ["discharge"], "q-A1.2-rev": "1", "q-A1.3-rows": "1", "q-A1.3-rev": "0",
        "q-A1.3-0-kind": "water", "q-A1.3-0-number": "P-1",
        "q-A1.3-valid-from": "2025-07-01",
    }  # fmt: skip
    refused = client.post(
        _area(flagged), {**posted, "q-A1.3-file": SimpleUploadedFile("permit.png", PNG)}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "enter the date the document is valid until" in body
    assert re.search(r'name="q-A1\.3-valid-from" value="2025-07-01"', body)
    assert not EvidenceDocument.objects.exists()
    saved = client.post(
        _area(flagged),
        {
            **posted,
            "q-A1.3-rev": "1",
            "q-A1.3-valid-until": "2027-06-30",
            "q-A1.3-file": SimpleUploadedFile("permit.png", PNG),
        },
    )
    assert saved.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", saved.content.decode(), re.S
    )
    document = EvidenceDocument.objects.get()
    assert (document.valid_from, document.valid_until) == (datetime.date(2025, 7, 1), UNTIL)


def test_a_replacement_refused_for_its_dates_keeps_the_old_document(flagged) -> None:
    client = flagged.client
    code_acknowledged(flagged.mine)
    client.post(_area(flagged), {"q-A1.2": ["discharge"], "q-A1.2-rev": "0"})
    old = _upload(flagged, valid_until=UNTIL)
    answer = Answer.objects.get(assessment=flagged.mine, question__code="A1.3")
    refused = client.post(
        _area(flagged),
        {
            "q-A1.2": ["discharge"], "q-A1.2-rev": "1", "q-A1.3-rev": str(answer.revision),
            "q-A1.3-rows": "0", "q-A1.3-remove": [str(old.pk)],
            "q-A1.3-file": SimpleUploadedFile("new.png", PNG + b"1"),
        },
    )  # fmt: skip
    assert refused.status_code == 400
    assert "enter the date the document is valid until" in refused.content.decode()
    assert list(EvidenceDocument.objects.all()) == [old]
