"""Supplier search: substring semantics on the database's trigram index (SQLite and PostgreSQL).

Run on PostgreSQL with DATABASE_URL=postgres://.../<db> (pg_trgm); by default on SQLite (FTS5).
"""

import pytest
from django.db import connection
from django.db.models import Q

from suppliers import services
from suppliers.models import Supplier
from suppliers.selectors import supplier_search
from tests.factories import CategoryFactory, SupplierFactory, make_uscc

pytestmark = pytest.mark.django_db


def _found(term: str) -> set[str]:
    return set(supplier_search(Supplier.objects.all(), term).values_list("name", flat=True))


@pytest.fixture
def registry() -> dict[str, Supplier]:
    category = CategoryFactory(slug="logistics")
    return {
        "hangzhou": SupplierFactory(
            name="杭州绿源物流有限公司",
            name_en="Hangzhou Lvyuan Logistics Co., Ltd.",
            registration_code=make_uscc(4711),
            category=category,
        ),
        "shenzhen": SupplierFactory(
            name="深圳市华南包装材料有限公司",
            name_en="Shenzhen South China Packaging",
            registration_code=make_uscc(815),
            category=category,
        ),
        "munich": SupplierFactory(
            name="Müller Verpackung GmbH",
            name_en="",
            country="DE",
            registration_code="HRB 123456",
            category=category,
        ),
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("杭州", {"杭州绿源物流有限公司"}),  # two characters: below the index, scanned
        ("杭州绿源", {"杭州绿源物流有限公司"}),
        ("物流有限", {"杭州绿源物流有限公司"}),  # inside the name
        ("有限公司", {"杭州绿源物流有限公司", "深圳市华南包装材料有限公司"}),
        ("lvyuan logistics", {"杭州绿源物流有限公司"}),  # English name, any case
        ("SOUTH CHINA", {"深圳市华南包装材料有限公司"}),
        ("Co., Ltd", {"杭州绿源物流有限公司"}),  # punctuation is part of the substring
        ("hrb 1234", {"Müller Verpackung GmbH"}),
        ("ller Ver", {"Müller Verpackung GmbH"}),  # across a space, after a non-ASCII letter
        ("gmbh", {"Müller Verpackung GmbH"}),
        ("Lo", {"杭州绿源物流有限公司"}),  # short terms scan
        ("  深圳  ", {"深圳市华南包装材料有限公司"}),  # trimmed
        ("绿源包装", set()),  # no such substring, though each half exists
        ("Logistics Shenzhen", set()),  # a phrase never spans two suppliers or two columns
        ('"', set()),
        ('物流"有限', set()),  # quotes are text, not query syntax
        ("NEAR(a b)", set()),
        ("%", set()),
        ("_", set()),
        ("\x00杭州\x00绿源", {"杭州绿源物流有限公司"}),  # NUL is dropped (PostgreSQL refuses it)
    ],
)
def test_search_finds_substrings_of_names(
    registry: dict[str, Supplier], term: str, expected: set[str]
) -> None:
    assert _found(term) == expected


def test_search_finds_by_registration_code(registry: dict[str, Supplier]) -> None:
    code = registry["shenzhen"].registration_code
    assert _found(code) == {"深圳市华南包装材料有限公司"}
    assert _found(code[8:17].lower()) == {"深圳市华南包装材料有限公司"}  # "ma0000815"


def test_search_matches_what_a_substring_scan_finds(registry: dict[str, Supplier]) -> None:
    """The index changes how rows are found, never which: the same set as icontains."""
    for n in range(30):
        SupplierFactory(name=f"供应商{n}有限公司", name_en=f"Supplier {n} Co., Ltd.")
    for term in ["Supplier 1", "供应商2", "upplier 2", "Co.,", "有限公司", "9133", "Ltd."]:
        scan = Supplier.objects.filter(
            Q(name__icontains=term)
            | Q(name_en__icontains=term)
            | Q(registration_code__icontains=term)
        )
        assert set(supplier_search(Supplier.objects.all(), term)) == set(scan), term
        assert scan.exists(), term


def test_empty_term_returns_the_queryset(registry: dict[str, Supplier]) -> None:
    queryset = Supplier.objects.filter(country="DE")
    assert supplier_search(queryset, "  ") is queryset
    assert list(supplier_search(queryset, "有限公司")) == []  # the given queryset is kept


def test_the_index_follows_create_update_archive_and_delete(
    registry: dict[str, Supplier], officer
) -> None:  # type: ignore[no-untyped-def]
    category = registry["hangzhou"].category
    created = services.supplier_create(
        created_by=officer,
        name="宁波港湾仓储有限公司",
        name_en="Ningbo Harbour Storage",
        country="CN",
        registration_code=make_uscc(9001),
        category=category,
        contact_name="李雷",
        contact_email="li@example.com",
    )
    assert _found("港湾仓储") == {"宁波港湾仓储有限公司"}
    services.supplier_update(
        supplier=created, updated_by=officer, name="宁波海港冷链有限公司", name_en="Ningbo Cold"
    )
    assert _found("港湾仓储") == set()
    assert _found("Harbour") == set()
    assert _found("海港冷链") == {"宁波海港冷链有限公司"}
    assert _found("ningbo cold") == {"宁波海港冷链有限公司"}
    services.supplier_archive(supplier=created, archived_by=officer)
    assert _found("海港冷链") == {"宁波海港冷链有限公司"}  # archived suppliers stay findable
    Supplier.objects.filter(pk=created.pk).update(registration_code="ZZ-UPDATED-1")
    assert _found("ZZ-UPDATED") == {"宁波海港冷链有限公司"}
    Supplier.objects.filter(pk=created.pk).delete()
    assert _found("海港冷链") == set()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # FTS5's own consistency check of the index
            cursor.execute(
                "INSERT INTO suppliers_supplier_search(suppliers_supplier_search) "
                "VALUES ('integrity-check')"
            )


def test_bulk_created_suppliers_are_found(registry: dict[str, Supplier]) -> None:
    category = registry["hangzhou"].category
    Supplier.objects.bulk_create(
        Supplier(
            name=f"批量{n}号供应商",
            name_en=f"Bulk {n}",
            country="CN",
            region="mainland_china",
            registration_code=make_uscc(20_000 + n),
            category=category,
            contact_name="王芳",
            contact_email=f"b{n}@example.com",
        )
        for n in range(3)
    )
    assert _found("批量1号") == {"批量1号供应商"}


def test_search_uses_the_index() -> None:
    """The plan for a search can read the trigram index instead of every supplier row."""
    queryset = supplier_search(Supplier.objects.order_by(), "绿源物流")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A near-empty table is cheaper to scan: take the scans away to see the index serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            for column in ("name", "name_en", "registration_code"):
                assert f"Bitmap Index Scan on supplier_{column}_trgm" in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "suppliers_supplier_search VIRTUAL TABLE" in plan, plan


def test_list_page_and_api_search_through_the_index(
    registry: dict[str, Supplier], officer_client, api, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    page = officer_client.get("/suppliers/", {"search": "绿源物流"})
    assert page.status_code == 200
    assert "杭州绿源物流有限公司" in page.content.decode()
    assert "深圳市华南包装材料有限公司" not in page.content.decode()
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/suppliers/", {"search": "hangzhou lvyuan"})
    assert [row["name"] for row in response.json()["results"]] == ["杭州绿源物流有限公司"]
