import datetime

import pytest
from rest_framework.test import APIClient

from assessments.errors import LabelRulesFailedError, LabelStateError
from assessments.labels import services as label_services
from assessments.models import Answer, CorrectiveAction, GreenLabel, LabelDecision, LabelRules
from assessments.review import services as review_services
from core import roles
from tests.factories import review_complete, staff_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def approved(submitted, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    assessment, _user = submitted
    review_complete(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="lbl-appr")
        )
    assessment.refresh_from_db()
    return assessment


def _rules(**changes: object) -> LabelRules:
    current = label_services.current_rules()
    fields = {f: getattr(current, f) for f in ("min_overall", "min_area", "not_assessed_area_passes",
              "forbid_critical_failures",
              "forbid_open_critical_actions", "forbid_expired_permits", "validity_months")}  # fmt: skip
    fields.update(changes)
    return LabelRules.objects.create(version=current.version + 1, **fields)


def _check(assessment):  # type: ignore[no-untyped-def]
    from assessments.scoring.selectors import latest_score

    failed = label_services.label_check(
        assessment=assessment,
        score=latest_score(assessment),
        rules=label_services.current_rules(),
        today=TODAY,
    )
    return {item.rule for item in failed}


def test_default_rules_are_documented_defaults() -> None:
    rules = label_services.current_rules()
    assert (rules.min_overall, rules.min_area, rules.validity_months) == (70, 50, 12)
    assert (
        rules.forbid_critical_failures
        and rules.forbid_open_critical_actions
        and rules.forbid_expired_permits
    )


def test_each_rule_can_fail(approved) -> None:
    assert _check(approved) == set()
    _rules(min_overall=95)
    assert _check(approved) == {"min_overall"}
    _rules(min_overall=70, min_area=80)  # A2 scores 76.92
    assert _check(approved) == {"min_area"}
    _rules(min_area=50)
    CorrectiveAction.objects.create(
        assessment=approved, title="Spill", severity="critical", due_on=TODAY
    )
    assert _check(approved) == {"open_critical_actions"}
    CorrectiveAction.objects.update(status="closed")
    Answer.objects.filter(assessment=approved, question__code="A1.3").update(
        value=[{"kind": "water", "number": "P-1", "expires_on": "2026-01-31"}]
    )
    assert _check(approved) == {"expired_permits"}


def test_grant_refuses_naming_the_rules_then_grants_and_renews(approved) -> None:
    approver = staff_user(roles.APPROVER, username="lbl-appr2")
    _rules(min_overall=95)
    with pytest.raises(LabelRulesFailedError) as excinfo:
        label_services.label_grant(
            supplier=approved.supplier, assessment=approved, granted_by=approver
        )
    assert [rule["rule"] for rule in excinfo.value.extra["failed_rules"]] == ["min_overall"]
    _rules(min_overall=70)
    label = label_services.label_grant(
        supplier=approved.supplier, assessment=approved, granted_by=approver
    )
    assert label.status == "active" and label.rules.version == 3
    assert (label.valid_until - label.granted_at.date()).days in range(364, 367)
    label_services.label_grant(supplier=approved.supplier, assessment=approved, granted_by=approver)
    kinds = list(LabelDecision.objects.values_list("kind", flat=True))
    assert kinds == ["granted", "renewed"]


def test_daily_review_expires_and_suspends_once(approved) -> None:
    approver = staff_user(roles.APPROVER, username="lbl-appr3")
    label = label_services.label_grant(
        supplier=approved.supplier, assessment=approved, granted_by=approver
    )
    after = label.valid_until + datetime.timedelta(days=1)
    assert label_services.labels_review(today=after) == {"expired": 1, "suspended": 0}
    assert label_services.labels_review(today=after) == {"expired": 0, "suspended": 0}
    assert GreenLabel.objects.get().status == "expired"
    label_services.label_grant(supplier=approved.supplier, assessment=approved, granted_by=approver)
    Answer.objects.filter(assessment=approved, question__code="A1.3").update(
        value=[
            {
                "kind": "water",
                "number": "P-1",
                "expires_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
            }
        ]
    )
    later = TODAY + datetime.timedelta(days=11)
    assert label_services.labels_review(today=later) == {"expired": 0, "suspended": 1}
    assert label_services.labels_review(today=later) == {"expired": 0, "suspended": 0}
    assert GreenLabel.objects.get().status == "suspended"
    assert LabelDecision.objects.filter(kind="suspended").count() == 1


