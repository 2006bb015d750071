"""A two-year programme, as a programme owner runs it (issue 18), through the API.

Year one (FY2025): suppliers A and B answer, submit, are reviewed and approved; B's answers
meet the label rules and B is granted the label, A's do not (A1.4 "no EMS": A1 scores 48, below
the area minimum; overall 65.35, below 70). Year two (FY2026) is based on year one: A finds
its answers carried forward, changes its permit table, confirms both areas, submits; the
reviewer accepts the unchanged answers of each area at once and sees the change old -> new.
A's permit expires next week: one reminder, however often the daily task runs. A corrective
action on A1.4, raised, answered, verified and closed over the API, rescores A (65.35 ->
81.35) and grants A the label. The trend shows both years, and every disclosure figure of both
periods equals a count made here from the rows this story wrote.

Real transactions (work after commit runs as it would), tasks in-process (`celery_eager`).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import (
    Assessment,
    Campaign,
    CorrectiveAction,
    EvidenceDocument,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Score,
    SentReminder,
    SpendLine,
)
from assessments.tasks import document_expiry_reminders_task
from core import roles
from suppliers.models import Region, Supplier
from tests.assessments.definitions import small_definition
from tests.factories import (
    PNG,
    QuestionnaireVersionFactory,
    SupplierFactory,
    api_token,
    staff_user,
    supplier_user,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LOCAL = datetime.timezone(datetime.timedelta(hours=8))  # Asia/Shanghai has no summer time
PERMITS_Y1 = [{"kind": "water", "number": "P-1"}]
PERMITS_Y2 = [{"kind": "water", "number": "P-1"}, {"kind": "air", "number": "P-2"}]
ANSWERS = {  # A1.4 differs: A has no certified EMS, B has
    "A1.1": True,
    "A1.2": ["discharge"],
    "A1.3": PERMITS_Y1,
    "A2.1": 5,
}


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content[:2000]
    return (
        response.json() if response.get("Content-Type", "").startswith("application/json") else None
    )


def _answers(client: APIClient, assessment_id: int) -> dict[str, dict[str, Any]]:
    body = _ok(client.get(f"/api/v1/assessments/{assessment_id}/"))
    return {answer["question_code"]: answer for answer in body["answers"]}


def _campaign(officer_api: APIClient, **fields: Any) -> dict[str, Any]:
    campaign = _ok(officer_api.post("/api/v1/campaigns/", fields, format="json"), 201)
    _ok(officer_api.post(f"/api/v1/campaigns/{campaign['id']}/launch/"))
    return campaign


def _answer_year_one(client: APIClient, assessment_id: int, *, ems: str, valid_until: Any) -> None:
    _ok(client.post(f"/api/v1/assessments/{assessment_id}/acknowledge/", {}, format="json"))
    for code, value in {**ANSWERS, "A1.4": ems}.items():
        _ok(client.put(f"/api/v1/assessments/{assessment_id}/answers/{code}/", {"value": value},
                       format="json"))  # fmt: skip
    _ok(
        client.post(
            f"/api/v1/assessments/{assessment_id}/evidence/",
            {
                "question_code": "A1.3",
                "file": SimpleUploadedFile(f"permit-{assessment_id}.png", PNG),
                "valid_from": "2024-01-01",
                "valid_until": valid_until.isoformat(),
            },
            format="multipart",
        ),
        201,
    )
    _ok(client.post(f"/api/v1/assessments/{assessment_id}/submit/", {"attestation": True},
                    format="json"))  # fmt: skip


def _accept_areas(reviewer: APIClient, assessment_id: int) -> None:
    for area in ("A1", "A2"):
        _ok(reviewer.post(f"/api/v1/assessments/{assessment_id}/review/accept-area/",
                          {"area": area}, format="json"))  # fmt: skip


# --- The disclosure figures, counted independently ------------------------------------------


def _percent(part: set[int], base: set[int]) -> Decimal | None:
    if not base:
        return None
    return (Decimal(len(part & base)) * 100 / len(base)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(LOCAL).date()


def expected_figures(period: int) -> dict[str, tuple[Any, set[int]]]:
    """Each figure's (value, suppliers) from the rows, read plainly (no app selector): the
    figure definitions of the Disclosures page, one by one."""
    start, end = datetime.date(period, 4, 1), datetime.date(period + 1, 3, 31)
    suppliers = list(Supplier.objects.all())
    of_period = [
        a
        for a in Assessment.objects.select_related("campaign")
        if start <= a.campaign.period_start <= end
    ]
    rules = LabelRules.objects.order_by("-version").first()
    assert rules is not None

    def final_score(assessment: Assessment) -> Score | None:
        return Score.objects.filter(assessment=assessment, kind="final").order_by("-id").first()

    new = {s.pk for s in suppliers if start <= _local_date(s.created_at) <= end}
    engaged = {a.supplier_id for a in of_period}
    assessed = {
        a.supplier_id
        for a in of_period
        if a.status in ("submitted", "returned", "approved", "rejected")
    }
    significant, clean = set(), set()
    for assessment in of_period:
        score = final_score(assessment) if assessment.status == "approved" else None
        if score is None:
            continue
        if score.critical_failures or (
            score.overall is not None and score.overall < rules.min_overall
        ):
            significant.add(assessment.supplier_id)
        elif score.overall is not None:
            clean.add(assessment.supplier_id)
    low_risk = clean - significant
    improvement = {
        action.assessment.supplier_id
        for action in CorrectiveAction.objects.select_related("assessment__campaign")
        if start <= action.assessment.campaign.period_start <= end
    }
    terminated = {
        s.pk
        for s in suppliers
        if s.relationship_ended_on is not None
        and start <= s.relationship_ended_on <= end
        and s.relationship_end_reason == "environmental"
    }
    registered = {
        s.pk
        for s in suppliers
        if s.status != "archived"
        and _local_date(s.created_at) <= end
        and (s.relationship_ended_on is None or s.relationship_ended_on >= start)
    }
    labelled = {
        d.supplier_id
        for d in LabelDecision.objects.filter(kind__in=["granted", "renewed"])
        if start <= _local_date(d.at) <= end
    }
    assert not SpendLine.objects.exists()  # no spend in this story: Category 1 is zero

    def share(part: set[int], base: set[int]) -> tuple[Any, set[int]]:
        return _percent(part, base), part & base

    def count(ids: set[int]) -> tuple[Any, set[int]]:
        return len(ids), ids

    figures = {
        "gri-308-1": share(new & assessed, new),
        "gri-308-2-a": count(assessed),
        "gri-308-2-b": count(significant),
        "gri-308-2-d": share(improvement, significant),
        "gri-308-2-e": share(terminated, significant),
        "hkex-b5.1-total": count(registered),
        "hkex-b5.2": count(engaged),
        "hkex-b5.4": count(labelled),
        "hkex-d-scope3-cat1": (Decimal(0), set()),
        "miit-x22": share(labelled, registered),
        "miit-x24": share(assessed, registered),
        "miit-x26": share(low_risk, registered),
    }
    regions = {s.pk: s.region for s in suppliers}
    for region in Region:
        figures[f"hkex-b5.1-{region.value}"] = count(
            {pk for pk in registered if regions[pk] == region.value}
        )
    return figures


def assert_disclosures(api: APIClient, period: int) -> dict[str, Any]:
    body = _ok(api.get(f"/api/v1/disclosures/?period={period}"))
    got = {figure["code"]: figure for figure in body["figures"]}
    expected = expected_figures(period)
    assert set(got) == set(expected)  # a new figure needs its own count here
    for code, (value, ids) in expected.items():
        figure = got[code]
        number = figure["value"]
        number = Decimal(str(number)) if isinstance(number, float) else number
        assert (code, number) == (code, value), figure
        assert (code, set(figure["suppliers"])) == (code, ids)
    return got


# --- The programme ----------------------------------------------------------------------------


def test_two_year_programme(celery_eager) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="prog-officer")
    reviewer_user = staff_user(roles.REVIEWER, username="prog-reviewer")
    approver_user = staff_user(roles.APPROVER, username="prog-approver")
    admin_user = staff_user(roles.PROCUREMENT_ADMIN, username="prog-admin")
    officer_api, reviewer, approver, admin = (
        _client(user) for user in (officer, reviewer_user, approver_user, admin_user)
    )
    a, b = SupplierFactory(country="CN"), SupplierFactory(country="HK")
    # A registered in year one (a new supplier of FY2025), B before it.
    Supplier.objects.filter(pk=a.pk).update(
        created_at=datetime.datetime(2025, 6, 1, 12, tzinfo=LOCAL)
    )
    Supplier.objects.filter(pk=b.pk).update(
        created_at=datetime.datetime(2024, 1, 1, 12, tzinfo=LOCAL)
    )
    user_a, user_b = (
        supplier_user(supplier=a, username="prog-a"),
        supplier_user(supplier=b, username="prog-b"),
    )
    supplier_a, supplier_b = _client(user_a), _client(user_b)
    definition = small_definition()
    next(q for q in definition["questions"] if q["code"] == "A1.3")["requires_validity"] = True
    version = QuestionnaireVersionFactory(definition=definition)

    # --- Year one: answered, reviewed, approved; a label where the rules hold -----------------
    year_one = _campaign(
        officer_api, name="FY2025", questionnaire_version=version.pk, period_start="2025-04-01",
        period_end="2026-03-31", due_on=(today + datetime.timedelta(days=60)).isoformat(),
        suppliers=[a.pk, b.pk],
    )  # fmt: skip
    one = {s.supplier_id: s.pk for s in Assessment.objects.filter(campaign_id=year_one["id"])}
    next_week = today + datetime.timedelta(days=7)
    _answer_year_one(supplier_a, one[a.pk], ems="none", valid_until=next_week)
    _answer_year_one(
        supplier_b, one[b.pk], ems="certified", valid_until=today + datetime.timedelta(days=400)
    )
    for supplier_id in (a.pk, b.pk):
        _accept_areas(reviewer, one[supplier_id])
        assert _ok(approver.post(f"/api/v1/assessments/{one[supplier_id]}/approve/"))["status"] == (
            "approved"
        )
    year_one_scores = {
        s: Score.objects.get(assessment_id=one[s], kind="final").overall for s in (a.pk, b.pk)
    }
    assert year_one_scores == {a.pk: Decimal("65.35"), b.pk: Decimal("81.35")}
    granted = approver.post(
        f"/api/v1/suppliers/{b.pk}/label/grant/", {"assessment": one[b.pk]}, format="json"
    )
    assert _ok(granted, 201)["status"] == "active"
    refused = approver.post(
        f"/api/v1/suppliers/{a.pk}/label/grant/", {"assessment": one[a.pk]}, format="json"
    )
    assert refused.status_code == 409
    assert {rule["rule"] for rule in refused.json()["failed_rules"]} == {"min_overall", "min_area"}

    # --- Year two: based on year one ----------------------------------------------------------
    year_two = _campaign(
        officer_api, name="FY2026", questionnaire_version=version.pk, period_start="2026-04-01",
        period_end="2027-03-31", due_on=(today + datetime.timedelta(days=90)).isoformat(),
        suppliers=[a.pk, b.pk], based_on=year_one["id"],
    )  # fmt: skip
    assert year_two["based_on"] == year_one["id"]
    two = {s.supplier_id: s.pk for s in Assessment.objects.filter(campaign_id=year_two["id"])}
    mine = two[a.pk]
    answers = _answers(supplier_a, mine)
    assert {code for code, answer in answers.items() if answer["carried_forward"]} == {
        "A1.1",
        "A1.2",
        "A1.3",
        "A1.4",
        "A2.1",
    }
    assert not any(answer["confirmed"] for answer in answers.values())
    assert answers["A1.4"]["value"] == "none" and answers["A2.1"]["value"] == "5"
    # The permit, still valid, came along with its dates.
    assert [(e["valid_from"], e["valid_until"]) for e in answers["A1.3"]["evidence"]] == [
        ("2024-01-01", next_week.isoformat())
    ]
    submit = supplier_a.post(f"/api/v1/assessments/{mine}/submit/", {"attestation": True},
                             format="json")  # fmt: skip
    assert submit.status_code == 400  # carried answers are confirmed first
    assert {item["question_code"] for item in submit.json()["missing"]} == {
        "A1.1", "A1.2", "A1.3", "A1.4", "A2.1",
    }  # fmt: skip

    # A adds a permit (one changed answer) and confirms the rest, area by area.
    _ok(supplier_a.post(f"/api/v1/assessments/{mine}/acknowledge/", {}, format="json"))
    changed = _ok(supplier_a.put(
        f"/api/v1/assessments/{mine}/answers/A1.3/",
        {"value": PERMITS_Y2, "revision": answers["A1.3"]["revision"]}, format="json",
    ))  # fmt: skip
    assert (changed["carried_forward"], changed["confirmed"]) == (False, True)
    confirmed_a1 = _ok(supplier_a.post(f"/api/v1/assessments/{mine}/areas/A1/confirm-carried/", {}))
    assert confirmed_a1 == {"area": "A1", "question_codes": ["A1.1", "A1.2", "A1.4"]}
    confirmed_a2 = _ok(supplier_a.post(f"/api/v1/assessments/{mine}/areas/A2/confirm-carried/", {}))
    assert confirmed_a2 == {"area": "A2", "question_codes": ["A2.1"]}
    answers = _answers(supplier_a, mine)
    assert all(answer["confirmed"] for answer in answers.values())
    assert _ok(supplier_a.post(f"/api/v1/assessments/{mine}/submit/", {"attestation": True},
                               format="json"))["status"] == "submitted"  # fmt: skip

    # The reviewer accepts the unchanged answers of each area at once; the change waits.
    accepted = [
        _ok(reviewer.post(f"/api/v1/assessments/{mine}/areas/{area}/accept-carried/"))
        for area in ("A1", "A2")
    ]
    assert accepted == [
        {"area": "A1", "question_codes": ["A1.1", "A1.2", "A1.4"]},
        {"area": "A2", "question_codes": ["A2.1"]},
    ]
    review_status = {code: answer["review_status"] for code, answer in
                     _answers(reviewer, mine).items()}  # fmt: skip
    assert review_status == {
        "A1.1": "accepted", "A1.2": "accepted", "A1.3": "pending", "A1.4": "accepted",
        "A2.1": "accepted",
    }  # fmt: skip
    staff_page = Client()
    staff_page.force_login(reviewer_user)
    html = staff_page.get(f"/campaigns/assessments/{mine}/?area=A1&show=all").content.decode()
    changed_block = html.split('data-testid="carried-A1.3"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "<del>P-1</del>" in changed_block and "→" in changed_block  # old ...
    assert "P-2" in html.split('data-testid="carried-A1.3"', 1)[1]  # ... -> new
    _ok(reviewer.post(f"/api/v1/assessments/{mine}/answers/A1.3/review/", {"accept": True},
                      format="json"))  # fmt: skip
    _ok(approver.post(f"/api/v1/assessments/{mine}/approve/"))
    before = Score.objects.filter(assessment_id=mine, kind="final").latest("id")
    assert before.overall == Decimal("65.35")

    # --- Improvement that counts: a corrective action verified and closed ---------------------
    raised = _ok(reviewer.post(
        f"/api/v1/assessments/{mine}/corrective-actions/",
        {"title": "No certified EMS", "severity": "high", "question_code": "A1.4",
         "due_on": (today + datetime.timedelta(days=30)).isoformat()},
        format="json",
    ), 201)  # fmt: skip
    action = CorrectiveAction.objects.get(pk=raised["id"], assessment_id=mine)
    responded = _ok(supplier_a.post(
        f"/api/v1/corrective-actions/{action.pk}/respond/",
        {"response": "ISO 14001 certified in June.", "improved_value": "certified"},
        format="json",
    ))  # fmt: skip
    assert responded["status"] == "responded"
    # Before the close, for period 2026: A has significant impacts and an improvement agreed.
    figures = assert_disclosures(officer_api, 2026)
    assert figures["gri-308-2-b"]["suppliers"] == [a.pk]
    assert figures["gri-308-2-d"]["value"] == 100.0
    closed = _ok(reviewer.post(
        f"/api/v1/corrective-actions/{action.pk}/verify-close/", {"verified": True},
        format="json",
    ))  # fmt: skip
    assert closed["status"] == "closed"
    assert Decimal(closed["score_before"]["overall"]) < Decimal(closed["score_after"]["overall"])
    action.refresh_from_db()
    after = Score.objects.filter(assessment_id=mine).latest("id")
    assert action.status == "closed" and action.score_before == before
    assert action.score_after == after and after.pk != before.pk
    assert before.overall < after.overall == Decimal("81.35")
    label = _ok(officer_api.get(f"/api/v1/suppliers/{a.pk}/label/"))
    assert label["status"] == "active" and label["assessment"] == mine
    assert [entry["kind"] for entry in label["history"]] == ["granted"]
    assert action.label_decision == LabelDecision.objects.get(supplier=a)

    # --- Documents that expire: A's permit (and its carried copy) next week -------------------
    mail.outbox.clear()
    permit_copies = EvidenceDocument.objects.filter(
        answer__assessment__supplier=a, valid_until=next_week
    )
    assert permit_copies.count() == 2  # year one's and the one carried into year two
    document_expiry_reminders_task()
    document_expiry_reminders_task()  # the next day's run, or a second beat: nothing new
    reminders = [m for m in mail.outbox if next_week.isoformat() in m.subject]
    assert len(reminders) == 1, [m.subject for m in mail.outbox]
    assert a.contact_email in reminders[0].to
    assert SentReminder.objects.filter(key__startswith="expiry:").count() == 1

    # --- GRI 308-2 e: B's relationship ends for environmental reasons ---------------------------
    _ok(admin.post(
        f"/api/v1/suppliers/{b.pk}/end-relationship/",
        {"relationship_ended_on": today.isoformat(), "relationship_end_reason": "environmental",
         "relationship_end_note": "Repeated spills"}, format="json",
    ))  # fmt: skip

    # --- The trend: both years ----------------------------------------------------------------
    trend = _ok(officer_api.get(f"/api/v1/suppliers/{a.pk}/trend/"))
    assert [(entry["period"], entry["assessment_id"], entry["overall"]) for entry in trend] == [
        (2025, one[a.pk], 65.35),
        (2026, mine, 81.35),
    ]
    assert trend[1]["label_status"] == "active"
    areas = {area["code"]: area["score"] for area in trend[1]["areas"]}
    assert areas["A1"] == 88.0

    # --- Disclosures: each figure equals its own count ------------------------------------------
    in_2025 = assert_disclosures(officer_api, 2025)
    figures = assert_disclosures(officer_api, 2026)
    # The story in words, so the counts above are not just the app's, mirrored:
    assert in_2025["gri-308-1"]["suppliers"] == [a.pk]  # A was new and assessed
    assert in_2025["gri-308-2-b"]["suppliers"] == [a.pk]  # 65.35 < 70
    assert sorted(in_2025["gri-308-2-a"]["suppliers"]) == sorted([a.pk, b.pk])
    assert figures["hkex-b5.4"]["suppliers"] == sorted([a.pk, b.pk])  # labels granted now
    assert figures["gri-308-2-b"]["value"] == 0 and figures["miit-x26"]["suppliers"] == [a.pk]
    assert figures["hkex-b5.1-hong_kong"]["suppliers"] == [b.pk]  # ended during the period
    assert Campaign.objects.get(pk=year_two["id"]).based_on_id == year_one["id"]
    assert GreenLabel.objects.get(supplier=a).status == "active"
