"""The supplier removes and replaces its own documents where it may, and its portal home lists
what it must do: queried answers, rejected documents, open corrective actions."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from assessments.answers import services as answer_services
from assessments.corrective_actions.services import action_raise
from assessments.models import Answer, Event, EvidenceDocument
from assessments.review import services as review_services
from core import roles
from suppliers.models import Category
from tests.factories import PNG, UploadedEvidenceFactory, staff_user, supplier_user

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_before_submission_a_document_is_replaced_on_the_area_page(setup) -> None:
    setup.client.post(f"/portal/assessments/{setup.mine.pk}/acknowledge/", {"acknowledge": "yes"})
    supplier = setup.mine.supplier
    supplier.category = Category.objects.get(slug="office_it")  # A2.4 is an office IT question
    supplier.save()
    answer_services.answer_save(  # ... shown once A1.1 is "yes"
        assessment=setup.mine, question_code="A1.1", value=True, user=setup.user, revision=0
    )
    old = UploadedEvidenceFactory(
        assessment=setup.mine, question_code="A2.4", name="old.png", user=setup.user
    )
    url = f"/portal/assessments/{setup.mine.pk}/areas/A2/"
    page = setup.client.get(url).content.decode()
    assert f'data-testid="remove-{old.pk}"' in page
    response = setup.client.post(
        url,
        {"q-A2.4-remove": [str(old.pk)], "q-A2.4-file": SimpleUploadedFile("new.png", PNG + b"1")},
    )
    assert response.status_code == 302
    assert [d.original_name for d in EvidenceDocument.objects.filter(answer=old.answer)] == [
        "new.png"
    ]
    kept = EvidenceDocument.all_objects.get(pk=old.pk)
    assert kept.removed_at is not None and kept.removed_by == setup.user and kept.file.name
    removed = Event.objects.get(assessment=setup.mine, kind="evidence_removed")
    assert removed.data["file"] == "old.png" and removed.data["sha256"] == old.sha256


def test_the_api_removes_only_own_documents_and_only_where_the_answer_is_open(submitted) -> None:
    assessment, supplier = submitted
    document = EvidenceDocument.objects.get(answer__assessment=assessment)
    other_user = supplier_user(username="someone-else")
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    assert stranger.delete(f"/api/v1/evidence/{document.pk}/").status_code == 404
    client = APIClient()
    client.force_authenticate(supplier)
    locked = client.delete(f"/api/v1/evidence/{document.pk}/")
    assert locked.status_code == 409 and locked.json()["code"] == "answer_locked"
    reviewer = staff_user(roles.REVIEWER, username="api-rm-rev")
    review_services.evidence_review(
        document=document, accept=False, reason="Expired", reviewer=reviewer
    )
    review_services.assessment_return(
        assessment=assessment, question_codes=[], comment="", reviewer=reviewer
    )
    assert client.delete(f"/api/v1/evidence/{document.pk}/").status_code == 204
    assert client.delete(f"/api/v1/evidence/{document.pk}/").status_code == 404  # gone


def test_the_portal_home_lists_what_to_do_with_links(submitted, django_assert_max_num_queries):
    assessment, supplier = submitted
    reviewer = staff_user(roles.REVIEWER, username="todo-rev")
    review_services.answer_review(
        answer=Answer.objects.get(assessment=assessment, question__code="A1.4"),
        accept=False,
        comment="Which certificate?",
        reviewer=reviewer,
    )
    document = EvidenceDocument.objects.get(answer__assessment=assessment)
    review_services.evidence_review(
        document=document, accept=False, reason="Blurred scan", reviewer=reviewer
    )
    client = _client(supplier)
    page = client.get("/portal/").content.decode()
    assert 'data-testid="todo"' not in page  # still with the reviewer: nothing to do yet
    action_raise(
        assessment=assessment,
        title="Label the waste store",
        severity="high",
        due_on=datetime.date(2027, 2, 1),
        raised_by=reviewer,
    )
    review_services.assessment_return(
        assessment=assessment, question_codes=[], comment="", reviewer=reviewer
    )
    with django_assert_max_num_queries(20):
        page = client.get("/portal/").content.decode()
    area = f"/portal/assessments/{assessment.pk}/areas/A1/"
    assert 'data-testid="todo-query-A1.4"' in page and "Which certificate?" in page
    assert f'href="{area}#q-A1.4"' in page
    assert 'data-testid="todo-document-A1.3"' in page and "Blurred scan" in page
    assert f'href="{area}#q-A1.3"' in page
    assert "Label the waste store" in page and "2027-02-01" in page
    # another supplier's user sees none of it
    other = _client(supplier_user(username="todo-other"))
    assert "Which certificate?" not in other.get("/portal/").content.decode()
    # once replaced and resubmitted, nothing is left but the action
    answer_services.evidence_remove(document=document, user=supplier)
    answer_services.evidence_upload(
        assessment=assessment,
        question_code="A1.3",
        file=SimpleUploadedFile("new.png", PNG + b"2"),
        user=supplier,
    )
    answer_services.assessment_submit(assessment=assessment, attestation=True, user=supplier)
    page = client.get("/portal/").content.decode()
    assert "todo-query" not in page and "todo-document" not in page
    assert "Label the waste store" in page
