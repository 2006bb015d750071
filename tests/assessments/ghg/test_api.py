"""GET /api/v1/assessments/{id}/ghg/: computed now from the current answers, for staff who may
view assessments and for the supplier itself; save-time warnings for lines not computed."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from rest_framework.test import APIClient

from assessments.questionnaires.services import default_questionnaire_load
from core import roles
from tests.factories import (
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    UserFactory,
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db


def _row(kind: str, quantity: str, unit: str, **extra: str) -> dict[str, str]:
    return {"energy_type": kind, "quantity": quantity, "unit": unit, "data_quality": "metered",
            **extra}  # fmt: skip


@pytest.fixture
def answered(officer):  # type: ignore[no-untyped-def]
    assessment = LaunchedAssessmentFactory(
        campaign__questionnaire_version=default_questionnaire_load(), campaign__created_by=officer,
        campaign__send_invitations=False,
    )  # fmt: skip
    user = supplier_user(supplier=assessment.supplier, username="ghg-supplier")
    SavedAnswerFactory(assessment=assessment, question_code="A2.1", user=user, value=[
        _row("purchased_electricity", "200", "MWh"),  # 114.06, scope 2
        _row("diesel", "1000", "L", use="mobile"),  # 2.717766324, scope 1
        _row("other_fuel", "3", "t", notes="biomass pellets"),  # not computed
    ])  # fmt: skip
    SavedAnswerFactory(assessment=assessment, question_code="A2.11", user=user, value="10")
    return assessment, user


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_staff_get_the_calculation_with_exactly_the_published_keys(answered) -> None:  # type: ignore[no-untyped-def]
    assessment, _user = answered
    reviewer = staff_user(roles.REVIEWER, username="ghg-rev")
    body = _client(reviewer).get(f"/api/v1/assessments/{assessment.pk}/ghg/").json()
    assert set(body) == {"scope_1", "scope_2", "memo_non_kyoto", "revenue_rmb_million",
                         "intensity", "factor_set", "lines"}  # fmt: skip
    assert body["scope_2"] == pytest.approx(114.06)
    assert body["scope_1"] == pytest.approx(2.717766324)  # the other fuel is not a zero in it
    assert body["memo_non_kyoto"] == 0 and body["revenue_rmb_million"] == 10
    assert body["intensity"] == pytest.approx(float((D("114.06") + D("2.717766324")) / 10))
    assert body["factor_set"] == 2
    electricity, diesel, other = body["lines"]
    assert set(electricity) == {"source", "quantity", "unit", "factor", "factor_source",
                                "result", "computed"}  # fmt: skip
    assert diesel["source"] == "diesel:mobile" and "Table 3.2.2" in diesel["factor_source"]
    assert other == {
        "source": "other_fuel", "quantity": 3.0, "unit": "t", "factor": None,
        "factor_source": "", "result": 0.0, "computed": False,
        "reason": "No emission factor for this energy type: not counted in the totals.",
    }  # fmt: skip


def test_the_supplier_sees_its_own_while_answering_and_not_another_suppliers(answered) -> None:  # type: ignore[no-untyped-def]
    assessment, user = answered
    response = _client(user).get(f"/api/v1/assessments/{assessment.pk}/ghg/")
    assert response.status_code == 200 and response.json()["scope_2"] == pytest.approx(114.06)
    stranger = supplier_user(username="ghg-stranger")
    assert _client(stranger).get(f"/api/v1/assessments/{assessment.pk}/ghg/").status_code == 404


def test_staff_without_view_assessment_and_anonymous_are_refused(answered) -> None:  # type: ignore[no-untyped-def]
    assessment, _user = answered
    user = UserFactory(username="ghg-registry-only")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="suppliers", codename="view_supplier")
    )
    assert _client(user).get(f"/api/v1/assessments/{assessment.pk}/ghg/").status_code == 403
    assert APIClient().get(f"/api/v1/assessments/{assessment.pk}/ghg/").status_code in (401, 403)
    staff = _client(staff_user(roles.AUDITOR, username="ghg-aud"))
    assert staff.get("/api/v1/assessments/999999/ghg/").status_code == 404


def test_the_answer_save_api_warns_of_a_line_that_cannot_be_computed(answered) -> None:  # type: ignore[no-untyped-def]
    assessment, user = answered
    client = _client(user)
    url = f"/api/v1/assessments/{assessment.pk}/answers/A2.1/"
    response = client.put(url, {"value": [_row("diesel", "5", "t"), _row("other_fuel", "2", "t")]},
                          format="json")  # fmt: skip
    assert response.status_code == 200
    assert response.json()["warnings"] == [
        "Row 2: GreenGate has no emission factor for Other fuel (name it in the notes), so this "
        "row is not counted in your Scope 1 and 2 emissions; the reviewer sees it flagged. Name "
        "the fuel in the notes."
    ]
    clean = client.put(url, {"value": [_row("diesel", "5", "t")]}, format="json")
    assert clean.json()["warnings"] == []
    refused = client.put(url, {"value": [_row("diesel", "5", "m3")]}, format="json")
    assert refused.status_code == 400
    assert "Row 1: m³ is not a unit of Diesel; use L, kg, t or GJ." in str(refused.json())
    other = client.put(f"/api/v1/assessments/{assessment.pk}/answers/A2.11/", {"value": "12"},
                       format="json")  # fmt: skip
    assert other.json()["warnings"] == []


def test_the_portal_tells_the_supplier_after_saving_the_area(answered) -> None:  # type: ignore[no-untyped-def]
    from assessments.ghg.selectors import ghg_save_warnings

    assessment, user = answered
    warnings = ghg_save_warnings(assessment=assessment, question_codes={"A2.1", "A1.1"})
    assert len(warnings) == 1 and warnings[0].startswith("Row 3: GreenGate has no emission")
    assert ghg_save_warnings(assessment=assessment, question_codes={"A1.1"}) == []
    client = Client()
    client.force_login(user)
    assessment.code_acknowledged_at = assessment.created_at
    assessment.save(update_fields=["code_acknowledged_at"])
    page = client.get(f"/portal/assessments/{assessment.pk}/areas/A2/")
    assert page.status_code == 200
    form = {key: value for key, value in _form_fields(page.content.decode()).items()}
    form["q-A2.1-2-quantity"] = "4"  # change the other fuel row so the table is saved
    response = client.post(f"/portal/assessments/{assessment.pk}/areas/A2/", form, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith("Row 3: GreenGate has no emission factor") for message in messages
    )


def _form_fields(html: str) -> dict[str, str]:
    """The named inputs and selected options of the page, as a browser would post them."""
    from html.parser import HTMLParser

    fields: dict[str, str] = {}

    class Parser(HTMLParser):
        select: str | None = None

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            data = dict(attrs)
            name = data.get("name")
            if tag == "input" and name and data.get("type") not in ("checkbox", "file", "submit"):
                fields[name] = data.get("value") or ""
            elif tag == "input" and name and data.get("type") == "checkbox" and "checked" in data:
                fields[name] = data.get("value") or "on"
            elif tag == "textarea" and name:
                fields[name] = ""
            elif tag == "select":
                self.select = name
            elif tag == "option" and self.select and "selected" in data:
                fields[self.select] = data.get("value") or ""

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            if tag == "select":
                self.select = None

    Parser().feed(html)
    return fields


def test_totals_too_large_to_store_are_not_stored_and_the_score_still_is(officer) -> None:  # type: ignore[no-untyped-def]
    from assessments.models import GhgCalculation, Score
    from assessments.scoring.services import assessment_score

    assessment = LaunchedAssessmentFactory(
        campaign__questionnaire_version=default_questionnaire_load(), campaign__created_by=officer,
        campaign__send_invitations=False,
    )  # fmt: skip
    user = supplier_user(supplier=assessment.supplier, username="ghg-huge")
    SavedAnswerFactory(assessment=assessment, question_code="A2.1", user=user, value=[
        _row("diesel", "999999999999999", "t"),  # within the input bounds; x 3.2 tCO2e/t is not
    ])  # fmt: skip
    score = assessment_score(assessment_id=assessment.pk, kind="provisional")
    assert Score.objects.filter(pk=score.pk).exists()
    assert not GhgCalculation.objects.filter(assessment=assessment).exists()
    body = _client(user).get(f"/api/v1/assessments/{assessment.pk}/ghg/").json()
    assert body["scope_1"] > 1e15  # the API still shows the figure, computed on the fly
