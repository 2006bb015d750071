import io
from decimal import Decimal

import openpyxl
import pytest
from rest_framework.test import APIClient

from assessments.spend.models import ExchangeRate, SpendImport, SpendLine
from core import roles
from tests.assessments.spend.helpers import line, upload, workbook_bytes
from tests.factories import SupplierFactory, api_token, staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _lines(count: int, period: int = 2025) -> list[SpendLine]:
    lines = []
    for n in range(count):
        supplier = SupplierFactory()
        lines.append(
            SpendLine.objects.create(
                supplier=supplier,
                period=period,
                line_reference=f"PO-{n}",
                amount=Decimal("100.00"),
                currency="CNY",
                amount_cny=Decimal("100.00"),
            )
        )
    return lines


def test_post_import_answers_202_and_the_job_has_the_counts(
    api, django_capture_on_commit_callbacks
) -> None:
    supplier = SupplierFactory()
    content = workbook_bytes([line(supplier, "PO-1"), line(supplier, "PO-2")])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/spend-imports/", {"file": upload(content)}, format="multipart")
    assert response.status_code == 202, response.json()
    job_id = response.json()["id"]
    detail = api.get(f"/api/v1/spend-imports/{job_id}/").json()
    assert detail["status"] == "succeeded"
    assert (detail["created"], detail["updated"], detail["unchanged"]) == (2, 0, 0)
    assert detail["errors"] == []


def test_import_errors_in_the_api_name_sheet_row_and_column(
    api, django_capture_on_commit_callbacks
) -> None:
    supplier = SupplierFactory()
    content = workbook_bytes([line(supplier, "PO-1", currency="USD")])
    with django_capture_on_commit_callbacks(execute=True):
        job_id = api.post(
            "/api/v1/spend-imports/", {"file": upload(content)}, format="multipart"
        ).json()["id"]
    detail = api.get(f"/api/v1/spend-imports/{job_id}/").json()
    assert detail["status"] == "failed"
    assert detail["errors"] == [
        {
            "sheet": "Spend",
            "row": 2,
            "column": "currency",
            "message": "No exchange rate for USD in period 2025: an admin adds it under "
            "Exchange rates.",
        }
    ]


def test_post_without_a_file_or_with_a_damaged_one_is_400(api) -> None:
    assert api.post("/api/v1/spend-imports/", {}, format="multipart").status_code == 400
    response = api.post("/api/v1/spend-imports/", {"file": upload(b"garbage")}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_import_file"
    assert not SpendImport.objects.exists()


def test_template_downloads_with_the_header_and_instructions(api) -> None:
    response = api.get("/api/v1/spend-imports/template.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Spend", "Instructions"]
    head = [cell.value for cell in workbook["Spend"][1]]
    assert [value.split(" ")[0] for value in head] == [
        "registration_code",
        "country",
        "period",
        "amount",
        "currency",
        "line_reference",
        "category",
        "description",
    ]


def test_template_instructions_are_in_the_users_language(api) -> None:
    response = api.get("/api/v1/spend-imports/template.xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Instructions"].iter_rows(values_only=True))
    assert ("Column", "Label", "Required", "What to enter") not in rows
    assert "填写说明" in {row[3] for row in rows if len(row) > 3}
    assert "注册代码" in {row[1] for row in rows if len(row) > 1}


def test_spend_list_filters_by_period_and_shows_each_field(api) -> None:
    rate = Decimal("7.10000000")
    supplier = SupplierFactory()
    SpendLine.objects.create(
        supplier=supplier,
        period=2025,
        line_reference="PO-9",
        amount=Decimal("10.00"),
        currency="USD",
        rate_to_cny=rate,
        amount_cny=Decimal("71.00"),
        category="packaging",
        description="Boxes",
    )
    _lines(2, period=2024)
    data = api.get("/api/v1/spend/?period=2025").json()
    assert data["count"] == 1
    assert data["results"] == [
        {
            "id": data["results"][0]["id"],
            "supplier_id": supplier.pk,
            "registration_code": supplier.registration_code,
            "country": "CN",
            "period": 2025,
            "line_reference": "PO-9",
            "amount": "10.00",
            "currency": "USD",
            "rate_to_cny": "7.10000000",
            "amount_cny": "71.00",
            "category": "packaging",
            "description": "Boxes",
        }
    ]
    assert api.get("/api/v1/spend/?period=2024").json()["count"] == 2
    assert api.get("/api/v1/spend/").json()["count"] == 3


@pytest.mark.parametrize("query", ["period=abc", "period=99999999999999999999", "supplier=-1"])
def test_spend_list_bad_filters_are_400(api, query: str) -> None:
    assert api.get(f"/api/v1/spend/?{query}").status_code == 400


def test_spend_totals_per_currency_and_cny(api) -> None:
    _lines(2)
    SpendLine.objects.create(
        supplier=SupplierFactory(),
        period=2025,
        line_reference="U",
        amount=Decimal("10.00"),
        currency="USD",
        rate_to_cny=Decimal("7"),
        amount_cny=Decimal("70.00"),
    )
    data = api.get("/api/v1/spend/totals/?period=2025").json()
    assert data["lines"] == 3
    assert data["amount_cny"] == "270.00"
    assert data["by_currency"] == [
        {"currency": "CNY", "lines": 2, "amount": "200.00", "amount_cny": "200.00"},
        {"currency": "USD", "lines": 1, "amount": "10.00", "amount_cny": "70.00"},
    ]


