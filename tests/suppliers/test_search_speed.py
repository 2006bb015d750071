"""A search's page costs the page: keys first, then full rows for those keys only.

bench/supplier_list.py measures the times; these tests hold the query shapes that keep them flat
(run on PostgreSQL with DATABASE_URL=postgres://.../<db>, by default on SQLite).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

MATCHES = 30


@pytest.fixture
def registry() -> list[str]:
    """MATCHES suppliers that a search for "upplier" finds (their names, in name order), and
    three it does not."""
    for n in reversed(range(MATCHES)):  # created out of name order: ids do not give the order
        SupplierFactory(name=f"供应商{n:02d}有限公司", name_en=f"Supplier {n:02d} Co., Ltd.")
    for n in range(3):
        SupplierFactory(name=f"其他{n}号公司", name_en=f"Other {n}")
    return [f"供应商{n:02d}有限公司" for n in range(MATCHES)]


def _full_row_queries(context: CaptureQueriesContext) -> list[str]:
    """The queries that read whole supplier rows (the page's), not just keys or a count."""
    return [
        query["sql"]
        for query in context.captured_queries
        if '"suppliers_supplier"."contact_email"' in query["sql"]
    ]


def _searches(sql: str) -> bool:
    return "suppliers_supplier_search" in sql or "LIKE" in sql.upper()


def test_search_page_reads_full_rows_for_the_shown_page_only(
    registry: list[str], officer_client
) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        response = officer_client.get("/suppliers/", {"search": "upplier"})
    assert response.status_code == 200
    page = response.context["page"]
    assert [supplier.name for supplier in page] == registry[:25]
    assert page.paginator.count == MATCHES
    assert page.paginator.num_pages == 2
    (rows,) = _full_row_queries(context)
    assert not _searches(rows), rows  # the search ran once, for the keys, not per full row
    assert " IN (" in rows  # the keys of the page

    second = officer_client.get("/suppliers/", {"search": "upplier", "page": 2})
    assert [supplier.name for supplier in second.context["page"]] == registry[25:]


def test_search_endpoint_reads_full_rows_for_the_shown_page_only(registry: list[str], api) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        response = api.get("/api/v1/suppliers/", {"search": "upplier", "page_size": 10})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == MATCHES
    assert [row["name"] for row in body["results"]] == registry[:10]
    (rows,) = _full_row_queries(context)
    assert not _searches(rows), rows
    names = []
    for number in (1, 2, 3):
        page = api.get(
            "/api/v1/suppliers/", {"search": "upplier", "page_size": 10, "page": number}
        ).json()
        names += [row["name"] for row in page["results"]]
        assert all(row["sites"] == [] for row in page["results"])  # prefetched rows, complete
    assert names == registry
    past_the_end = api.get("/api/v1/suppliers/", {"search": "upplier", "page": 9})
    assert past_the_end.status_code == 404
    assert past_the_end.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("ordering", "reverse"),
    [("-name_en", True), ("name", False), ("score", False), ("-registration_code", None)],
)
def test_a_page_keeps_the_order_of_its_keys(
    registry: list[str], api, officer_client, ordering: str, reverse: bool | None
) -> None:  # type: ignore[no-untyped-def]
    """The full rows come back in any order; the page shows them in the list's order."""
    from suppliers.models import Supplier

    found = Supplier.objects.filter(name_en__icontains="upplier")
    if reverse is None:
        expected = list(found.order_by("-registration_code", "id").values_list("name", flat=True))
    elif ordering == "score":  # no supplier has a score: the id breaks the tie
        expected = list(found.order_by("id").values_list("name", flat=True))
    else:
        expected = sorted(registry, reverse=reverse)
    response = api.get(
        "/api/v1/suppliers/", {"search": "upplier", "ordering": ordering, "page_size": 200}
    )
    assert [row["name"] for row in response.json()["results"]] == expected
    page = officer_client.get("/suppliers/", {"search": "upplier", "ordering": ordering})
    assert [supplier.name for supplier in page.context["page"]] == expected[:25]


def test_an_unsearched_list_pages_the_same_way(registry: list[str], officer_client) -> None:  # type: ignore[no-untyped-def]
    response = officer_client.get("/suppliers/", {"page": 2})
    page = response.context["page"]
    assert page.paginator.count == MATCHES + 3
    assert [supplier.name for supplier in page] == sorted(
        [*registry, "其他0号公司", "其他1号公司", "其他2号公司"]
    )[25:]
    assert officer_client.get("/suppliers/", {"page": "x"}).context["page"].number == 1
    assert officer_client.get("/suppliers/", {"page": 99}).context["page"].number == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_trigram_indexes_take_new_rows_without_a_pending_list() -> None:
    """Rows inserted into a GIN index's pending list are read by every search until VACUUM
    merges them (bulk imports made searches 30 times slower): migration 0007 turns it off."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('supplier_name_trgm', 'supplier_name_en_trgm', 'supplier_registration_code_trgm')"
        )
        options = dict(cursor.fetchall())
    assert len(options) == 3
    for name, reloptions in options.items():
        assert "fastupdate=off" in (reloptions or []), name
