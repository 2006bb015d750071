"""The portal's carried answers and the reviewer's workbench, without JavaScript."""

import pytest
from django.test import Client

from assessments.answers import services as answer_services
from assessments.models import Answer, Event

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_area_page_marks_carried_answers_and_offers_to_confirm_the_area(cycles) -> None:
    page = _client(cycles.user).get(f"/portal/assessments/{cycles.mine.pk}/areas/A1/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="carried-A1.1"' in html
    assert "Carried forward from FY2025 assessment" in html
    assert 'data-testid="confirm-area"' in html and 'data-testid="confirm-A1.2"' in html
    assert 'data-testid="carried-A1.4"' not in html  # its type changed: not carried


def test_confirm_one_then_the_rest_of_the_area(cycles) -> None:
    client = _client(cycles.user)
    url = f"/portal/assessments/{cycles.mine.pk}/areas/A1/confirm-carried/"
    response = client.post(url, {"question": "A1.2"})
    assert response.status_code == 302
    assert response["Location"].endswith("/areas/A1/#q-A1.2")
    assert list(
        Answer.objects.filter(assessment=cycles.mine, confirmed=True).values_list(
            "question__code", flat=True
        )
    ) == ["A1.2"]
    client.post(url, {})
    unconfirmed = Answer.objects.filter(assessment=cycles.mine, confirmed=False)
    assert [a.question.code for a in unconfirmed] == ["A2.1"]
    page = client.get(f"/portal/assessments/{cycles.mine.pk}/areas/A1/")
    assert 'data-testid="confirm-area"' not in page.content.decode()


def test_another_supplier_cannot_confirm_on_the_portal(cycles) -> None:
    response = _client(cycles.other_user).post(
        f"/portal/assessments/{cycles.mine.pk}/areas/A1/confirm-carried/", {}
    )
    assert response.status_code == 404
    assert not Answer.objects.filter(assessment=cycles.mine, confirmed=True).exists()


def _submit_year_two(cycles) -> None:  # type: ignore[no-untyped-def]
    mine = cycles.mine
    answer_services.answer_save(
        assessment=mine, question_code="A1.4", value="ISO 14001", user=cycles.user, revision=None
    )
    answer_services.answer_save(
        assessment=mine,
        question_code="A1.2",
        value=["discharge", "eia"],
        user=cycles.user,
        revision=None,
    )
    from assessments.answers.services import carried_answers_confirm

    for area in ("A1", "A2"):
        carried_answers_confirm(assessment=mine, area_code=area, user=cycles.user)
    answer_services.assessment_submit(assessment=mine, attestation=True, user=cycles.user)


def test_workbench_shows_unchanged_apart_from_changed_and_accepts_the_unchanged(
    cycles, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        _submit_year_two(cycles)
    client = _client(cycles.reviewer)
    page = client.get(f"/campaigns/assessments/{cycles.mine.pk}/?area=A1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "From FY2025 assessment, confirmed unchanged by the supplier." in html
    assert 'data-testid="carried-old-A1.2"' in html
    assert "<del>Discharge permit</del>" in html  # the carried value, before the change
    assert 'data-testid="accept-carried-A1"' in html
    response = client.post(
        f"/campaigns/assessments/{cycles.mine.pk}/review/accept-carried/",
        {"area": "A1", "show": "all"},
    )
    assert response.status_code == 302
    status = dict(
        Answer.objects.filter(assessment=cycles.mine).values_list("question__code", "review_status")
    )
    assert status["A1.1"] == status["A1.3"] == "accepted"
    assert status["A1.2"] == "pending"  # changed: reviewed on its own
    assert Event.objects.filter(assessment=cycles.mine, kind="carried_accepted").count() == 1
    page = client.get(f"/campaigns/assessments/{cycles.mine.pk}/?area=A1")
    assert 'data-testid="accept-carried-A1"' not in page.content.decode()


def test_campaign_form_offers_earlier_campaigns_to_base_on(officer_client, cycles) -> None:
    page = officer_client.get("/campaigns/new/")
    html = page.content.decode()
    assert 'name="based_on"' in html and "FY2025 assessment" in html
