"""The procurement dashboard: exact figures in the context and the page, the filter, access, queries.

The data set (`data` fixture), all campaigns:

  supplier  category     country  status    label      campaign  assessment              latest score
  s1        logistics    CN       active    active     FY2026    approved                final 81.35
  s2        logistics    HK       active    -          FY2027    in_progress             provisional 45.50
  s3        media        DE       active    -          FY2027    invited, overdue        -
  s4        media        CN       active    suspended  FY2027    rejected, overdue flag  provisional 50.00
  s5        engineering  TW       active    -          FY2027    returned, overdue       -
  s6        media        CN       archived  active     -         -                       -
  s7        office_it    CN       active    -          -         -  (created 400 days ago)
  s8        services     US       active    -          -         -
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.dashboard import selectors as dashboard
from assessments.labels import services as label_services
from assessments.models import Assessment, Campaign, GreenLabel, Score
from assessments.review import services as review_services
from core import roles
from suppliers.models import Category, Supplier
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    LaunchedCampaignFactory,
    SupplierFactory,
    UserFactory,
    review_complete,
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db

URL = "/campaigns/dashboard/"
ALL_STATUSES = {
    "invited": 1,
    "in_progress": 1,
    "submitted": 0,
    "returned": 1,
    "approved": 1,
    "rejected": 1,
}


def _supplier(slug: str, country: str, **fields: object) -> Supplier:
    return SupplierFactory(category=Category.objects.get(slug=slug), country=country, **fields)


def _score(assessment: Assessment, overall: str | None, areas: dict[str, float | None]) -> Score:
    return Score.objects.create(
        assessment=assessment,
        kind=Score.Kind.PROVISIONAL,
        overall=None if overall is None else Decimal(overall),
        areas=[
            {"code": code, "score": score, "points": 0, "max_points": 0, "weight": 1}
            for code, score in areas.items()
        ],
        version_hash="test",
    )


def _label(supplier: Supplier, status: str, like: GreenLabel) -> GreenLabel:
    return GreenLabel.objects.create(
        supplier=supplier,
        status=status,
        assessment=like.assessment,
        score=like.score,
        rules=like.rules,
        granted_at=timezone.now(),
        valid_until=datetime.date(2027, 12, 31),
    )


@dataclass(frozen=True)
class DashboardData:
    """The data set of the module docstring: campaigns FY2026 and FY2027, suppliers s1 to s8."""

    c1: Campaign
    c2: Campaign
    suppliers: list[Supplier]


@pytest.fixture
def data(submitted, officer, django_capture_on_commit_callbacks) -> DashboardData:  # type: ignore[no-untyped-def]
    a1, _user = submitted
    approver = staff_user(roles.APPROVER, username="dash-approver")
    review_complete(a1)
    with django_capture_on_commit_callbacks(execute=True):  # the final score
        review_services.assessment_approve(assessment=a1, approver=approver)
    a1.refresh_from_db()
    s1 = a1.supplier
    label = label_services.label_grant(supplier=s1, assessment=a1, granted_by=approver)
    # A newer provisional score does not beat the final one.
    _score(a1, "95.00", {"A1": 95.0, "A2": 95.0})

    s2 = _supplier("logistics", "HK")
    s3 = _supplier("media", "DE")
    s4 = _supplier("media", "CN")
    s5 = _supplier("engineering", "TW")
    s6 = _supplier("media", "CN", status=Supplier.Status.ARCHIVED)
    s7 = _supplier("office_it", "CN")
    s8 = _supplier("services", "US")
    Supplier.objects.filter(pk=s7.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    _label(s4, GreenLabel.Status.SUSPENDED, label)
    _label(s6, GreenLabel.Status.ACTIVE, label)

    c2 = LaunchedCampaignFactory(
        name="FY2027", questionnaire_version=a1.version, period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2028, 3, 31), due_on=datetime.date(2028, 1, 31),
        created_by=officer, suppliers=[s2, s3, s4, s5], send_invitations=False,
    )  # fmt: skip
    a2, a3, a4, a5 = (Assessment.objects.get(campaign=c2, supplier=s) for s in (s2, s3, s4, s5))
    for assessment, status, overdue in (
        (a2, "in_progress", False),
        (a3, "invited", True),
        (a4, "rejected", True),  # closed: no longer counted as overdue
        (a5, "returned", True),
    ):
        Assessment.objects.filter(pk=assessment.pk).update(status=status, is_overdue=overdue)
    _score(a2, "60.00", {"A1": 60.0, "A2": 60.0})  # older provisional: replaced by the next
    _score(a2, "45.50", {"A1": 40.0, "A2": 51.0})
    _score(a4, "50.00", {"A1": 50.0, "A2": None})
    return DashboardData(c1=a1.campaign, c2=c2, suppliers=[s1, s2, s3, s4, s5, s6, s7, s8])


def _get(client: Client, query: str = "") -> tuple[dict, str]:  # type: ignore[type-arg]
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.context, response.content.decode()


def _value(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{re.escape(testid)}"[^>]*?data-value="([^"]*)"', html)
    assert match, testid
    return match.group(1)


def _text(html: str, testid: str) -> str:
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>([^<]*)</\1>', html)
    assert match, testid
    return match.group(2).strip()


# --- All campaigns --------------------------------------------------------------------------


def test_status_counts_and_overdue(data, officer_client) -> None:
    context, html = _get(officer_client)
    assert context["status_counts"] == {**ALL_STATUSES, "total": 5, "overdue": 2}
    for status, count in ALL_STATUSES.items():
        assert _value(html, f"table-status-{status}") == str(count)
        assert _value(html, f"bar-status-{status}") == str(count)
        assert _text(html, f"value-status-{status}") == str(count)
    assert _value(html, "overdue") == "2"
    assert _value(html, "table-status-overdue") == "2"
    assert _value(html, "table-status-total") == "5"


def test_score_bands_use_the_latest_score(data, officer_client) -> None:
    context, html = _get(officer_client)
    expected = {"0_50": 1, "50_70": 1, "70_85": 1, "85_100": 0, "none": 2}
    assert context["score_bands"] == expected
    for key, count in expected.items():
        assert _value(html, f"table-scores-{key}") == str(count)
        assert _value(html, f"bar-scores-{key}") == str(count)


def test_area_averages(data, officer_client) -> None:
    context, html = _get(officer_client)
    # A1: (88 + 40 + 50) / 3; A2: (76.92 + 51) / 2 (a4 has no A2 score).
    assert [(a.code, a.average, a.count) for a in context["area_averages"]] == [
        ("A1", Decimal("59.33"), 3),
        ("A2", Decimal("63.96"), 2),
    ]
    assert [a.title for a in context["area_averages"]] == ["Permits", "Energy"]
    assert _value(html, "table-areas-A1") == "59.33"
    assert _value(html, "table-areas-A2-count") == "2"
    assert _value(html, "bar-areas-A2") == "63.96"


def test_green_share_by_category_and_region(data, officer_client) -> None:
    context, html = _get(officer_client)
    # Only active labels count; archived suppliers (s6, active label) count nowhere.
    assert [(s.key, s.green, s.total, s.percent) for s in context["green_by_category"]] == [
        ("media", 0, 2, Decimal("0.0")),  # in the categories' sort order
        ("services", 0, 1, Decimal("0.0")),
        ("engineering", 0, 1, Decimal("0.0")),
        ("office_it", 0, 1, Decimal("0.0")),
        ("logistics", 1, 2, Decimal("50.0")),
    ]
    assert [(s.key, s.green, s.total, s.percent) for s in context["green_by_region"]] == [
        ("mainland_china", 1, 3, Decimal("33.3")),
        ("other", 0, 4, Decimal("0.0")),
    ]
    assert [s.label for s in context["green_by_region"]] == [
        "Mainland China",
        "Other countries and regions",
    ]
    assert _value(html, "table-green-category-logistics") == "50.0"
    assert _value(html, "table-green-category-logistics-total") == "2"
    assert _value(html, "bar-green-category-logistics") == "50.0"
    assert _text(html, "value-green-category-logistics") == "50.0%"
    assert _value(html, "table-green-region-mainland_china") == "33.3"
    assert _value(html, "bar-green-region-other") == "0.0"


def test_suppliers_by_region(data, officer_client) -> None:
    context, html = _get(officer_client)
    assert [(s.key, s.total) for s in context["suppliers_by_region"]] == [
        ("mainland_china", 3),
        ("other", 4),
    ]
    assert _value(html, "table-region-mainland_china") == "3"
    assert _value(html, "table-region-other") == "4"
    assert _value(html, "bar-region-other") == "4"


def test_gri_308_1_new_suppliers_screened(data, officer_client) -> None:
    context, html = _get(officer_client)
    screening = context["screening"]
    # New: s1-s6 and s8 (s7 is older than 12 months). Screened: s1, s4, s5 answered.
    assert (screening.new, screening.screened, screening.percent) == (7, 3, Decimal("42.9"))
    assert _value(html, "table-screening-new") == "7"
    assert _value(html, "table-screening-screened") == "3"
    assert _value(html, "table-screening-share") == "42.9"
    assert _value(html, "bar-screening-screened") == "42.9"


def test_charts_are_inline_svg_without_styles_or_scripts(data, officer_client) -> None:
    _context, html = _get(officer_client)
    for name, bars in (("status", 6), ("scores", 5), ("areas", 2), ("green-category", 5),
                       ("green-region", 2), ("region", 2), ("screening", 1)):  # fmt: skip
        svg = re.search(rf'<svg[^>]*data-testid="chart-{name}".*?</svg>', html, re.S)
        assert svg, name
        assert svg.group(0).count("<rect") == bars, name
        assert f'data-testid="table-{name}"' in html
    assert "style=" not in html and "<style" not in html
    # Scripts only from files (the CSP allows no inline script).
    assert re.findall(r"<script(?![^>]*\ssrc=)", html) == []
    # The longest bar of a count chart takes the full width; percentages scale to 100.
    assert re.search(r'width="340"[^>]*data-testid="bar-region-other"', html)
    assert re.search(r'width="170"[^>]*data-testid="bar-green-category-logistics"', html)


# --- The campaign filter --------------------------------------------------------------------


def test_campaign_filter(data, officer_client) -> None:
    context, html = _get(officer_client, f"?campaign={data.c1.pk}")
    assert context["campaign"] == data.c1
    assert context["status_counts"] == {
        **dict.fromkeys(ALL_STATUSES, 0),
        "approved": 1,
        "total": 1,
        "overdue": 0,
    }
    assert context["score_bands"] == {"0_50": 0, "50_70": 0, "70_85": 1, "85_100": 0, "none": 0}
    assert [(a.code, a.average) for a in context["area_averages"]] == [
        ("A1", Decimal("88.00")),
        ("A2", Decimal("76.92")),
    ]
    assert f'<option value="{data.c1.pk}" selected>' in html

    context, html = _get(officer_client, f"?campaign={data.c2.pk}")
    assert context["status_counts"] == {
        **ALL_STATUSES,
        "approved": 0,
        "total": 4,
        "overdue": 2,
    }
    assert context["score_bands"] == {"0_50": 1, "50_70": 1, "70_85": 0, "85_100": 0, "none": 2}
    assert [(a.code, a.average) for a in context["area_averages"]] == [
        ("A1", Decimal("45.00")),
        ("A2", Decimal("51.00")),
    ]
    assert _value(html, "table-status-approved") == "0"
    # Supplier figures do not depend on the campaign.
    assert context["screening"].screened == 3
    assert [s.total for s in context["suppliers_by_region"]] == [3, 4]


@pytest.mark.parametrize("value", ["abc", "999999", "-1", ""])
def test_unknown_campaign_shows_all(data, officer_client, value) -> None:
    context, _html = _get(officer_client, f"?campaign={value}")
    assert context["campaign"] is None
    assert context["status_counts"]["total"] == 5


def test_empty_dashboard(officer_client) -> None:
    context, html = _get(officer_client)
    assert context["status_counts"]["total"] == 0
    assert context["score_bands"]["none"] == 0
    assert context["area_averages"] == []
    assert context["green_by_category"] == []
    assert context["screening"].percent is None
    assert _value(html, "table-screening-share") == ""
    assert _text(html, "value-screening-screened") == "—"


# --- Selectors ------------------------------------------------------------------------------


def test_score_band_boundaries() -> None:
    scores = [
        dashboard.LatestScore(assessment_id=i, overall=None if v is None else Decimal(v), areas=[])
        for i, v in enumerate(["0", "49.99", "50", "69.99", "70", "84.99", "85", "100", None])
    ]
    assert dashboard.score_bands(scores=scores, assessment_count=10) == {
        "0_50": 2,
        "50_70": 2,
        "70_85": 2,
        "85_100": 2,
        "none": 2,  # one score without an overall, one assessment without a score
    }


def test_percent_and_months() -> None:
    assert dashboard.percent(1, 3) == Decimal("33.3")
    assert dashboard.percent(2, 3) == Decimal("66.7")
    assert dashboard.percent(0, 0) is None
    leap = datetime.datetime(2028, 2, 29, 12, tzinfo=datetime.UTC)
    assert dashboard._months_before(leap, 12) == datetime.datetime(
        2027, 2, 28, 12, tzinfo=datetime.UTC
    )
    assert dashboard._months_before(
        datetime.datetime(2026, 3, 31, tzinfo=datetime.UTC), 1
    ) == datetime.datetime(2026, 2, 28, tzinfo=datetime.UTC)


# --- Access ---------------------------------------------------------------------------------


def test_anonymous_users_go_to_the_login_page(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_supplier_users_and_users_without_a_role_are_refused(client) -> None:
    client.force_login(supplier_user(username="dash-supplier"))
    assert client.get(URL).status_code == 403
    client.force_login(UserFactory(username="dash-norole"))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    "role", [roles.AUDITOR, roles.REVIEWER, roles.APPROVER, roles.PROCUREMENT_ADMIN]
)
def test_every_staff_role_reads_the_dashboard(client, role) -> None:
    client.force_login(staff_user(role, username="dash-reader"))
    assert client.get(URL).status_code == 200


# --- Queries --------------------------------------------------------------------------------


def _more_data(version, officer) -> None:  # type: ignore[no-untyped-def]
    """Thirty more suppliers in every category and region, assessed, scored, some labelled."""
    like = GreenLabel.objects.get(status="active", supplier__status="active")
    campaign = CampaignFactory(
        name="Big", questionnaire_version=version, status=Campaign.Status.LAUNCHED,
        created_by=officer,
    )  # fmt: skip
    slugs = list(Category.objects.values_list("slug", flat=True))
    countries = ["CN", "HK", "MO", "TW", "FR", "US"]
    statuses = list(Assessment.Status.values)
    for index in range(30):
        supplier = _supplier(slugs[index % len(slugs)], countries[index % len(countries)])
        assessment = AssessmentFactory(
            campaign=campaign, supplier=supplier, status=statuses[index % len(statuses)],
            is_overdue=index % 4 == 0,
        )  # fmt: skip
        for offset in (0, 7):
            _score(assessment, str(min(100, index * 3 + offset)), {"A1": index, "A2": 100 - index})
        if index % 3 == 0:
            _label(supplier, "active" if index % 2 else "expired", like)


def test_query_count_does_not_grow_with_the_data(data, officer, officer_client) -> None:
    with CaptureQueriesContext(connection) as small:
        _get(officer_client)
    # Session, user and permissions, then the figures: headline figures, trends and label
    # statuses add a fixed nine to the thirteen of the charts.
    assert len(small.captured_queries) <= 22, [q["sql"] for q in small.captured_queries]
    _more_data(data.c1.questionnaire_version, officer)
    with CaptureQueriesContext(connection) as filtered:
        _get(officer_client, f"?campaign={data.c2.pk}")
    assert len(filtered.captured_queries) == len(small.captured_queries)


def test_query_count_with_django_assert_max_num_queries(
    data, officer, officer_client, django_assert_max_num_queries
) -> None:
    with CaptureQueriesContext(connection) as small:
        context, _html = _get(officer_client)
    assert context["status_counts"]["total"] == 5
    _more_data(data.c1.questionnaire_version, officer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        context, _html = _get(officer_client)
    assert context["status_counts"]["total"] == 35
    assert sum(context["score_bands"].values()) == 35


def test_chinese_names(data, officer_client) -> None:
    response = officer_client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    labels = [share.label for share in response.context["green_by_category"]]
    assert labels[-1] == "物流"
    assert [a.title for a in response.context["area_averages"]] == ["许可", "能源"]
