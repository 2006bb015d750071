"""Improvement that counts: a verified corrective action rescores at once and reconsiders the
label (issue 18)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from assessments.corrective_actions import services as action_services
from assessments.errors import ActionVerifyDeniedError, AssessmentStateError, ReviewInvalidError
from assessments.labels import services as label_services
from assessments.models import (
    Answer,
    CorrectiveAction,
    Event,
    GreenLabel,
    LabelDecision,
    Score,
)
from core import roles
from tests.factories import (
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 1)


def _area(score: Score, code: str) -> Decimal:
    return Decimal(str(next(area["score"] for area in score.areas if area["code"] == code)))


def _responded(assessment, user, reviewer, value="certified"):  # type: ignore[no-untyped-def]
    action = action_services.action_raise(
        assessment=assessment, title="No certified EMS", severity="high", due_on=DUE,
        raised_by=reviewer, question_code="A1.4",
    )  # fmt: skip
    return action_services.action_respond(
        action=action, response="Certified in June.", files=[], user=user, improved_value=value
    )


def test_verified_close_saves_the_fix_rescores_and_grants_the_label(
    approved, django_capture_on_commit_callbacks
) -> None:
    assessment, user = approved
    reviewer = staff_user(roles.REVIEWER, username="imp-rev")
    old = Score.objects.get(assessment=assessment, kind="final")
    assert old.overall == Decimal("65.35") and _area(old, "A1") == Decimal(48)
    assert label_services.label_check(
        assessment=assessment, score=old, rules=label_services.current_rules(),
        today=datetime.date(2026, 11, 1),
    )  # fmt: skip
    action = _responded(assessment, user, reviewer)
    assert action.proposed_value == "certified"
    # Sent, not yet saved: the answer changes only when the reviewer verifies the fix.
    assert Answer.objects.get(assessment=assessment, question__code="A1.4").value == "none"
    with django_capture_on_commit_callbacks(execute=True):
        closed = action_services.corrective_action_verify_close(
            action=action, closed_by=reviewer, verified=True
        )
    answer = Answer.objects.get(assessment=assessment, question__code="A1.4")
    assert answer.value == "certified" and answer.review_status == "accepted"
    new = Score.objects.filter(assessment=assessment).order_by("-id").first()
    assert new.pk != old.pk and new.kind == "final"
    assert new.overall == Decimal("81.35") and _area(new, "A1") == Decimal(88)
    old.refresh_from_db()  # the old record is kept as it was
    assert old.overall == Decimal("65.35")
    assert (closed.score_before, closed.score_after) == (old, new)
    label = GreenLabel.objects.get(supplier=assessment.supplier)
    assert label.status == "active" and label.score == new
    decision = LabelDecision.objects.get(supplier=assessment.supplier)
    assert decision.kind == "granted" and decision.score == new and decision.actor == reviewer
    assert closed.label_decision == decision and "No certified EMS" in decision.reason
    event = Event.objects.filter(assessment=assessment, kind="action_closed").get()
    assert event.data["verified"] is True and event.data["answer_updated"] is True
    assert (event.data["area"], event.data["area_before"], event.data["area_after"]) == (
        "A1",
        48.0,
        88.0,
    )
    assert (event.data["overall_before"], event.data["overall_after"]) == (65.35, 81.35)
    assert event.data["label"] == "granted"
    assert Event.objects.filter(
        assessment=assessment, kind="answer_saved", question_code="A1.4", actor=reviewer
    ).exists()


def test_a_suspended_label_is_reinstated(approved) -> None:
    assessment, user = approved
    reviewer = staff_user(roles.REVIEWER, username="imp-rev")
    old = Score.objects.get(assessment=assessment, kind="final")
    rules = label_services.current_rules()
    GreenLabel.objects.create(
        supplier=assessment.supplier, status="suspended", assessment=assessment, score=old,
        rules=rules, granted_at=assessment.created_at, valid_until=datetime.date(2099, 1, 1),
    )  # fmt: skip
    action = _responded(assessment, user, reviewer)
    action_services.corrective_action_verify_close(action=action, closed_by=reviewer, verified=True)
    assert GreenLabel.objects.get(supplier=assessment.supplier).status == "active"
    assert list(LabelDecision.objects.values_list("kind", flat=True)) == ["granted"]


def test_a_fix_that_is_not_enough_rescores_but_grants_nothing(approved) -> None:
    assessment, user = approved
    reviewer = staff_user(roles.REVIEWER, username="imp-rev")
    action = _responded(assessment, user, reviewer, value="none")
    closed = action_services.corrective_action_verify_close(
        action=action, closed_by=reviewer, verified=True
    )
    assert Score.objects.filter(assessment=assessment).count() == 3  # provisional, final, new
    assert closed.score_after.overall == closed.score_before.overall
    assert not GreenLabel.objects.exists() and not LabelDecision.objects.exists()
    event = Event.objects.get(assessment=assessment, kind="action_closed")
    assert "min_overall" in event.data["label_failed"]


def test_close_without_verification_or_by_a_non_reviewer_is_refused(approved) -> None:
    assessment, user = approved
    reviewer = staff_user(roles.REVIEWER, username="imp-rev")
    action = action_services.action_raise(
        assessment=assessment, title="No EMS", severity="high", due_on=DUE,
        raised_by=reviewer, question_code="A1.4",
    )  # fmt: skip
    with pytest.raises(AssessmentStateError):  # nothing answered: nothing to verify
        action_services.corrective_action_verify_close(
            action=action, closed_by=reviewer, verified=True
        )
    action_services.action_respond(
        action=action, response="Done.", files=[], user=user, improved_value="certified"
    )
    with pytest.raises(ReviewInvalidError):
        action_services.corrective_action_verify_close(
            action=action, closed_by=reviewer, verified=False
        )
    for other in (staff_user(roles.PROCUREMENT_OFFICER, username="imp-off"), user):
        with pytest.raises(ActionVerifyDeniedError):
            action_services.corrective_action_verify_close(
                action=action, closed_by=other, verified=True
            )
    action.refresh_from_db()
    assert action.status == "responded" and action.score_after is None
    assert Score.objects.filter(assessment=assessment).count() == 2
    assert Answer.objects.get(assessment=assessment, question__code="A1.4").value == "none"


def test_an_improved_answer_is_checked_as_an_answer(approved) -> None:
    assessment, user = approved
    reviewer = staff_user(roles.REVIEWER, username="imp-rev")
    with pytest.raises(ReviewInvalidError) as excinfo:
        _responded(assessment, user, reviewer, value="platinum")
    assert "improved_value" in excinfo.value.fields
    action = action_services.action_raise(
        assessment=assessment, title="General", severity="low", due_on=DUE, raised_by=reviewer
    )
    with pytest.raises(ReviewInvalidError):  # no question: no answer to improve
        action_services.action_respond(
            action=action, response="Done.", files=[], user=user, improved_value="x"
        )


def test_pages_show_before_and_after(approved) -> None:
    assessment, user = approved
    supplier = Client()
    supplier.force_login(user)
    reviewer_user = staff_user(roles.REVIEWER, username="imp-rev")
    action = action_services.action_raise(
        assessment=assessment, title="No certified EMS", severity="high", due_on=DUE,
        raised_by=reviewer_user, question_code="A1.4",
    )  # fmt: skip
    page = supplier.get(f"/portal/actions/{action.pk}/").content.decode()
    assert 'name="improved_value"' in page
    bad = supplier.post(
        f"/portal/actions/{action.pk}/", {"response": "Done", "improved_value": "platinum"}
    )
    assert bad.status_code == 400
    sent = supplier.post(
        f"/portal/actions/{action.pk}/", {"response": "Done", "improved_value": "certified"}
    )
    assert sent.status_code == 302
    reviewer = Client()
    reviewer.force_login(reviewer_user)
    detail = reviewer.get(f"/campaigns/actions/{action.pk}/").content.decode()
    assert 'data-testid="verify-form"' in detail and "ISO 14001 certified" in detail
    refused = reviewer.post(f"/campaigns/actions/{action.pk}/decide/", {"decision": "close"})
    assert refused.status_code == 302
    action.refresh_from_db()
    assert action.status == "responded"
    reviewer.post(
        f"/campaigns/actions/{action.pk}/decide/",
        {"decision": "close", "verified": "1", "next": "action"},
    )
    action.refresh_from_db()
    assert action.status == "closed"
    detail = reviewer.get(f"/campaigns/actions/{action.pk}/").content.decode()
    assert 'data-testid="improvement-area"' in detail
    assert "48.0" in detail and "88.0" in detail and "65.4" in detail and "81.4" in detail
    assert 'data-testid="improvement-label"' in detail
    staff_page = reviewer.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert "48.0 → 88.0" in staff_page and "65.4 → 81.4" in staff_page
    officer = Client()
    officer.force_login(staff_user(roles.PROCUREMENT_OFFICER, username="imp-off"))
    assert (
        officer.post(
            f"/campaigns/actions/{action.pk}/decide/", {"decision": "close", "verified": "1"}
        ).status_code
        == 403
    )
    assert officer.get(f"/campaigns/actions/{action.pk}/").status_code == 200
    stranger = Client()
    stranger.force_login(supplier_user(username="imp-stranger"))
    assert stranger.get(f"/campaigns/actions/{action.pk}/").status_code in (302, 403, 404)
    assert CorrectiveAction.objects.get().proposed_value == "certified"
