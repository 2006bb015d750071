"""The label rules at their boundaries, each failing on its own (with the default rules: overall
at least 70, every area at least 50, an area not assessed does not pass, no failed critical
item, no open critical corrective action, no expired permit, approved and finally scored)."""

import datetime
from decimal import Decimal as D
from typing import Any

import pytest

from assessments.labels import services as label_services
from assessments.models import Assessment, CorrectiveAction, LabelRules, Score
from tests.factories import AnswerFactory, AssessmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def _area(code: str, score: str | None, **extra: Any) -> dict[str, Any]:
    """An area entry as `assessment_score` stores it."""
    return {
        "code": code,
        "score": None if score is None else float(score),
        "points": 0.0 if score is None else float(score),
        "max_points": 0.0 if score is None else 100.0,
        "weight": 1.0,
        "assessed": score is not None,
        **extra,
    }


@pytest.fixture
def campaign():  # type: ignore[no-untyped-def]
    return CampaignFactory(status="launched")


def _scored(
    campaign: Any,
    *,
    overall: str | None = "80",
    areas: list[dict[str, Any]] | None = None,
    critical_failures: tuple[str, ...] = (),
    status: str = "approved",
    kind: str | None = "final",
) -> Assessment:
    """An assessment of `campaign` at `status` with one score of `kind` (None: no score)."""
    assessment = AssessmentFactory(campaign=campaign, status=status)
    if kind is not None:
        Score.objects.create(
            assessment=assessment,
            kind=kind,
            overall=None if overall is None else D(overall),
            areas=areas if areas is not None else [_area("A1", "80"), _area("A2", "80")],
            questions=[],
            critical_failures=list(critical_failures),
            version_hash=assessment.version.content_hash,
        )
    return assessment


def _rules(**changes: Any) -> LabelRules:
    """A new version of the rules in force, with `changes`."""
    current = label_services.current_rules()
    fields = {
        f: getattr(current, f)
        for f in (
            "min_overall",
            "min_area",
            "not_assessed_area_passes",
            "forbid_critical_failures",
            "forbid_open_critical_actions",
            "forbid_expired_permits",
            "validity_months",
        )
    }
    return LabelRules.objects.create(version=current.version + 1, **{**fields, **changes})


def _failed(assessment: Assessment, rules: LabelRules | None = None) -> list[tuple[str, str]]:
    from assessments.scoring.selectors import latest_score

    failed = label_services.label_check(
        assessment=assessment,
        score=latest_score(assessment),
        rules=rules or label_services.current_rules(),
        today=TODAY,
    )
    return [(item.rule, item.detail) for item in failed]


def _rule_names(assessment: Assessment, rules: LabelRules | None = None) -> set[str]:
    return {rule for rule, _detail in _failed(assessment, rules)}


def test_the_defaults_these_boundaries_rest_on() -> None:
    rules = label_services.current_rules()
    assert (rules.min_overall, rules.min_area, rules.not_assessed_area_passes) == (70, 50, False)


@pytest.mark.parametrize(
    ("overall", "failed"),
    [("70.00", set()), ("70.01", set()), ("69.99", {"min_overall"}), ("0", {"min_overall"}),
     ("100", set()), (None, {"min_overall"})],
)  # fmt: skip
def test_overall_minimum_at_its_boundary(campaign, overall, failed) -> None:
    assert _rule_names(_scored(campaign, overall=overall)) == failed


@pytest.mark.parametrize(
    ("a2", "failed"),
    [("50.00", set()), ("50.01", set()), ("49.99", {"min_area"}), ("0", {"min_area"})],
)
def test_area_minimum_at_its_boundary(campaign, a2, failed) -> None:
    assessment = _scored(campaign, areas=[_area("A1", "90"), _area("A2", a2)])
    failures = _failed(assessment)
    assert {rule for rule, _detail in failures} == failed
    if failed:
        assert failures == [("min_area", f"Area A2 scores {float(a2)}, below 50.00.")]


def test_thresholds_follow_the_rules_version(campaign) -> None:
    assessment = _scored(campaign, overall="75", areas=[_area("A1", "60"), _area("A2", "75")])
    assert _rule_names(assessment) == set()
    assert _rule_names(assessment, _rules(min_overall=D("75.01"))) == {"min_overall"}
    assert _rule_names(assessment, _rules(min_overall=75, min_area=D("60.01"))) == {"min_area"}


@pytest.mark.parametrize(
    "a2",
    [
        _area("A2", None),  # stored with "assessed": false
        {"code": "A2", "score": None, "points": 0.0, "max_points": 0.0, "weight": 1.0},  # before
    ],
)
def test_an_area_not_assessed_fails_the_area_minimum_unless_the_rules_say_it_passes(
    campaign, a2
) -> None:
    assessment = _scored(campaign, areas=[_area("A1", "90"), a2])
    failures = _failed(assessment)
    assert [rule for rule, _detail in failures] == ["min_area"]
    assert "A2" in failures[0][1] and "not assessed" in failures[0][1]
    assert _rule_names(assessment, _rules(not_assessed_area_passes=True)) == set()


