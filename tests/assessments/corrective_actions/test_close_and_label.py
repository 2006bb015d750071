"""Closing a corrective action reconsiders only a suspended or expired label: a revoked label is
given back by a procurement admin alone, and an active one stays as it is (no second decision)."""

import datetime

import pytest
from django.utils import timezone

from assessments.corrective_actions import services as action_services
from assessments.labels import services as label_services
from assessments.models import CorrectiveAction, Event, GreenLabel, LabelDecision, Score
from core import roles
from tests.factories import (
    staff_user,
)

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 1)


def _label(assessment, status: str) -> GreenLabel:  # type: ignore[no-untyped-def]
    """A label of `status` on the assessment's final score, with its granting decision (written
    directly: the score does not meet the rules, as the label's may not have later)."""
    score = Score.objects.get(assessment=assessment, kind="final")
    rules = label_services.current_rules()
    label = GreenLabel.objects.create(
        supplier=assessment.supplier, status=status, assessment=assessment, score=score,
        rules=rules, granted_at=assessment.created_at, valid_until=datetime.date(2099, 1, 1),
    )  # fmt: skip
    LabelDecision.objects.create(
        supplier=assessment.supplier, kind="granted", assessment=assessment, score=score,
        rules=rules,
    )  # fmt: skip
    return label


def _close(assessment, user) -> CorrectiveAction:  # type: ignore[no-untyped-def]
    """Raise, answer with the fix that makes every rule hold, verify and close."""
    reviewer = staff_user(roles.REVIEWER, username="cl-rev")
    action = action_services.action_raise(
        assessment=assessment, title="No certified EMS", severity="high", due_on=DUE,
        raised_by=reviewer, question_code="A1.4",
    )  # fmt: skip
    action_services.action_respond(
        action=action, response="Certified.", files=[], user=user, improved_value="certified"
    )
    return action_services.corrective_action_verify_close(
        action=action, closed_by=reviewer, verified=True
    )


def _rules_hold(action: CorrectiveAction) -> None:
    """The close did rescore to a score that meets every rule: only the label's status stops
    the grant."""
    assert action.score_after is not None and action.score_after.overall > 80
    assert (
        label_services.label_check(
            assessment=action.assessment,
            score=action.score_after,
            rules=label_services.current_rules(),
            today=timezone.localdate(),
        )
        == []
    )


def test_a_revoked_label_is_not_given_back_by_closing_an_action(approved) -> None:
    assessment, user = approved
    _label(assessment, "active")
    admin = staff_user(roles.PROCUREMENT_ADMIN, username="cl-admin")
    label_services.label_revoke(supplier=assessment.supplier, reason="Falsified", revoked_by=admin)
    closed = _close(assessment, user)
    _rules_hold(closed)
    label = GreenLabel.objects.get(supplier=assessment.supplier)
    assert label.status == "revoked"
    assert list(LabelDecision.objects.order_by("id").values_list("kind", flat=True)) == [
        "granted",
        "revoked",
    ]
    assert closed.label_decision is None
    event = Event.objects.get(assessment=assessment, kind="action_closed")
    assert event.data["label"] == "" and event.data["label_failed"] == []
    # The admin gives it back deliberately, by granting it again.
    label_services.label_grant(
        supplier=assessment.supplier, assessment=assessment, granted_by=admin
    )
    assert GreenLabel.objects.get(supplier=assessment.supplier).status == "active"


def test_an_active_label_stays_as_it_is(approved) -> None:
    assessment, user = approved
    label = _label(assessment, "active")
    closed = _close(assessment, user)
    _rules_hold(closed)
    after = GreenLabel.objects.get(supplier=assessment.supplier)
    assert (after.status, after.score_id, after.granted_at, after.valid_until) == (
        "active",
        label.score_id,
        label.granted_at,
        label.valid_until,
    )
    assert list(LabelDecision.objects.values_list("kind", flat=True)) == ["granted"]
    assert closed.label_decision is None
    assert Event.objects.get(assessment=assessment, kind="action_closed").data["label"] == ""


def test_an_expired_label_is_granted_again(approved) -> None:
    assessment, user = approved
    _label(assessment, "expired")
    closed = _close(assessment, user)
    label = GreenLabel.objects.get(supplier=assessment.supplier)
    assert label.status == "active" and label.score == closed.score_after
    assert list(LabelDecision.objects.order_by("id").values_list("kind", flat=True)) == [
        "granted",
        "granted",
    ]
    assert closed.label_decision == LabelDecision.objects.latest("id")