def test_spend_list_query_count_does_not_grow_with_the_lines(
    api, django_assert_max_num_queries
) -> None:
    _lines(3)
    with django_assert_max_num_queries(8) as few:
        assert api.get("/api/v1/spend/?period=2025").status_code == 200
    _lines(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/spend/?period=2025").json()["results"]) == 25


@pytest.mark.parametrize(
    ("role", "can_read", "can_import"),
    [
        (roles.PROCUREMENT_OFFICER, True, True),
        (roles.PROCUREMENT_ADMIN, True, True),
        (roles.AUDITOR, True, False),
        (roles.REVIEWER, False, False),
    ],
)
def test_roles_read_and_import(role: str, can_read: bool, can_import: bool) -> None:
    _lines(1)
    client = _client(staff_user(role))
    assert client.get("/api/v1/spend/?period=2025").status_code == (200 if can_read else 403)
    assert client.get("/api/v1/spend/totals/").status_code == (200 if can_read else 403)
    content = workbook_bytes([])
    response = client.post("/api/v1/spend-imports/", {"file": upload(content)}, format="multipart")
    assert response.status_code == (202 if can_import else 403)


def test_supplier_users_never_see_spend(supplier_member) -> None:
    lines = _lines(1)
    job = SpendImport.objects.create(original_name="x.xlsx")
    client = _client(supplier_member)
    for path in (
        "/api/v1/spend/",
        "/api/v1/spend/totals/",
        f"/api/v1/spend/?supplier={lines[0].supplier_id}",
        f"/api/v1/spend-imports/{job.pk}/",
        "/api/v1/spend-imports/template.xlsx",
        "/api/v1/exchange-rates/",
    ):
        assert client.get(path).status_code == 403, path
    response = client.post(
        "/api/v1/spend-imports/", {"file": upload(workbook_bytes([]))}, format="multipart"
    )
    assert response.status_code == 403


def test_anonymous_is_refused() -> None:
    assert APIClient().get("/api/v1/spend/").status_code in (401, 403)


def test_unknown_import_is_404(api) -> None:
    assert api.get("/api/v1/spend-imports/999999/").status_code == 404


# --- Exchange rates -----------------------------------------------------------------------


def test_admin_creates_and_updates_a_rate_with_its_source(procurement_admin) -> None:
    client = _client(procurement_admin)
    response = client.post(
        "/api/v1/exchange-rates/",
        {"period": 2025, "currency": "usd", "rate_to_cny": "7.1", "source": "PBOC 2025-04-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["currency"], created["rate_to_cny"], created["updated_by"]) == (
        "USD",
        "7.10000000",
        procurement_admin.username,
    )
    response = client.patch(
        f"/api/v1/exchange-rates/{created['id']}/", {"rate_to_cny": "7.2"}, format="json"
    )
    assert response.status_code == 200
    assert ExchangeRate.objects.get().rate_to_cny == Decimal("7.2")
    assert client.get("/api/v1/exchange-rates/?period=2025").json()["count"] == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period": 2025, "currency": "USD", "rate_to_cny": "7.1"}, "source"),
        ({"period": 2025, "currency": "USD", "rate_to_cny": "7.1", "source": " "}, "source"),
        ({"period": 2025, "currency": "USD", "rate_to_cny": "0", "source": "x"}, "rate_to_cny"),
        ({"period": 2025, "currency": "CNY", "rate_to_cny": "1", "source": "x"}, "currency"),
        ({"period": 1800, "currency": "USD", "rate_to_cny": "1", "source": "x"}, "period"),
    ],
)
def test_bad_rates_are_400(procurement_admin, data: dict[str, object], field: str) -> None:
    response = _client(procurement_admin).post("/api/v1/exchange-rates/", data, format="json")
    assert response.status_code == 400, response.json()
    assert field in str(response.json())
    assert not ExchangeRate.objects.exists()


def test_a_second_rate_for_the_same_period_and_currency_is_refused(procurement_admin) -> None:
    ExchangeRate.objects.create(period=2025, currency="USD", rate_to_cny=Decimal(7), source="x")
    response = _client(procurement_admin).post(
        "/api/v1/exchange-rates/",
        {"period": 2025, "currency": "USD", "rate_to_cny": "7.1", "source": "y"},
        format="json",
    )
    assert response.status_code == 400
    assert "already a rate" in response.json()["detail"]


def test_officers_and_auditors_read_rates_but_do_not_change_them(officer, auditor) -> None:
    rate = ExchangeRate.objects.create(
        period=2025, currency="USD", rate_to_cny=Decimal(7), source="x"
    )
    for user in (officer, auditor):
        client = _client(user)
        assert client.get("/api/v1/exchange-rates/").status_code == 200
        assert (
            client.post(
                "/api/v1/exchange-rates/",
                {"period": 2025, "currency": "EUR", "rate_to_cny": "7.8", "source": "x"},
                format="json",
            ).status_code
            == 403
        )
        assert (
            client.patch(
                f"/api/v1/exchange-rates/{rate.pk}/", {"source": "z"}, format="json"
            ).status_code
            == 403
        )
