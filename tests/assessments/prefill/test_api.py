"""The next cycle over the API: based_on, carried answers, confirmation, submission, review."""

import pytest
from rest_framework.test import APIClient

from assessments.models import Answer, Event
from core import roles
from tests.factories import CampaignFactory, api_token, staff_user

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _answers(client: APIClient, assessment_id: int) -> dict[str, dict]:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/assessments/{assessment_id}/")
    assert response.status_code == 200, response.content
    return {answer["question_code"]: answer for answer in response.json()["answers"]}


def _campaign_payload(cycles, **extra):  # type: ignore[no-untyped-def]
    return {
        "name": "FY2027 assessment",
        "questionnaire_version": cycles.year_two.questionnaire_version_id,
        "period_start": "2027-04-01",
        "period_end": "2028-03-31",
        "due_on": "2028-01-31",
        "suppliers": [cycles.mine.supplier_id],
        **extra,
    }


def test_campaign_api_takes_and_shows_based_on(api, cycles) -> None:
    response = api.post(
        "/api/v1/campaigns/", _campaign_payload(cycles, based_on=cycles.year_two.pk), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["based_on"] == cycles.year_two.pk
    detail = api.get(f"/api/v1/campaigns/{cycles.year_two.pk}/").json()
    assert detail["based_on"] == cycles.year_one.pk
    plain = api.post("/api/v1/campaigns/", _campaign_payload(cycles), format="json")
    assert plain.json()["based_on"] is None


def test_based_on_an_unknown_campaign_is_a_clear_400(api, cycles) -> None:
    response = api.post(
        "/api/v1/campaigns/", _campaign_payload(cycles, based_on=987654), format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["based_on"] == [
        "There is no campaign 987654 to base this one on."
    ]


def test_based_on_a_draft_is_refused(api, cycles) -> None:
    draft = CampaignFactory(questionnaire_version=cycles.year_two.questionnaire_version)
    response = api.post(
        "/api/v1/campaigns/", _campaign_payload(cycles, based_on=draft.pk), format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["based_on"] == [
        "Base the campaign on an earlier, launched campaign."
    ]


def test_year_two_carried_confirmed_changed_submitted_and_reviewed(cycles) -> None:
    supplier = _client(cycles.user)
    mine = cycles.mine.pk
    answers = _answers(supplier, mine)
    assert {code for code, a in answers.items() if a["carried_forward"]} == {
        "A1.1",
        "A1.2",
        "A1.3",
        "A2.1",
    }
    assert not any(a["confirmed"] for a in answers.values())
    # A1.4 changed type: answered afresh (a normal answer, confirmed).
    saved = supplier.put(
        f"/api/v1/assessments/{mine}/answers/A1.4/",
        {"value": "ISO 14001 since 2019"},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["carried_forward"] is False and saved.json()["confirmed"] is True

    submit = supplier.post(
        f"/api/v1/assessments/{mine}/submit/", {"attestation": True}, format="json"
    )
    assert submit.status_code == 400, submit.content
    missing = {item["question_code"]: item["reason"] for item in submit.json()["missing"]}
    assert missing, submit.json()
    assert missing == dict.fromkeys(
        ["A1.1", "A1.2", "A1.3", "A2.1"],
        "Carried forward from the last cycle: confirm it or change it.",
    )

    # The supplier changes one carried answer, then confirms both areas.
    changed = supplier.put(
        f"/api/v1/assessments/{mine}/answers/A1.2/",
        {"value": ["discharge", "eia"], "revision": answers["A1.2"]["revision"]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["carried_forward"] is False and changed.json()["confirmed"] is True
    first = supplier.post(f"/api/v1/assessments/{mine}/areas/A1/confirm-carried/", {})
    assert first.status_code == 200, first.content
    assert first.json() == {"area": "A1", "question_codes": ["A1.1", "A1.3"]}
    second = supplier.post(f"/api/v1/assessments/{mine}/areas/A2/confirm-carried/", {})
    assert second.json() == {"area": "A2", "question_codes": ["A2.1"]}
    answers = _answers(supplier, mine)
    assert answers["A1.1"]["carried_forward"] and answers["A1.1"]["confirmed"]
    assert Event.objects.filter(assessment=mine, kind=Event.Kind.CARRIED_CONFIRMED).count() == 2

    submit = supplier.post(
        f"/api/v1/assessments/{mine}/submit/", {"attestation": True}, format="json"
    )
    assert submit.status_code == 200, submit.content

    # The reviewer accepts A1's unchanged carried answers at once; the changed A1.2 waits.
    reviewer = _client(cycles.reviewer)
    accepted = reviewer.post(f"/api/v1/assessments/{mine}/areas/A1/accept-carried/")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json() == {"area": "A1", "question_codes": ["A1.1", "A1.3"]}
    status = dict(
        Answer.objects.filter(assessment=mine).values_list("question__code", "review_status")
    )
    assert status == {
        "A1.1": "accepted",
        "A1.2": "pending",
        "A1.3": "accepted",
        "A1.4": "pending",
        "A2.1": "pending",
    }
    kinds = list(
        Event.objects.filter(
            assessment=mine, kind__in=[Event.Kind.ANSWER_ACCEPTED, Event.Kind.CARRIED_ACCEPTED]
        ).values_list("kind", "question_code")
    )
    assert kinds == [
        ("answer_accepted", "A1.1"),
        ("answer_accepted", "A1.3"),
        ("carried_accepted", ""),
    ]


def test_confirm_only_named_questions(cycles) -> None:
    supplier = _client(cycles.user)
    response = supplier.post(
        f"/api/v1/assessments/{cycles.mine.pk}/areas/A1/confirm-carried/",
        {"question_codes": ["A1.2"]},
        format="json",
    )
    assert response.json()["question_codes"] == ["A1.2"]
    confirmed = Answer.objects.filter(assessment=cycles.mine, confirmed=True)
    assert [a.question.code for a in confirmed] == ["A1.2"]


def test_a_supplier_cannot_confirm_another_suppliers_answers(cycles) -> None:
    response = _client(cycles.other_user).post(
        f"/api/v1/assessments/{cycles.mine.pk}/areas/A1/confirm-carried/", {}
    )
    assert response.status_code == 404
    assert not Answer.objects.filter(assessment=cycles.mine, confirmed=True).exists()


def test_staff_cannot_confirm_and_suppliers_cannot_accept(officer, cycles) -> None:
    staff = _client(staff_user(roles.REVIEWER, username="pf-rev2"))
    refused = staff.post(f"/api/v1/assessments/{cycles.mine.pk}/areas/A1/confirm-carried/", {})
    assert refused.status_code == 403
    supplier = _client(cycles.user)
    refused = supplier.post(f"/api/v1/assessments/{cycles.mine.pk}/areas/A1/accept-carried/")
    assert refused.status_code == 403


def test_unknown_area_and_closed_campaign_are_refused(cycles) -> None:
    supplier = _client(cycles.user)
    unknown = supplier.post(f"/api/v1/assessments/{cycles.mine.pk}/areas/Z9/confirm-carried/", {})
    assert unknown.status_code == 400 and unknown.json()["fields"]["area"] == ["Unknown area."]
    cycles.year_two.status = "closed"
    cycles.year_two.save(update_fields=["status"])
    closed = supplier.post(f"/api/v1/assessments/{cycles.mine.pk}/areas/A1/confirm-carried/", {})
    assert closed.status_code == 409


def test_accepting_carried_answers_before_submission_is_refused(cycles) -> None:
    reviewer = _client(cycles.reviewer)
    response = reviewer.post(f"/api/v1/assessments/{cycles.mine.pk}/areas/A1/accept-carried/")
    assert response.status_code == 409
