import pytest
from rest_framework.test import APIClient

from assessments.models import Score
from assessments.review import services as review_services
from core import roles
from tests.factories import review_complete, staff_user

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
    review_complete(assessment)
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
    review_complete(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="score-appr2")
        )
    final = supplier.get(f"/api/v1/assessments/{assessment.pk}/score/").json()
    assert final["kind"] == "final" and final["critical_failures"] == []


def test_rescoring_adds_records_and_shows_before_and_after(
    submitted, django_capture_on_commit_callbacks
) -> None:
    from django.test import Client

    from assessments.models import RescoringJob

    assessment, _user = submitted
    reviewer = Client()
    reviewer.force_login(staff_user(roles.REVIEWER, username="rescore-rev"))
    # After the provisional score, the reviewer rejects the permit scan: A1.3 loses its credit.
    from assessments.models import EvidenceDocument
    from assessments.review.services import evidence_review

    evidence_review(
        document=EvidenceDocument.objects.get(answer__assessment=assessment),
        accept=False,
        reason="Unreadable",
        reviewer=staff_user(roles.REVIEWER, username="rescore-rev2"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(f"/campaigns/{assessment.campaign_id}/rescore/")
    job = RescoringJob.objects.get()
    assert response.url == f"/campaigns/rescoring/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.total, job.processed) == ("succeeded", 1, 1)
    row = job.results[0]
    assert row["before"] > row["after"]
    assert Score.objects.filter(assessment=assessment).count() == 2  # nothing overwritten
    page = reviewer.get(response.url).content.decode()
    assert 'data-status="succeeded"' in page and str(row["after"]) in page
    assert reviewer.post(f"/campaigns/{assessment.campaign_id}/rescore/").status_code == 302
    officer = Client()
    officer.force_login(staff_user(roles.PROCUREMENT_OFFICER, username="rescore-off"))
    assert officer.post(f"/campaigns/{assessment.campaign_id}/rescore/").status_code == 403


def test_supplier_sees_scores_and_path_to_green_once_approved(
    submitted, django_capture_on_commit_callbacks
) -> None:
    from django.test import Client

    assessment, supplier_account = submitted
    client = Client()
    client.force_login(supplier_account)
    assert (
        'data-testid="path-to-green"'
        not in client.get(f"/portal/assessments/{assessment.pk}/").content.decode()
    )
    review_complete(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="ptg-appr")
        )
    overview = client.get(f"/portal/assessments/{assessment.pk}/").content.decode()
    assert 'data-testid="go-results"' in overview  # the results have their own page
    page = client.get(f"/portal/assessments/{assessment.pk}/results/").content.decode()
    assert 'data-testid="path-to-green"' in page and 'data-testid="area-A1"' in page
    # A1.2 chose "discharge" (3 of 6 points) and A2.2 was not answered (0 of 3): both listed.
    assert 'data-testid="action-A1.2"' in page and 'data-testid="action-A2.2"' in page


def _question(score: Score, code: str) -> dict:  # type: ignore[type-arg]
    return next(q for q in score.questions if q["code"] == code)


def test_a_final_score_counts_only_accepted_evidence_a_provisional_one_says_pending(
    submitted,
) -> None:
    from assessments.models import EvidenceDocument
    from assessments.review.services import evidence_review
    from assessments.scoring.services import assessment_score

    assessment, _user = submitted
    provisional = Score.objects.get(assessment=assessment)
    # The permit list (A1.3, 4 points) rests on a document still pending review.
    assert _question(provisional, "A1.3") == {
        "code": "A1.3", "area": "A1", "points": 4.0, "max_points": 4.0, "applicable": True,
        "reason": "answered; evidence pending review", "pending_review": True,
        # The answer as scored, kept for the audit workbook (issue 17).
        "visible": True, "value": [{"expires_on": None, "kind": "water", "number": "P-1"}],
        "not_applicable": False, "queried": False, "evidence": ["pending"],
    }  # fmt: skip
    assert provisional.pending_review_codes == ["A1.3"]
    final = assessment_score(assessment_id=assessment.pk, kind="final")
    assert (
        _question(final, "A1.3")["points"] == 0 and not _question(final, "A1.3")["pending_review"]
    )
    assert "pending review does not count in a final score" in _question(final, "A1.3")["reason"]
    # A1: 18 of 25 = 72 (A1.3 also a critical-if-applicable item earning nothing).
    assert {a["code"]: a["score"] for a in final.areas}["A1"] == 72.0
    assert final.critical_failures == ["A1.3"]
    evidence_review(
        document=EvidenceDocument.objects.get(answer__assessment=assessment),
        accept=True,
        reason="",
        reviewer=staff_user(roles.REVIEWER, username="ev-rev"),
    )
    accepted = assessment_score(assessment_id=assessment.pk, kind="final")
    assert (_question(accepted, "A1.3")["points"], _question(accepted, "A1.3")["reason"]) == (
        4.0,
        "answered",
    )
    assert accepted.critical_failures == [] and accepted.pending_review_codes == []


def test_a_queried_answer_earns_nothing_until_resolved(submitted) -> None:
    from assessments.models import Answer
    from assessments.review.services import answer_review
    from assessments.scoring.services import assessment_score

    assessment, _user = submitted
    reviewer = staff_user(roles.REVIEWER, username="q-rev")
    answer = Answer.objects.get(assessment=assessment, question__code="A1.4")
    answer_review(answer=answer, accept=False, comment="Which certificate?", reviewer=reviewer)
    queried = assessment_score(assessment_id=assessment.pk, kind="provisional")
    assert (_question(queried, "A1.4")["points"], _question(queried, "A1.4")["reason"]) == (
        0.0,
        "chose certified, queried by the reviewer: earns nothing until resolved",
    )
    assert {a["code"]: a["points"] for a in queried.areas}["A1"] == 12.0  # 22 - 10
    answer_review(answer=answer, accept=True, comment="", reviewer=reviewer)
    resolved = assessment_score(assessment_id=assessment.pk, kind="provisional")
    assert _question(resolved, "A1.4")["points"] == 10.0


def test_the_staff_page_says_what_a_provisional_score_counts(submitted, client) -> None:
    assessment, _user = submitted
    client.force_login(staff_user(roles.REVIEWER, username="page-rev"))
    page = client.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert 'data-testid="provisional-note"' in page
    assert 'data-testid="pending-review"' in page and "A1.3" in page
    assert "answered; evidence pending review" in page  # the question's reason
