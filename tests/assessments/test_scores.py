import pytest
from rest_framework.test import APIClient

from assessments.models import Score
from assessments.services import review as review_services
from suppliers import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_submission_scores_provisionally_and_approval_adds_a_final_score(
    submitted, django_capture_on_commit_callbacks
) -> None:
    assessment, _supplier_account = submitted
    provisional = Score.objects.get(assessment=assessment)
    assert provisional.kind == "provisional"
    # A1.1 yes 5/5, A1.2 discharge 3/6, A1.3 answered + evidence 4/4, A1.4 certified 10/10,
    # A2.1 = 5 MWh in band 0..100: 10/10; A2.2 (logistics text) unanswered 0/3.
    areas = {area["code"]: area for area in provisional.areas}
    assert (areas["A1"]["points"], areas["A1"]["max_points"]) == (22, 25)
    assert (areas["A2"]["points"], areas["A2"]["max_points"]) == (10, 13)
    assert float(provisional.overall) == pytest.approx((88 * 1 + 76.92 * 1.5) / 2.5, abs=0.01)
    approver = staff_user(roles.APPROVER, username="score-appr")
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(assessment=assessment, approver=approver)
    kinds = list(Score.objects.filter(assessment=assessment).values_list("kind", flat=True))
    assert sorted(kinds) == ["final", "provisional"]


def test_score_api_for_staff_and_for_the_supplier_once_approved(
    submitted, django_capture_on_commit_callbacks
) -> None:
    assessment, supplier_account = submitted
    staff = APIClient()
    staff.force_authenticate(staff_user(roles.REVIEWER, username="score-rev"))
    body = staff.get(f"/api/v1/assessments/{assessment.pk}/score/").json()
    assert body["kind"] == "provisional"
    assert {"code", "score", "points", "max_points", "weight"} <= set(body["areas"][0])
    assert {"code", "points", "max_points", "applicable", "reason"} <= set(body["questions"][0])
    reasons = {q["code"]: q["reason"] for q in body["questions"]}
    assert reasons["A1.2"] == "chose discharge" and reasons["A2.4"] == "does not apply"
    supplier = APIClient()
    supplier.force_authenticate(supplier_account)
    assert supplier.get(f"/api/v1/assessments/{assessment.pk}/score/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="score-appr2")
        )
    final = supplier.get(f"/api/v1/assessments/{assessment.pk}/score/").json()
    assert final["kind"] == "final" and final["critical_failures"] == []
