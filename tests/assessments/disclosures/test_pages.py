"""The disclosures page, the suppliers behind a figure (paginated) and the page's workbook."""

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from core import roles
from suppliers.models import Supplier
from tests.assessments.disclosures.conftest import at, build
from tests.factories import SupplierFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(db) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(staff_user(roles.AUDITOR, username="aud-page"))
    return client


def test_page_shows_each_figure_with_its_number_definition_and_references(
    data, auditor_client
) -> None:  # type: ignore[no-untyped-def]
    response = auditor_client.get("/disclosures/")
    assert response.status_code == 200
    assert response.context["period"] == 2025  # the latest period with a campaign
    html = response.content.decode()
    assert 'data-testid="value-gri-308-1" data-value="33.3"' in html
    assert 'href="/disclosures/gri-308-1/?period=2025"' in html
    assert 'data-testid="value-hkex-b5.1-total" data-value="6"' in html
    assert "GRI 308-2 b" in html and "HKEX B5.1" in html and "MIIT X26" in html
    assert "GB/T 39257-2020" in html
    assert "Scope 3 Category 1 emissions" in html
    assert 'href="/disclosures/export.xlsx?period=2025"' in html
    assert '<option value="2024"' in html and '<option value="2025" selected' in html
    assert 'href="/disclosures/"' in html  # the staff navigation


def test_page_other_period_and_bad_period(data, auditor_client) -> None:  # type: ignore[no-untyped-def]
    html = auditor_client.get("/disclosures/?period=2024").content.decode()
    assert 'data-testid="value-hkex-b5.4" data-value="1"' in html
    response = auditor_client.get("/disclosures/?period=20x5")
    assert response.status_code == 200
    assert response.context["period"] == 2025
    assert 'data-testid="period-error"' in response.content.decode()


def test_drill_down_lists_exactly_the_suppliers_behind_the_number(data, auditor_client) -> None:  # type: ignore[no-untyped-def]
    response = auditor_client.get("/disclosures/gri-308-2-b/?period=2025")
    assert response.status_code == 200
    html = response.content.decode()
    listed = {int(i) for i in re.findall(r'data-testid="figure-supplier-(\d+)"', html)}
    assert listed == {data.s["cn_new"].pk, data.s["hk_old"].pk}
    html = auditor_client.get("/disclosures/gri-308-2-e/?period=2025").content.decode()
    assert "overdue permits" in html  # why the relationship ended
    assert auditor_client.get("/disclosures/no-such-figure/?period=2025").status_code == 404


def test_drill_down_is_paginated_with_constant_queries(
    data, auditor_client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        auditor_client.get("/disclosures/hkex-b5.1-total/?period=2025")
    batch = SupplierFactory.create_batch(40, country="HK")
    Supplier.objects.filter(pk__in=[b.pk for b in batch]).update(created_at=at(2025, 5, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = auditor_client.get("/disclosures/hkex-b5.1-total/?period=2025")
    assert response.context["page"].paginator.count == 46
    assert len(response.context["rows"]) == 25
    second = auditor_client.get("/disclosures/hkex-b5.1-total/?period=2025&page=2")
    assert len(second.context["rows"]) == 21
    assert 'href="?period=2025&amp;page=1"' in second.content.decode()


def test_page_query_count_is_constant(officer_client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build()
    with CaptureQueriesContext(connection) as small:
        officer_client.get("/disclosures/?period=2025")
    build()
    build()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert officer_client.get("/disclosures/?period=2025").status_code == 200


def test_page_workbook(data, auditor_client) -> None:  # type: ignore[no-untyped-def]
    response = auditor_client.get("/disclosures/export.xlsx?period=2024")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Figures"].iter_rows(values_only=True))
    assert rows[1][1] == 2024
    by_code = {row[0]: row for row in rows if row and row[0]}
    assert by_code["hkex-b5.4"][2] == 1


def test_chinese_page(data, auditor_client) -> None:  # type: ignore[no-untyped-def]
    auditor_client.cookies["django_language"] = "zh-hans"
    html = auditor_client.get("/disclosures/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "使用环境标准筛选的新供应商的百分比" in html  # the mapping's Chinese title
