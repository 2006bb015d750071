"""An approved assessment whose A1.4 answer ("no EMS") keeps the label rules from holding, for
the corrective action tests: closing an action that improves A1.4 to "certified" rescores it."""

import pytest

from assessments.answers.services import assessment_submit
from assessments.review.services import assessment_approve
from core import roles
from tests.factories import (
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    UploadedEvidenceFactory,
    review_complete,
    staff_user,
    supplier_user,
)

# A1.4 answered "none" (0 of 10 points): A1 scores 12 of 25 = 48 (below the area minimum of 50),
# overall (48 x 1 + 76.92 x 1.5) / 2.5 = 65.35 (below 70): no label. With "certified" A1 scores
# 22 of 25 = 88 and overall (88 + 115.38) / 2.5 = 81.35: every rule holds.
ANSWERS = {
    "A1.1": True,
    "A1.2": ["discharge"],
    "A1.4": "none",
    "A2.1": 5,
    "A1.3": [{"kind": "water", "number": "P-1"}],
}


@pytest.fixture
def approved(officer, celery_eager, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    user = supplier_user(supplier=assessment.supplier, username="imp-sup")
    for code, value in ANSWERS.items():
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name="p.png", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, attestation=True, user=user)
    review_complete(assessment, staff_user(roles.REVIEWER, username="imp-rev0"))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="imp-appr")
        )
    assessment.refresh_from_db()
    return assessment, user
