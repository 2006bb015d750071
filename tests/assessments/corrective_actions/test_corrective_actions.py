import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.corrective_actions import services as action_services
from assessments.errors import AssessmentStateError, EvidenceInvalidError, ReviewInvalidError
from assessments.models import CorrectiveAction, Event
from core import roles
from tests.factories import SupplierFactory, staff_user, supplier_user

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DUE = datetime.date(2027, 3, 1)


def test_raise_respond_close_and_reopen(submitted) -> None:
    assessment, supplier_account = submitted
    reviewer = staff_user(roles.REVIEWER, username="ca-rev")
    with pytest.raises(ReviewInvalidError):
        action_services.action_raise(
            assessment=assessment, title=" ", severity="medium", due_on=DUE, raised_by=reviewer
        )
    action = action_services.action_raise(
        assessment=assessment, title="Permit P-1 expires soon", severity="high", due_on=DUE,
        raised_by=reviewer, question_code="A1.3", description="Renew it and upload the new permit.",
    )  # fmt: skip
    assert action.question.code == "A1.3" and action.status == "open"
    with pytest.raises(ReviewInvalidError):
        action_services.action_respond(action=action, response="", files=[], user=supplier_account)
    with pytest.raises(EvidenceInvalidError):
        action_services.action_respond(
            action=action,
            response="Renewed",
            files=[SimpleUploadedFile("p.pdf", b"MZ")],
            user=supplier_account,
        )
    responded = action_services.action_respond(
        action=action,
        response="Renewed on 1 Feb.",
        files=[SimpleUploadedFile("permit.png", PNG)],
        user=supplier_account,
    )
    assert responded.status == "responded" and responded.documents.count() == 1
    with pytest.raises(ReviewInvalidError):
        action_services.action_reopen(action=action, reopened_by=reviewer, comment="")
    action_services.action_reopen(
        action=action, reopened_by=reviewer, comment="The scan is unreadable."
    )
    action_services.action_respond(
        action=action, response="A readable scan.", files=[], user=supplier_account
    )
    closed = action_services.corrective_action_verify_close(
        action=action, closed_by=reviewer, verified=True
    )
    assert closed.status == "closed"
    with pytest.raises(AssessmentStateError):
        action_services.action_respond(
            action=action, response="more", files=[], user=supplier_account
        )
    kinds = list(
        Event.objects.filter(assessment=assessment, kind__startswith="action").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "action_raised",
        "action_responded",
        "action_reopened",
        "action_responded",
        "action_closed",
    ]


def test_web_flow_and_isolation(submitted) -> None:
    assessment, supplier_account = submitted
    reviewer = Client()
    reviewer.force_login(staff_user(roles.REVIEWER, username="ca-rev2"))
    response = reviewer.post(
        f"/campaigns/assessments/{assessment.pk}/actions/",
        {
            "title": "Missing SDS",
            "severity": "medium",
            "due_on": "2027-03-01",
            "question_code": "A1.4",
        },
    )
    assert response.status_code == 302
    action = CorrectiveAction.objects.get()
    supplier = Client()
    supplier.force_login(supplier_account)
    overview = supplier.get(f"/portal/assessments/{assessment.pk}/").content.decode()
    assert f"/portal/actions/{action.pk}/" in overview and "Missing SDS" in overview
    answered = supplier.post(
        f"/portal/actions/{action.pk}/",
        {"response": "Added", "files": SimpleUploadedFile("sds.png", PNG)},
    )
    assert answered.status_code == 302
    document = action.documents.get()
    assert supplier.get(f"/evidence/actions/{document.pk}/").status_code == 200
    page = reviewer.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert "Added" in page and "sds.png" in page
    reviewer.post(f"/campaigns/actions/{action.pk}/decide/", {"decision": "close", "verified": "1"})
    action.refresh_from_db()
    assert action.status == "closed"
    stranger = Client()
    stranger.force_login(supplier_user(supplier=SupplierFactory(), username="ca-stranger"))
    assert stranger.get(f"/portal/actions/{action.pk}/").status_code == 404
    assert stranger.post(f"/portal/actions/{action.pk}/", {"response": "x"}).status_code == 404
    assert stranger.get(f"/evidence/actions/{document.pk}/").status_code == 404
    officer = Client()
    officer.force_login(staff_user(roles.PROCUREMENT_OFFICER, username="ca-off"))
    assert officer.post(f"/campaigns/assessments/{assessment.pk}/actions/", {}).status_code == 403
