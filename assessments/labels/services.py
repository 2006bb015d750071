"""The green supplier label: checked against the rules; granted, expired, suspended, revoked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.errors import LabelRulesFailedError, LabelStateError
from assessments.models import (
    Assessment,
    CorrectiveAction,
    EvidenceDocument,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Score,
)
from assessments.questionnaires.selectors import version_load
from assessments.scoring.selectors import latest_score
from assessments.tasks import notification_label_task
from suppliers.models import Supplier


@dataclass(frozen=True)
class FailedRule:
    rule: str
    detail: str


def _decision_record(**fields: Any) -> LabelDecision:
    """Every label decision is written here; the supplier is told once it commits."""
    decision = LabelDecision.objects.create(**fields)
    transaction.on_commit(lambda: notification_label_task.delay(decision.pk))
    return decision


def current_rules() -> LabelRules:
    rules = LabelRules.objects.in_force()
    if rules is None:
        rules = LabelRules.objects.create(version=1)
    return rules


@transaction.atomic
def label_rules_update(*, created_by: User | None, **values: Any) -> LabelRules:
    """A change of the rules is a new version; decisions already taken keep theirs."""
    latest = LabelRules.objects.select_for_update().order_by("-version").first()
    rules = LabelRules(
        version=(latest.version if latest else 0) + 1, created_by=created_by, **values
    )
    rules.full_clean()
    rules.save()
    return rules


def expired_permits(assessment: Assessment, today: datetime.date) -> list[str]:
    """Permits whose date has passed: in the answers (table columns `expires_on`), and the
    documents on questions that ask for a permit or certificate (`requires_validity`) valid
    until a passed date (current ones the reviewer did not reject)."""
    found = []
    answers = assessment.answers.select_related("question").filter(question__type="table")
    for answer in answers:
        for row in answer.value or []:
            if not isinstance(row, dict):
                continue
            value = row.get("expires_on")
            try:
                expires = datetime.date.fromisoformat(str(value)) if value else None
            except ValueError:
                expires = None
            if expires is not None and expires < today:
                label = row.get("number") or row.get("permit_number") or answer.question.code
                found.append(f"{answer.question.code}: {label} ({expires.isoformat()})")
    # Read only where the version asks for validity (its content is in memory): no query else.
    if not any(
        question.requires_validity for question in version_load(assessment.version).questions
    ):
        return found
    documents = (
        EvidenceDocument.objects.filter(
            answer__assessment=assessment,
            answer__question__requires_validity=True,
            valid_until__lt=today,
        )
        .exclude(review_status=EvidenceDocument.ReviewStatus.REJECTED)
        .select_related("answer__question")
        .order_by("answer__question__order", "valid_until", "pk")
    )
    for document in documents:
        assert document.valid_until is not None
        found.append(
            f"{document.answer.question.code}: {document.original_name} "
            f"({document.valid_until.isoformat()})"
        )
    return found


def label_check(
    *, assessment: Assessment, score: Score | None, rules: LabelRules, today: datetime.date
) -> list[FailedRule]:
    """Every rule the assessment fails; [] means the label may be granted."""
    failed: list[FailedRule] = []
    if (
        assessment.status != Assessment.Status.APPROVED
        or score is None
        or score.kind != Score.Kind.FINAL
    ):
        failed.append(
            FailedRule("approved", _("The assessment must be approved and finally scored."))
        )
        return failed
    if score.overall is None or score.overall < rules.min_overall:
        failed.append(
            FailedRule(
                "min_overall",
                _("Overall score %(score)s is below %(min)s.")
                % {"score": score.overall, "min": rules.min_overall},
            )
        )
    for area in score.area_results:
        if not area["assessed"]:
            if not rules.not_assessed_area_passes:
                failed.append(
                    FailedRule(
                        "min_area",
                        _(
                            "Area %(area)s was not assessed (nothing in it applies); these "
                            "rules do not count that as reaching the minimum of %(min)s."
                        )
                        % {"area": area["code"], "min": rules.min_area},
                    )
                )
            continue
        if Decimal(str(area["score"])) < rules.min_area:
            failed.append(
                FailedRule(
                    "min_area",
                    _("Area %(area)s scores %(score)s, below %(min)s.")
                    % {"area": area["code"], "score": area["score"], "min": rules.min_area},
                )
            )
    if rules.forbid_critical_failures and score.critical_failures:
        failed.append(
            FailedRule(
                "critical_failures",
                _("Critical items failed: %(codes)s.")
                % {"codes": ", ".join(score.critical_failures)},
            )
        )
    if rules.forbid_open_critical_actions:
        open_actions = CorrectiveAction.objects.filter(
            assessment__supplier=assessment.supplier,
            severity=CorrectiveAction.Severity.CRITICAL,
        ).exclude(status=CorrectiveAction.Status.CLOSED)
        if open_actions.exists():
            failed.append(
                FailedRule(
                    "open_critical_actions",
                    _("Critical corrective actions are still open: %(titles)s.")
                    % {"titles": "; ".join(open_actions.values_list("title", flat=True)[:5])},
                )
            )
    if rules.forbid_expired_permits:
        permits = expired_permits(assessment, today)
        if permits:
            failed.append(
                FailedRule(
                    "expired_permits",
                    _("Expired permits: %(permits)s.") % {"permits": "; ".join(permits)},
                )
            )
    return failed


@transaction.atomic
def label_grant(
    *, supplier: Supplier, assessment: Assessment, granted_by: User, reason: str = ""
) -> GreenLabel:
    """Grant (or renew) the label when every current rule holds; otherwise say which fail."""
    if assessment.supplier_id != supplier.pk:
        raise LabelStateError(_("This assessment is of another supplier."))
    rules = current_rules()
    score = latest_score(assessment)
    today = timezone.localdate()
    failed = label_check(assessment=assessment, score=score, rules=rules, today=today)
    if failed:
        raise LabelRulesFailedError(
            _("The label rules do not hold: %(count)s rule(s) fail.") % {"count": len(failed)},
            failed_rules=[{"rule": item.rule, "detail": item.detail} for item in failed],
        )
    assert score is not None
    existing = GreenLabel.objects.select_for_update().filter(supplier=supplier).first()
    kind = (
        LabelDecision.Kind.RENEWED
        if existing is not None and existing.status == GreenLabel.Status.ACTIVE
        else LabelDecision.Kind.GRANTED
    )
    label = existing or GreenLabel(supplier=supplier)
    label.status = GreenLabel.Status.ACTIVE
    label.assessment = assessment
    label.score = score
    label.rules = rules
    label.granted_at = timezone.now()
    label.valid_until = today + relativedelta(months=rules.validity_months)
    label.save()
    _decision_record(
        supplier=supplier,
        kind=kind,
        actor=granted_by,
        reason=reason,
        assessment=assessment,
        score=score,
        rules=rules,
    )
    return label


@transaction.atomic
def label_revoke(*, supplier: Supplier, reason: str, revoked_by: User) -> GreenLabel:
    label = GreenLabel.objects.select_for_update().filter(supplier=supplier).first()
    if label is None or label.status == GreenLabel.Status.REVOKED:
        raise LabelStateError(_("This supplier holds no label to revoke."))
    if not reason.strip():
        raise LabelStateError(
            _("Give the reason for revoking the label."), fields={"reason": [_("Required.")]}
        )
    label.status = GreenLabel.Status.REVOKED
    label.save()
    _decision_record(
        supplier=supplier,
        kind=LabelDecision.Kind.REVOKED,
        actor=revoked_by,
        reason=reason.strip(),
        assessment=label.assessment,
        score=label.score,
        rules=label.rules,
    )
    return label


def _scheduled(label: GreenLabel, kind: str, key: str, reason: str) -> bool:
    """Record a scheduled decision once; False when another run recorded it already."""
    try:
        with transaction.atomic():
            _decision_record(
                supplier=label.supplier,
                kind=kind,
                reason=reason,
                key=key,
                assessment=label.assessment,
                score=label.score,
                rules=label.rules,
            )
    except IntegrityError:
        return False
    return True


def labels_review(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: expire labels past their validity; suspend a label whose permit has expired."""
    today = today or timezone.localdate()
    counts = {"expired": 0, "suspended": 0}
    for label in GreenLabel.objects.filter(status=GreenLabel.Status.ACTIVE).select_related(
        "supplier", "assessment__version"
    ):
        if label.valid_until < today:
            if _scheduled(label, LabelDecision.Kind.EXPIRED, f"expired:{label.valid_until}", ""):
                GreenLabel.objects.filter(pk=label.pk, status=GreenLabel.Status.ACTIVE).update(
                    status=GreenLabel.Status.EXPIRED
                )
                counts["expired"] += 1
            continue
        permits = expired_permits(label.assessment, today)
        if permits and _scheduled(
            label,
            LabelDecision.Kind.SUSPENDED,
            f"permit:{label.granted_at:%Y%m%d%H%M%S}",
            _("Permit expired: %(permits)s") % {"permits": "; ".join(permits)},
        ):
            GreenLabel.objects.filter(pk=label.pk, status=GreenLabel.Status.ACTIVE).update(
                status=GreenLabel.Status.SUSPENDED
            )
            counts["suspended"] += 1
    return counts


def label_status(supplier: Supplier) -> dict[str, Any]:
    label = GreenLabel.objects.filter(supplier=supplier).first()
    return {
        "status": label.status if label is not None else "none",
        "granted_at": label.granted_at if label is not None else None,
        "valid_until": label.valid_until if label is not None else None,
        "assessment": label.assessment_id if label is not None else None,
        "history": [
            {
                "kind": decision.kind,
                "at": decision.at,
                "by": decision.actor.get_username() if decision.actor else None,
                "reason": decision.reason,
                "assessment": decision.assessment_id,
                "score": float(decision.score.overall)
                if decision.score and decision.score.overall is not None
                else None,
                "rules_version": decision.rules.version if decision.rules else None,
            }
            for decision in LabelDecision.objects.filter(supplier=supplier).select_related(
                "actor", "score", "rules"
            )
        ],
    }
