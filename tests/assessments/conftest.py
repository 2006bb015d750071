"""Shared fixtures: a launched campaign with a supplier user, and a submitted assessment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.answers import services as answer_services
from assessments.campaigns import services as campaign_services
from assessments.models import Assessment
from assessments.questionnaires import services
from suppliers.models import Category
from tests.assessments.definitions import small_definition
from tests.factories import SupplierFactory, supplier_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DUE = datetime.date(2027, 1, 31)


@pytest.fixture
def setup(officer, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    version = services.version_publish(
        version=services.version_create_from_definition(
            definition=small_definition(), created_by=None
        ),
        published_by=None,
    )
    mine = SupplierFactory(category=Category.objects.get(slug="logistics"))
    other = SupplierFactory(category=Category.objects.get(slug="logistics"))
    campaign = campaign_services.campaign_create(
        name="FY2026", questionnaire_version=version, period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), due_on=datetime.date(2027, 1, 31),
        created_by=officer, supplier_ids=[mine.pk, other.pk],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    user = supplier_user(supplier=mine, username="portal-user")
    client = Client()
    client.force_login(user)
    return {
        "client": client,
        "user": user,
        "mine": Assessment.objects.get(supplier=mine),
        "other": Assessment.objects.get(supplier=other),
    }


@pytest.fixture
def submitted(officer, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    version = services.version_publish(
        version=services.version_create_from_definition(
            definition=small_definition(), created_by=None
        ),
        published_by=None,
    )
    supplier = SupplierFactory(category=Category.objects.get(slug="logistics"))
    campaign = campaign_services.campaign_create(
        name="FY2026", questionnaire_version=version, period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), due_on=DUE, created_by=officer, supplier_ids=[supplier.pk],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.campaign_launch(campaign=campaign, launched_by=officer)
    assessment = Assessment.objects.get(supplier=supplier)
    user = supplier_user(supplier=supplier, username="sup-user")
    for code, value in (
        ("A1.1", True),
        ("A1.2", ["discharge"]),
        ("A1.4", "certified"),
        ("A2.1", 5),
    ):
        answer_services.answer_save(
            assessment=assessment, question_code=code, value=value, user=user, revision=None
        )
    answer_services.answer_save(
        assessment=assessment,
        question_code="A1.3",
        value=[{"kind": "water", "number": "P-1"}],
        user=user,
        revision=None,
    )
    answer_services.evidence_upload(
        assessment=assessment,
        question_code="A1.3",
        file=SimpleUploadedFile("p.png", PNG),
        user=user,
    )
    with django_capture_on_commit_callbacks(execute=True):  # scores the submission
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    return assessment, user
