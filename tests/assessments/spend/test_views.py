from decimal import Decimal

import pytest
from django.test import Client

from assessments.spend.models import ExchangeRate, SpendImport, SpendLine
from core import roles
from tests.assessments.spend.helpers import line, upload, workbook_bytes
from tests.factories import SupplierFactory, staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]


def _login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _spend(count: int, period: int = 2025) -> None:
    for n in range(count):
        supplier = SupplierFactory()
        for reference in ("A", "B"):
            SpendLine.objects.create(
                supplier=supplier,
                period=period,
                line_reference=f"{reference}-{n}",
                amount=Decimal("10.00"),
                currency="CNY",
                amount_cny=Decimal("10.00"),
            )


def test_upload_page_imports_and_shows_the_errors_with_sheet_row_and_column(
    officer_client, django_capture_on_commit_callbacks
) -> None:
    supplier = SupplierFactory()
    content = workbook_bytes([line(supplier, "PO-1"), line(supplier, "PO-2", amount="12,5")])
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post("/spend/imports/", {"file": upload(content)})
    assert response.status_code == 302
    job = SpendImport.objects.get()
    page = officer_client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in page
    assert '<td>Spend</td><td>3</td><td class="code">amount</td>' in page
    assert "nothing was imported" in page
    assert job.failed == 1


def test_upload_page_shows_a_damaged_file_on_the_form(officer_client) -> None:
    response = officer_client.post("/spend/imports/", {"file": upload(b"nonsense")})
    assert response.status_code == 400
    assert "not a valid Excel workbook" in response.content.decode()
    assert not SpendImport.objects.exists()


def test_template_download_page(officer_client) -> None:
    response = officer_client.get("/spend/imports/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('greengate-spend-import.xlsx"')


def test_spend_list_by_supplier_and_one_suppliers_lines(officer_client) -> None:
    _spend(2)
    supplier = SpendLine.objects.first().supplier  # type: ignore[union-attr]
    page = officer_client.get("/spend/?period=2025").content.decode()
    assert supplier.name in page
    assert 'data-testid="spend-total-cny">40.00' in page
    lines = officer_client.get(f"/spend/?period=2025&supplier={supplier.pk}").content.decode()
    assert "A-0" in lines and "B-0" in lines
    assert 'data-testid="spend-total-cny">20.00' in lines


@pytest.mark.parametrize("query", ["period=abc", "supplier=xyz", "supplier=999999", "page=-3"])
def test_spend_list_bad_filters_are_not_errors(officer_client, query: str) -> None:
    assert officer_client.get(f"/spend/?{query}").status_code == 200


def test_spend_list_search(officer_client) -> None:
    _spend(2)
    first, second = (
        line.supplier for line in SpendLine.objects.filter(line_reference__startswith="A")
    )
    page = officer_client.get(f"/spend/?period=2025&q={first.registration_code}").content.decode()
    assert first.name in page and second.name not in page


def test_spend_list_query_count_does_not_grow_with_the_suppliers(
    officer_client, django_assert_max_num_queries
) -> None:
    _spend(2)
    with django_assert_max_num_queries(20) as few:
        assert officer_client.get("/spend/?period=2025").status_code == 200
    _spend(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_client.get("/spend/?period=2025").status_code == 200
    supplier = SpendLine.objects.first().supplier  # type: ignore[union-attr]
    for n in range(60):
        SpendLine.objects.create(
            supplier=supplier, period=2025, line_reference=f"X{n}", amount=1, amount_cny=1
        )
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        assert officer_client.get(f"/spend/?period=2025&supplier={supplier.pk}").status_code == 200


def test_auditor_reads_spend_and_imports_but_cannot_upload(auditor) -> None:
    client = _login(auditor)
    assert client.get("/spend/").status_code == 200
    page = client.get("/spend/imports/")
    assert page.status_code == 200
    assert b'data-testid="spend-import-form"' not in page.content
    response = client.post("/spend/imports/", {"file": upload(workbook_bytes([]))})
    assert response.status_code == 403
    assert not SpendImport.objects.exists()


@pytest.mark.parametrize("path", ["/spend/", "/spend/imports/", "/spend/rates/"])
def test_supplier_users_and_reviewers_never_see_spend(supplier_member, path: str) -> None:
    assert _login(supplier_member).get(path).status_code == 403
    assert _login(staff_user(roles.REVIEWER)).get(path).status_code == 403


def test_supplier_user_cannot_open_an_import(supplier_member) -> None:
    job = SpendImport.objects.create(original_name="x.xlsx")
    assert _login(supplier_member).get(f"/spend/imports/{job.pk}/").status_code == 403


def test_rates_page_admin_adds_and_edits_a_rate(procurement_admin) -> None:
    client = _login(procurement_admin)
    response = client.post(
        "/spend/rates/",
        {"period": 2025, "currency": "usd", "rate_to_cny": "7.1", "source": "PBOC"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.updated_by) == ("USD", procurement_admin)
    response = client.post(
        f"/spend/rates/{rate.pk}/edit/",
        {"period": 2030, "currency": "EUR", "rate_to_cny": "7.3", "source": "PBOC 2"},
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    # Period and currency are what the rate is for: the edit form does not change them.
    assert (rate.period, rate.currency, rate.rate_to_cny, rate.source) == (
        2025,
        "USD",
        Decimal("7.3"),
        "PBOC 2",
    )


def test_rates_page_refuses_a_rate_without_source(procurement_admin) -> None:
    response = _login(procurement_admin).post(
        "/spend/rates/", {"period": 2025, "currency": "USD", "rate_to_cny": "7.1", "source": ""}
    )
    assert response.status_code == 400
    assert not ExchangeRate.objects.exists()


def test_officer_reads_rates_but_does_not_add_or_edit(officer_client) -> None:
    rate = ExchangeRate.objects.create(period=2025, currency="USD", rate_to_cny=7, source="x")
    page = officer_client.get("/spend/rates/")
    assert page.status_code == 200 and b'data-testid="rate-form"' not in page.content
    assert (
        officer_client.post(
            "/spend/rates/", {"period": 2025, "currency": "EUR", "rate_to_cny": "7", "source": "x"}
        ).status_code
        == 403
    )
    assert officer_client.get(f"/spend/rates/{rate.pk}/edit/").status_code == 403


def test_navigation_links_to_spend_for_readers_only(officer_client) -> None:
    assert b'data-testid="nav-spend"' in officer_client.get("/spend/").content
    reviewer = _login(staff_user(roles.REVIEWER))
    assert b'data-testid="nav-spend"' not in reviewer.get("/suppliers/").content
