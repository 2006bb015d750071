"""The headline figures, each against the list its link opens; the trends; the CSV export."""

import csv
import io
from decimal import Decimal

import pytest

from assessments.dashboard import selectors as dashboard
from assessments.dashboard.views import csv_cell
from assessments.models import CorrectiveAction
from suppliers import filters as supplier_filters
from suppliers.models import Supplier
from tests.assessments.dashboard.test_dashboard import URL, _get, data  # noqa: F401

pytestmark = pytest.mark.django_db


def _figures(context) -> dict:  # type: ignore[no-untyped-def]
    return {figure.key: figure for figure in context["figures"]}


def _follow(client, url: str) -> int:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_answered_statuses_agree_with_the_supplier_filter() -> None:
    assert set(supplier_filters.ANSWERED_STATUSES) == set(map(str, dashboard.ANSWERED_STATUSES))


@pytest.mark.parametrize("scope", ["all", "c1", "c2"])
def test_each_figure_links_to_exactly_what_it_counts(data, officer_client, scope) -> None:  # noqa: F811
    campaign = {"all": None, "c1": data.c1, "c2": data.c2}[scope]
    if campaign is not None:
        CorrectiveAction.objects.create(
            assessment=campaign.assessments.first(), severity="critical", title="Leak",
            description="x", raised_by=None, due_on=data.c2.due_on,
        )  # fmt: skip
    query = "" if campaign is None else f"?campaign={campaign.pk}"
    context, html = _get(officer_client, query)
    figures = _figures(context)
    for key in ("assessed", "green", "average", "overdue", "critical", "ghg"):
        assert _follow(officer_client, figures[key].url) == figures[key].count, key
    assert figures["assessed"].count == figures["assessed"].value
    assert figures["critical"].value == figures["critical"].count == (campaign is not None)
    assert f'href="{figures["assessed"].url.replace("&", "&amp;")}"' in html


def test_figure_values(data, officer_client) -> None:  # noqa: F811
    figures = _figures(_get(officer_client)[0])
    # Answered: s1 (approved), s4 (rejected), s5 (returned), of five invited.
    assert figures["assessed"].value == 3
    assert figures["assessed"].url == "/suppliers/?assessed=any"
    # Active suppliers: s1-s5, s7, s8 (s6 archived); s1 holds an active label (s4 suspended).
    assert figures["green"].value == Decimal("14.3")
    assert figures["green"].url == "/suppliers/?status=active&green=true"
    # Shown scores: 81.35 (final), 45.50, 50.00.
    assert figures["average"].value == Decimal("58.95")
    assert figures["average"].tone == "warn"
    assert figures["overdue"].value == 2
    assert figures["overdue"].url == "/campaigns/dashboard/assessments/?overdue=true"
    assert figures["ghg"].value == 1  # s1's submission computed its Scope 1 and 2


def test_trends_by_reporting_year(data, officer_client) -> None:  # noqa: F811
    context, html = _get(officer_client)
    years = {trend.year: trend for trend in context["trends"]}
    c1_year, c2_year = data.c1.period_start.year, data.c2.period_start.year
    assert c1_year != c2_year
    assert (years[c1_year].average, years[c1_year].labelled, years[c1_year].decided) == (
        Decimal("81.35"), 1, 1,
    )  # fmt: skip
    assert years[c1_year].label_share == Decimal("100.0")
    assert (years[c2_year].average, years[c2_year].decided) == (Decimal("47.75"), 1)
    assert years[c2_year].label_share == Decimal("0.0")
    assert f'data-testid="point-trend-average-{c2_year}" data-value="47.75"' in html
    # The trend covers every campaign even when the figures are filtered.
    filtered, _html = _get(officer_client, f"?campaign={data.c1.pk}")
    assert len(filtered["trends"]) == 2


def test_htmx_gets_the_body_only(data, officer_client) -> None:  # noqa: F811
    response = officer_client.get(f"{URL}?campaign={data.c2.pk}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="dashboard-body"' in html and "<html" not in html
    assert f"?assessed={data.c2.pk}" in html


def test_export_has_the_figures_with_the_filter(data, officer_client) -> None:  # noqa: F811
    Supplier.objects.filter(pk=data.suppliers[0].pk).update(name="=HYPERLINK(1)")
    response = officer_client.get(f"/campaigns/dashboard/figures.csv?campaign={data.c2.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Campaign", "", "FY2027"]
    by_item = {(row[0], row[1]): row for row in rows}
    assert by_item[("Headline figures", "Overdue assessments")][2] == "2"
    assert by_item[("Headline figures", "Suppliers assessed")][2] == "2"  # s4 and s5
    assert by_item[("Assessments by status", "Invited")][2] == "1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_cells_never_start_a_formula() -> None:
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-3") == "'-3"
    assert csv_cell("@SUM") == "'@SUM"
    assert csv_cell(None) == ""
    assert csv_cell(Decimal("4.5")) == "4.5"


@pytest.mark.parametrize("query", ["?overdue=maybe", "?campaign=x", "?critical=1&page=999"])
def test_the_figure_list_never_fails(data, officer_client, query) -> None:  # noqa: F811
    assert officer_client.get("/campaigns/dashboard/assessments/" + query).status_code == 200


def test_figure_list_queries_are_bounded(
    data,  # noqa: F811
    officer_client,
    django_assert_max_num_queries,
) -> None:
    with django_assert_max_num_queries(12):
        officer_client.get("/campaigns/dashboard/assessments/?overdue=true")
