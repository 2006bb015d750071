"""GET /api/v1/disclosures/ and its workbook: the contract, permissions, bad periods, queries."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from assessments.disclosures.frameworks import mapping_load
from core import roles
from tests.assessments.disclosures.conftest import build
from tests.factories import api_token, staff_user, supplier_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/disclosures/"
XLSX_URL = "/api/v1/disclosures/export.xlsx"


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_figures_of_a_period(data, api) -> None:  # type: ignore[no-untyped-def]
    response = api.get(URL, {"period": 2025})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == 2025
    assert (body["period_start"], body["period_end"]) == ("2025-04-01", "2026-03-31")
    assert body["mapping_version"] == mapping_load().version
    figures = {figure["code"]: figure for figure in body["figures"]}
    first = figures["gri-308-1"]
    assert set(first) >= {
        "code", "title", "definition", "references", "value", "unit", "supplier_count", "suppliers",
    }  # fmt: skip
    assert (first["value"], first["unit"], first["supplier_count"], first["base"]) == (
        33.3, "percent", 1, 3,
    )  # fmt: skip
    assert first["suppliers"] == [data.s["cn_new"].pk]
    assert first["suppliers_url"].endswith("/disclosures/gri-308-1/?period=2025")
    assert first["references"][0]["code"] == "GRI 308-1"
    assert first["references"][0]["citation"]
    assert figures["hkex-b5.1-total"]["value"] == 6
    assert figures["hkex-b5.1-total"]["unit"] == "suppliers"
    assert figures["gri-308-2-b"]["suppliers"] == sorted([data.s["cn_new"].pk, data.s["hk_old"].pk])
    scope3 = figures["hkex-d-scope3-cat1"]
    assert (scope3["value"], scope3["unit"], scope3["suppliers"]) == (0, "tCO2e", [])
    assert [ref["code"] for ref in scope3["references"]] == ["HKEX Part D Scope 3"]


def test_default_period_is_the_latest_with_a_campaign(data, api) -> None:  # type: ignore[no-untyped-def]
    assert api.get(URL).json()["period"] == 2025


@pytest.mark.parametrize("period", ["abc", "1989", "2101", "2025.5", "-1", "９９"])
def test_bad_period_is_a_400_that_says_why(api, period) -> None:  # type: ignore[no-untyped-def]
    for url in (URL, XLSX_URL):
        response = api.get(url, {"period": period})
        assert response.status_code == 400, (url, period)
        body = response.json()
        assert body["code"] == "invalid_period"
        assert "1990 to 2100" in body["detail"]
        assert body["fields"]["period"]


def test_auditors_read_and_supplier_users_are_refused(data) -> None:  # type: ignore[no-untyped-def]
    auditor = staff_user(roles.AUDITOR, username="aud-d")
    assert _client(auditor).get(URL, {"period": 2025}).status_code == 200
    assert _client(auditor).get(XLSX_URL, {"period": 2025}).status_code == 200
    member = supplier_user(supplier=data.s["cn_new"], username="sup-d")
    for url in (URL, XLSX_URL):
        response = _client(member).get(url, {"period": 2025})
        assert response.status_code == 403
        assert "suppliers" not in response.content.decode()
    assert APIClient().get(URL).status_code in (401, 403)


def test_the_workbook_has_the_same_numbers(data, api) -> None:  # type: ignore[no-untyped-def]
    figures = {f["code"]: f for f in api.get(URL, {"period": 2025}).json()["figures"]}
    response = api.get(XLSX_URL, {"period": 2025})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="disclosures-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Figures", "Suppliers"]
    rows = list(book["Figures"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Code"))
    assert rows[2][1] == mapping_load().version
    sheet_figures = {row[0]: row for row in rows[header + 1 :]}
    assert set(sheet_figures) == set(figures)
    for code, figure in figures.items():
        row = sheet_figures[code]
        value = None if row[2] is None else float(row[2])
        assert value == figure["value"], code
        assert (row[3], row[4], row[5]) == (
            figure["unit"],
            figure["supplier_count"],
            figure["base"],
        )
        assert row[6] == figure["definition"]
    behind: dict[str, list[int]] = {}
    supplier_rows = list(book["Suppliers"].iter_rows(values_only=True))
    for row in supplier_rows[1:]:
        behind.setdefault(row[0], []).append(row[1])
    for code, figure in figures.items():
        assert behind.get(code, []) == figure["suppliers"], code
    # The reason typed by staff starts with "=": a quoted string, never a formula.
    reason = next(r for r in supplier_rows if r[0] == "gri-308-2-e")
    assert reason[10].startswith('=HYPERLINK("x")')
    cells = [c for row in book["Suppliers"].iter_rows() for c in row if c.value == reason[10]]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_api_query_count_does_not_grow_with_suppliers(
    officer, api, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build()
    with CaptureQueriesContext(connection) as small:
        assert api.get(URL, {"period": 2025}).status_code == 200
        assert api.get(XLSX_URL, {"period": 2025}).status_code == 200
    for _ in range(3):
        build()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(URL, {"period": 2025}).status_code == 200
        assert api.get(XLSX_URL, {"period": 2025}).status_code == 200


def test_pages_need_staff(data, supplier_member) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(supplier_member)
    for url in ("/disclosures/", "/disclosures/gri-308-1/", "/disclosures/export.xlsx"):
        assert client.get(url).status_code == 403, url
    assert Client().get("/disclosures/").status_code == 302
