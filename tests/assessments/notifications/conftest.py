"""An answered assessment (not yet submitted) of a supplier with one supplier user, two
reviewers, and a helper that runs what commits with eager Celery."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from assessments.models import Assessment
from core import roles
from tests.factories import (
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    UploadedEvidenceFactory,
    staff_user,
    supplier_user,
)

SITE = "http://demo.example.test:8123"
SEPARATOR = "\n\n----------------------------------------\n\n"


@dataclass(frozen=True)
class Setup:
    assessment: Assessment
    supplier_user: User
    reviewers: list[User]
    officer: User


@pytest.fixture
def answered(officer, celery_eager, django_capture_on_commit_callbacks, mailoutbox) -> Setup:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    user = supplier_user(supplier=assessment.supplier, username="notify-sup")
    for code, value in (
        ("A1.1", True),
        ("A1.2", ["discharge"]),
        ("A1.4", "certified"),
        ("A2.1", 5),
        ("A1.3", [{"kind": "water", "number": "P-1"}]),
    ):
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name="p.png", user=user)
    reviewers = [
        staff_user(roles.REVIEWER, username="notify-rev1"),
        staff_user(roles.REVIEWER, username="notify-rev2"),
    ]
    mailoutbox.clear()  # the invitation
    return Setup(assessment=assessment, supplier_user=user, reviewers=reviewers, officer=officer)


def halves(body: str) -> tuple[str, str]:
    """The Chinese and the English half of a bilingual email."""
    chinese, english = body.split(SEPARATOR)
    return chinese, english