def test_a_zero_area_is_assessed_and_fails_whatever_the_not_assessed_setting(campaign) -> None:
    assessment = _scored(campaign, areas=[_area("A1", "90"), _area("A2", "0")])
    assert _failed(assessment, _rules(not_assessed_area_passes=True)) == [
        ("min_area", "Area A2 scores 0.0, below 50.00.")
    ]


def test_a_failed_critical_item_fails_on_its_own(campaign) -> None:
    assessment = _scored(campaign, critical_failures=("A1.1",))
    assert _failed(assessment) == [("critical_failures", "Critical items failed: A1.1.")]
    assert _rule_names(assessment, _rules(forbid_critical_failures=False)) == set()


@pytest.mark.parametrize(
    ("severity", "status", "failed"),
    [
        ("critical", "open", {"open_critical_actions"}),
        ("critical", "responded", {"open_critical_actions"}),  # answered is not closed
        ("critical", "closed", set()),
        ("high", "open", set()),
    ],
)
def test_an_open_critical_corrective_action_fails_on_its_own(
    campaign, severity, status, failed
) -> None:
    assessment = _scored(campaign)
    CorrectiveAction.objects.create(
        assessment=assessment, title="Spill", severity=severity, status=status, due_on=TODAY
    )
    assert _rule_names(assessment) == failed


def test_a_critical_action_on_an_earlier_assessment_of_the_supplier_counts(campaign) -> None:
    earlier = AssessmentFactory(status="approved")
    assessment = _scored(campaign)
    Assessment.objects.filter(pk=earlier.pk).update(supplier=assessment.supplier)
    CorrectiveAction.objects.create(
        assessment=earlier, title="Spill", severity="critical", due_on=TODAY
    )
    assert _rule_names(assessment) == {"open_critical_actions"}
    assert _rule_names(assessment, _rules(forbid_open_critical_actions=False)) == set()


@pytest.mark.parametrize(
    ("expires_on", "failed"),
    [
        (TODAY - datetime.timedelta(days=1), {"expired_permits"}),
        (TODAY, set()),  # valid through its last day
        (TODAY + datetime.timedelta(days=1), set()),
        (None, set()),
    ],
)
def test_an_expired_permit_fails_on_its_own(campaign, expires_on, failed) -> None:
    assessment = _scored(campaign)
    row = {"kind": "water", "number": "P-1"}
    if expires_on is not None:
        row["expires_on"] = expires_on.isoformat()
    AnswerFactory(assessment=assessment, question_code="A1.3", value=[row])
    failures = _failed(assessment)
    assert {rule for rule, _detail in failures} == failed
    if failed:
        assert failures[0][1] == f"Expired permits: A1.3: P-1 ({expires_on.isoformat()})."
        assert _rule_names(assessment, _rules(forbid_expired_permits=False)) == set()


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("submitted", "final"),
        ("submitted", "provisional"),
        ("approved", "provisional"),
        ("approved", None),
        ("rejected", "final"),
        ("returned", "provisional"),
    ],
)
def test_only_an_approved_finally_scored_assessment_can_pass(campaign, status, kind) -> None:
    # Everything else would pass: this rule fails on its own.
    assessment = _scored(campaign, status=status, kind=kind)
    assert _rule_names(assessment) == {"approved"}


def test_every_failing_rule_is_listed_together(campaign) -> None:
    assessment = _scored(
        campaign,
        overall="69.99",
        areas=[_area("A1", "49.99"), _area("A2", None)],
        critical_failures=("A1.1",),
    )
    CorrectiveAction.objects.create(
        assessment=assessment, title="Spill", severity="critical", due_on=TODAY
    )
    AnswerFactory(
        assessment=assessment,
        question_code="A1.3",
        value=[{"kind": "water", "number": "P-1", "expires_on": "2026-01-01"}],
    )
    assert [rule for rule, _detail in _failed(assessment)] == [
        "min_overall",
        "min_area",  # A1 below 50
        "min_area",  # A2 not assessed
        "critical_failures",
        "open_critical_actions",
        "expired_permits",
    ]


# From real scoring: answers saved, submitted, reviewed by one person, approved by another.


