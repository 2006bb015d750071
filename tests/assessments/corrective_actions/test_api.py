"""Corrective actions over the API: raised by a reviewer, answered by the supplier (JSON or
multipart with documents), verified and closed (rescored, label granted) or reopened; who may do
what, and another supplier's actions are 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assessments.models import Answer, CorrectiveAction, GreenLabel, Score
from core import roles
from tests.factories import (
    PNG,
    LaunchedAssessmentFactory,
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db
DUE = "2027-03-01"


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _raise(client: APIClient, assessment_id: int, **extra: object):  # type: ignore[no-untyped-def]
    body = {"title": "No certified EMS", "severity": "high", "due_on": DUE, **extra}
    return client.post(
        f"/api/v1/assessments/{assessment_id}/corrective-actions/", body, format="json"
    )


def test_raise_respond_and_verify_close_rescore_and_grant(
    approved,
    django_capture_on_commit_callbacks,
) -> None:
    assessment, user = approved
    reviewer = _client(staff_user(roles.REVIEWER, username="api-ca-rev"))
    supplier = _client(user)
    raised = _raise(reviewer, assessment.pk, question_code="A1.4")
    assert raised.status_code == 201, raised.content
    action = raised.json()
    assert (action["status"], action["question_code"], action["supplier"]) == (
        "open",
        "A1.4",
        assessment.supplier_id,
    )
    listed = supplier.get(f"/api/v1/assessments/{assessment.pk}/corrective-actions/")
    assert [item["id"] for item in listed.json()] == [action["id"]]

    # Multipart: the improved answer as JSON text beside a document.
    answered = supplier.post(
        f"/api/v1/corrective-actions/{action['id']}/respond/",
        {
            "response": "ISO 14001 certified in June.",
            "improved_value": '"certified"',
            "files": [SimpleUploadedFile("iso14001.png", PNG)],
        },
        format="multipart",
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["status"] == "responded" and body["proposed_value"] == "certified"
    assert [document["name"] for document in body["documents"]] == ["iso14001.png"]
    assert Answer.objects.get(assessment=assessment, question__code="A1.4").value == "none"

    # Not without confirming the verification; the supplier cannot close its own action.
    refused = reviewer.post(
        f"/api/v1/corrective-actions/{action['id']}/verify-close/",
        {"verified": False},
        format="json",
    )
    assert refused.status_code == 400 and "verified" in refused.json()["fields"]
    forbidden = supplier.post(
        f"/api/v1/corrective-actions/{action['id']}/verify-close/",
        {"verified": True},
        format="json",
    )
    assert forbidden.status_code == 403
    before = Score.objects.filter(assessment=assessment).order_by("-id").first()
    with django_capture_on_commit_callbacks(execute=True):
        closed = reviewer.post(
            f"/api/v1/corrective-actions/{action['id']}/verify-close/",
            {"verified": True},
            format="json",
        )
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "closed"
    assert body["score_before"]["id"] == before.pk
    assert body["score_before"]["overall"] == "65.35" and body["score_after"]["overall"] == "81.35"
    assert body["label_decision"]["kind"] == "granted"
    assert GreenLabel.objects.get(supplier=assessment.supplier).status == "active"
    again = reviewer.post(
        f"/api/v1/corrective-actions/{action['id']}/verify-close/",
        {"verified": True},
        format="json",
    )
    assert again.status_code == 409


def test_json_answer_reopen_and_bad_input(approved) -> None:
    assessment, user = approved
    reviewer = _client(staff_user(roles.REVIEWER, username="api-ca-rev2"))
    supplier = _client(user)
    action = _raise(reviewer, assessment.pk, question_code="A1.4").json()
    url = f"/api/v1/corrective-actions/{action['id']}/"
    bad = supplier.post(url + "respond/", {"response": "Done", "improved_value": "x"}, "json")
    assert bad.status_code == 400 and "improved_value" in bad.json()["fields"]
    assert CorrectiveAction.objects.get(pk=action["id"]).status == "open"  # nothing kept
    empty = supplier.post(url + "respond/", {"response": ""}, format="json")
    assert empty.status_code == 400 and "response" in empty.json()["fields"]
    answered = supplier.post(
        url + "respond/", {"response": "Done", "improved_value": "certified"}, format="json"
    )
    assert answered.status_code == 200 and answered.json()["proposed_value"] == "certified"
    reopened = reviewer.post(url + "reopen/", {"comment": "Send the certificate."}, "json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert supplier.post(url + "reopen/", {"comment": "x"}, format="json").status_code == 403
    # Raising: staff reviewers only, on a submitted assessment, with a valid severity.
    assert _raise(supplier, assessment.pk).status_code == 403
    officer = _client(staff_user(roles.AUDITOR, username="api-ca-aud"))
    assert _raise(officer, assessment.pk).status_code == 403
    invalid = _raise(reviewer, assessment.pk, severity="urgent")
    assert invalid.status_code == 400 and "severity" in invalid.json()["fields"]
    draft = LaunchedAssessmentFactory()
    assert _raise(reviewer, draft.pk).status_code == 409


def test_another_suppliers_actions_are_not_found(approved) -> None:
    assessment, _user = approved
    reviewer = _client(staff_user(roles.REVIEWER, username="api-ca-rev3"))
    action = _raise(reviewer, assessment.pk).json()
    stranger = _client(supplier_user(username="api-ca-other"))
    assert stranger.get(f"/api/v1/corrective-actions/{action['id']}/").status_code == 404
    listed = stranger.get(f"/api/v1/assessments/{assessment.pk}/corrective-actions/")
    assert listed.status_code == 404
    answered = stranger.post(
        f"/api/v1/corrective-actions/{action['id']}/respond/", {"response": "x"}, format="json"
    )
    assert answered.status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(
    approved,
    django_assert_max_num_queries,
) -> None:
    assessment, user = approved
    reviewer = _client(staff_user(roles.REVIEWER, username="api-ca-rev4"))
    for _ in range(6):
        _raise(reviewer, assessment.pk, question_code="A1.4")
    supplier = _client(user)
    with django_assert_max_num_queries(12):
        listed = supplier.get(f"/api/v1/assessments/{assessment.pk}/corrective-actions/")
    assert len(listed.json()) == 6