def test_revoke_needs_a_reason(approved) -> None:
    admin = staff_user(roles.PROCUREMENT_ADMIN, username="lbl-admin")
    with pytest.raises(LabelStateError):
        label_services.label_revoke(supplier=approved.supplier, reason="x", revoked_by=admin)
    label_services.label_grant(
        supplier=approved.supplier,
        assessment=approved,
        granted_by=staff_user(roles.APPROVER, username="lbl-appr4"),
    )
    with pytest.raises(LabelStateError):
        label_services.label_revoke(supplier=approved.supplier, reason=" ", revoked_by=admin)
    assert (
        label_services.label_revoke(
            supplier=approved.supplier, reason="Fraud", revoked_by=admin
        ).status
        == "revoked"
    )


def test_label_api_and_green_filter(approved, api) -> None:
    supplier = approved.supplier
    approver = APIClient()
    approver.force_authenticate(staff_user(roles.APPROVER, username="lbl-appr5"))
    assert api.get(f"/api/v1/suppliers/{supplier.pk}/label/").json()["status"] == "none"
    assert (
        api.post(
            f"/api/v1/suppliers/{supplier.pk}/label/grant/",
            {"assessment": approved.pk},
            format="json",
        ).status_code
        == 403
    )
    _rules(min_overall=95)
    refused = approver.post(
        f"/api/v1/suppliers/{supplier.pk}/label/grant/", {"assessment": approved.pk}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["failed_rules"][0]["rule"] == "min_overall"
    _rules(min_overall=70)
    granted = approver.post(
        f"/api/v1/suppliers/{supplier.pk}/label/grant/", {"assessment": approved.pk}, format="json"
    )
    assert granted.status_code == 201 and granted.json()["status"] == "active"
    assert granted.json()["history"][0]["kind"] == "granted"
    assert [s["id"] for s in api.get("/api/v1/suppliers/?green=true").json()["results"]] == [
        supplier.pk
    ]
    assert supplier.pk not in [
        s["id"] for s in api.get("/api/v1/suppliers/?green=false").json()["results"]
    ]
    admin = APIClient()
    admin.force_authenticate(staff_user(roles.PROCUREMENT_ADMIN, username="lbl-admin2"))
    revoked = admin.post(
        f"/api/v1/suppliers/{supplier.pk}/label/revoke/", {"reason": "Fraud"}, format="json"
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert api.get("/api/v1/suppliers/?green=true").json()["count"] == 0


def test_label_on_supplier_pages_and_the_portal(approved, client) -> None:
    approver = staff_user(roles.APPROVER, username="lbl-web")
    client.force_login(approver)
    response = client.post(
        f"/campaigns/labels/{approved.supplier_id}/grant/", {"assessment": approved.pk}
    )
    assert response.status_code == 302
    detail = client.get(f"/suppliers/{approved.supplier_id}/").content.decode()
    assert 'data-testid="label-status"' in detail and "Active" in detail
    listing = client.get("/suppliers/?green=true").content.decode()
    assert f'data-testid="green-{approved.supplier_id}"' in listing
    from django.test import Client

    from assessments.models import Assessment

    supplier_client = Client()
    member = Assessment.objects.get(pk=approved.pk).supplier.memberships.first().user
    supplier_client.force_login(member)
    assert 'data-testid="portal-label"' in supplier_client.get("/portal/").content.decode()


def test_procurement_admins_save_label_rules_as_new_versions(client) -> None:
    admin = staff_user(roles.PROCUREMENT_ADMIN, username="rules-admin")
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="rules-off")
    form = {"min_overall": "75", "min_area": "55", "forbid_critical_failures": "on",
            "forbid_open_critical_actions": "on", "forbid_expired_permits": "on", "validity_months": "24"}  # fmt: skip
    client.force_login(officer)
    assert client.get("/campaigns/labels/rules/").status_code == 200
    assert client.post("/campaigns/labels/rules/", form).status_code == 403
    client.force_login(admin)
    assert (
        client.post("/campaigns/labels/rules/", {**form, "min_overall": "150"}).status_code == 400
    )
    assert client.post("/campaigns/labels/rules/", form).status_code == 302
    rules = label_services.current_rules()
    assert (rules.version, rules.min_overall, rules.validity_months) == (2, 75, 24)
    assert rules.not_assessed_area_passes is False  # an unticked box: the default
    assert LabelRules.objects.get(version=1).min_overall == 70  # the old version is untouched
    page = client.get("/campaigns/labels/rules/").content.decode()
    assert 'name="not_assessed_area_passes"' in page
    client.post("/campaigns/labels/rules/", {**form, "not_assessed_area_passes": "on"})
    rules = label_services.current_rules()
    assert (rules.version, rules.not_assessed_area_passes) == (3, True)
    assert LabelRules.objects.get(version=2).not_assessed_area_passes is False
    client.force_login(officer)  # read-only: the setting is stated
    page = client.get("/campaigns/labels/rules/").content.decode()
    assert 'data-testid="not-assessed-area-passes">yes<' in page