def _approved_through_review(officer: Any, capture: Any, answers: dict[str, Any], **version: Any):  # type: ignore[no-untyped-def]
    from assessments.answers.services import assessment_submit
    from assessments.review.services import assessment_approve
    from core import roles
    from tests.factories import (
        LaunchedAssessmentFactory,
        QuestionnaireVersionFactory,
        SavedAnswerFactory,
        UploadedEvidenceFactory,
        review_complete,
        staff_user,
        supplier_user,
    )

    extra = {"campaign__questionnaire_version": QuestionnaireVersionFactory(**version)}
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer, **extra)
    user = supplier_user(supplier=assessment.supplier, username="rules-sup")
    for code, value in answers.items():
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name="p.png", user=user)
    with capture(execute=True):
        assessment_submit(assessment=assessment, attestation=True, user=user)
    review_complete(assessment)
    with capture(execute=True):
        assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="rules-appr")
        )
    assessment.refresh_from_db()
    return assessment


ANSWERS = {
    "A1.1": True,
    "A1.2": ["discharge"],
    "A1.4": "certified",
    "A2.1": 5,
    "A1.3": [{"kind": "water", "number": "P-1"}],
}


def test_a_critical_item_failed_in_real_scoring_fails_the_label_on_its_own(
    officer, celery_eager, django_capture_on_commit_callbacks
) -> None:
    from assessments.errors import LabelRulesFailedError
    from assessments.scoring.selectors import latest_score
    from tests.factories import staff_user

    # A1.1 (critical) answered "no": A1 17 of 25 = 68, A2 10 of 13 = 76.92, overall 73.35.
    assessment = _approved_through_review(
        officer, django_capture_on_commit_callbacks, {**ANSWERS, "A1.1": False}
    )
    score = latest_score(assessment)
    assert score is not None and score.kind == "final"
    assert (score.overall, score.critical_failures) == (D("73.35"), ["A1.1"])
    assert _failed(assessment) == [("critical_failures", "Critical items failed: A1.1.")]
    with pytest.raises(LabelRulesFailedError) as excinfo:
        label_services.label_grant(
            supplier=assessment.supplier,
            assessment=assessment,
            granted_by=staff_user("approver", username="rules-appr2"),
        )
    assert [rule["rule"] for rule in excinfo.value.extra["failed_rules"]] == ["critical_failures"]


def _with_unassessable_area() -> dict[str, Any]:
    """The small questionnaire plus an area A3 whose only question shows above 1,000 MWh."""
    from tests.assessments.definitions import small_definition

    definition = small_definition()
    definition["areas"].append({"code": "A3", "title_en": "Water", "title_zh": "水", "weight": 1})
    definition["questions"].append(
        {"code": "A3.1", "area": "A3", "type": "yes_no", "text_en": "Do you meter water?",
         "text_zh": "是否计量用水？", "scoring": "yes_no", "max_points": 4, "points_yes": 4,
         "points_no": 0, "condition": {"question": "A2.1", "operator": "gt", "value": 1000}}
    )  # fmt: skip
    return definition


def test_an_area_not_assessed_in_real_scoring_is_shown_and_fails_the_area_minimum(
    officer, celery_eager, django_capture_on_commit_callbacks, client
) -> None:
    from django.test import Client
    from rest_framework.test import APIClient

    from assessments.scoring.selectors import latest_score
    from core import roles
    from tests.factories import staff_user

    assessment = _approved_through_review(
        officer, django_capture_on_commit_callbacks, ANSWERS, definition=_with_unassessable_area()
    )
    score = latest_score(assessment)
    assert score is not None
    a3 = next(area for area in score.areas if area["code"] == "A3")
    assert (a3["assessed"], a3["score"], a3["max_points"]) == (False, None, 0)
    # The overall skips A3: (88 x 1 + 76.92 x 1.5) / 2.5, as without the area.
    assert score.overall == D("81.35")
    failures = _failed(assessment)
    assert [rule for rule, _detail in failures] == ["min_area"]
    assert failures[0][1].startswith("Area A3 was not assessed")
    _rules(not_assessed_area_passes=True)
    assert _failed(assessment) == []

    reviewer = staff_user(roles.REVIEWER, username="rules-rev")
    client.force_login(reviewer)
    staff_page = client.get(f"/campaigns/assessments/{assessment.pk}/").content.decode()
    assert 'data-testid="area-score-A3" data-assessed="false"' in staff_page
    assert "Not assessed" in staff_page
    assert 'data-testid="area-score-A1" data-assessed="true">88' in staff_page
    supplier = Client()
    supplier.force_login(assessment.supplier.memberships.first().user)
    portal = supplier.get(f"/portal/assessments/{assessment.pk}/results/").content.decode()
    assert 'data-testid="area-score-A3" data-assessed="false"' in portal
    api = APIClient()
    api.force_authenticate(reviewer)
    areas = api.get(f"/api/v1/assessments/{assessment.pk}/score/").json()["areas"]
    assert [(area["code"], area["assessed"], area["score"]) for area in areas] == [
        ("A1", True, 88.0),
        ("A2", True, 76.92),
        ("A3", False, None),
    ]
