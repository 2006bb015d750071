"""Pages and endpoints run the same number of queries however many rows there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suppliers import services
from tests.factories import SiteFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _grow(n: int) -> None:
    for supplier in SupplierFactory.create_batch(n):
        SiteFactory(supplier=supplier)
        SiteFactory(supplier=supplier)


def test_supplier_list_page_query_count_is_constant(
    officer_client, django_assert_max_num_queries
) -> None:
    _grow(3)
    small = _count(officer_client, "/suppliers/?ordering=name")
    _grow(60)
    with django_assert_max_num_queries(small):
        officer_client.get("/suppliers/?ordering=name&page=2")
    assert _count(officer_client, "/suppliers/?search=Supplier") == _count(
        officer_client, "/suppliers/"
    )


def test_supplier_list_endpoint_query_count_is_constant(api, django_assert_max_num_queries) -> None:
    _grow(3)
    small = _count(api, "/api/v1/suppliers/")
    _grow(60)
    with django_assert_max_num_queries(small):
        response = api.get("/api/v1/suppliers/?page_size=100")
    assert len(response.json()["results"]) == 63


def test_history_endpoint_and_detail_page_query_counts_are_constant(
    api, officer_client, officer, django_assert_max_num_queries
) -> None:
    supplier = SupplierFactory()
    SiteFactory(supplier=supplier)
    small_api = _count(api, f"/api/v1/suppliers/{supplier.pk}/history/")
    small_page = _count(officer_client, f"/suppliers/{supplier.pk}/")
    for n in range(20):
        services.supplier_update(supplier=supplier, updated_by=officer, contact_phone=str(n))
    with django_assert_max_num_queries(small_api):
        api.get(f"/api/v1/suppliers/{supplier.pk}/history/")
    with django_assert_max_num_queries(small_page):
        officer_client.get(f"/suppliers/{supplier.pk}/")


def test_import_list_page_query_count_is_constant(
    officer_client, django_assert_max_num_queries
) -> None:
    from suppliers.models import SupplierImport

    SupplierImport.objects.create(original_name="first.xlsx")
    small = _count(officer_client, "/suppliers/imports/")
    SupplierImport.objects.bulk_create(
        [SupplierImport(original_name=f"f{n}.xlsx", errors=[{"row": 2}] * 100) for n in range(30)]
    )
    with django_assert_max_num_queries(small):
        officer_client.get("/suppliers/imports/")
