"""A supplier's trend across campaigns: the API, its permissions and the supplier page."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import (
    Campaign,
    FactorSet,
    GhgCalculation,
    LabelDecision,
    Score,
)
from core import roles
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    QuestionnaireVersionFactory,
    SupplierFactory,
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db


def _areas(a1: float | None, a2: float | None) -> list[dict]:
    return [
        {"code": "A1", "score": a1, "points": 0, "max_points": 0, "weight": 1, "assessed": True},
        {"code": "A2", "score": a2, "points": 0, "max_points": 0, "weight": 1.5, "assessed": True},
    ]


def _campaign(version, year: int, name: str) -> Campaign:  # type: ignore[no-untyped-def]
    return CampaignFactory(
        name=name, questionnaire_version=version, status=Campaign.Status.LAUNCHED,
        period_start=datetime.date(year, 4, 1), period_end=datetime.date(year + 1, 3, 31),
        due_on=datetime.date(year + 1, 1, 31),
    )  # fmt: skip


def _assessed(supplier, campaign, *, status: str, scores, intensities):  # type: ignore[no-untyped-def]
    """An assessment with score records (kind, overall, A1, A2) and GHG calculations, in order."""
    assessment = AssessmentFactory(supplier=supplier, campaign=campaign, status=status)
    for kind, overall, a1, a2 in scores:
        Score.objects.create(
            assessment=assessment, kind=kind, overall=overall, areas=_areas(a1, a2),
            version_hash="x",
        )  # fmt: skip
    factor_set = FactorSet.objects.get_or_create(version=99, defaults={"name": "test"})[0]
    for intensity in intensities:
        GhgCalculation.objects.create(
            assessment=assessment, factor_set=factor_set, scope1=1, scope2=1, intensity=intensity
        )
    return assessment


@pytest.fixture
def history():  # type: ignore[no-untyped-def]
    """One supplier in three campaigns, created newest period first (the trend sorts them)."""
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory()
    later = _campaign(version, 2026, "FY2026")
    earlier = _campaign(version, 2025, "FY2025")
    # The later one is only submitted: its provisional score shows; intensity the latest one.
    second = _assessed(
        supplier, later, status="submitted",
        scores=[("provisional", "70.10", 80.0, 64.0), ("provisional", "74.50", 85.0, 67.5)],
        intensities=["3.500000", "2.250000"],
    )  # fmt: skip
    # The earlier one is approved: the final score shows even though a provisional came later.
    first = _assessed(
        supplier, earlier, status="approved",
        scores=[("final", "61.20", 48.0, 70.0), ("provisional", "99.00", 99.0, 99.0)],
        intensities=["4.125000"],
    )  # fmt: skip
    final = Score.objects.get(assessment=first, kind="final")
    LabelDecision.objects.create(supplier=supplier, kind="granted", assessment=first, score=final)
    LabelDecision.objects.create(supplier=supplier, kind="suspended", assessment=first, key="s1")
    return supplier, first, second


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_trend_lists_each_campaign_by_period_with_its_figures(history) -> None:
    supplier, first, second = history
    response = _client(staff_user(roles.AUDITOR, username="tr-aud")).get(
        f"/api/v1/suppliers/{supplier.pk}/trend/"
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "campaign_id": first.campaign_id,
            "campaign_name": "FY2025",
            "period": 2025,
            "assessment_id": first.pk,
            "status": "approved",
            "score_kind": "final",
            "overall": 61.2,
            "areas": [{"code": "A1", "score": 48.0}, {"code": "A2", "score": 70.0}],
            "ghg_intensity": "4.125000",
            "label_status": "suspended",
        },
        {
            "campaign_id": second.campaign_id,
            "campaign_name": "FY2026",
            "period": 2026,
            "assessment_id": second.pk,
            "status": "submitted",
            "score_kind": "provisional",
            "overall": 74.5,
            "areas": [{"code": "A1", "score": 85.0}, {"code": "A2", "score": 67.5}],
            "ghg_intensity": "2.250000",
            "label_status": "none",
        },
    ]


def test_an_assessment_without_score_or_ghg_has_empty_figures(officer) -> None:
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory()
    assessment = AssessmentFactory(supplier=supplier, campaign=_campaign(version, 2024, "Old"))
    body = _client(officer).get(f"/api/v1/suppliers/{supplier.pk}/trend/").json()
    assert body == [
        {
            "campaign_id": assessment.campaign_id,
            "campaign_name": "Old",
            "period": 2024,
            "assessment_id": assessment.pk,
            "status": "invited",
            "score_kind": None,
            "overall": None,
            "areas": [],
            "ghg_intensity": None,
            "label_status": "none",
        }
    ]


def test_trend_is_for_staff_only(history) -> None:
    supplier, _first, _second = history
    url = f"/api/v1/suppliers/{supplier.pk}/trend/"
    assert APIClient().get(url).status_code in (401, 403)
    # Supplier users never reach staff APIs: another supplier's, and its own supplier's too
    # (as for GET /api/v1/suppliers/{id}/).
    other = supplier_user(supplier=SupplierFactory(), username="tr-other")
    own = supplier_user(supplier=supplier, username="tr-own")
    for user in (other, own):
        response = _client(user).get(url)
        assert response.status_code == 403
        assert "FY2025" not in response.content.decode()
    assert _client(staff_user(roles.REVIEWER, username="tr-rev")).get(url).status_code == 200
    assert (
        _client(staff_user(roles.REVIEWER, username="tr-rev2"))
        .get("/api/v1/suppliers/999999/trend/")
        .status_code
        == 404
    )


def test_query_count_does_not_grow_with_campaigns(officer, django_assert_max_num_queries) -> None:
    version = QuestionnaireVersionFactory()
    supplier = SupplierFactory()
    client = _client(officer)
    url = f"/api/v1/suppliers/{supplier.pk}/trend/"

    def add(year: int) -> None:
        _assessed(
            supplier, _campaign(version, year, f"FY{year}"), status="approved",
            scores=[("final", "70.00", 70.0, 70.0)], intensities=["1.000000"],
        )  # fmt: skip

    add(2020)
    client.get(url)  # warm the session and permission caches
    with django_assert_max_num_queries(8) as few:
        assert len(client.get(url).json()) == 1
    for year in range(2021, 2027):
        add(year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()) == 7


def test_supplier_page_shows_the_trend_table_and_chart(
    history, django_assert_max_num_queries
) -> None:
    supplier, first, _second = history
    client = Client()
    client.force_login(staff_user(roles.PROCUREMENT_OFFICER, username="tr-off"))
    page = client.get(f"/suppliers/{supplier.pk}/").content.decode()
    assert 'data-testid="trend-table"' in page and 'data-testid="chart-supplier-trend"' in page
    assert f'data-testid="trend-{first.campaign_id}"' in page
    assert 'data-testid="point-supplier-trend-overall-2025" data-value="61.2"' in page
    assert 'data-testid="point-supplier-trend-overall-2026" data-value="74.5"' in page
    assert "4.12" in page or "4.13" in page
    assert page.index("FY2025</a>") < page.index("FY2026</a>", page.index("trend-table"))
