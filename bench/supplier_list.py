"""How the supplier list page and list endpoint scale: 1,000 suppliers (baseline) vs 50,000.

Prints, for each request, the median time at each size, the ratio to the baseline and the
query count. A flat ratio means the page does not slow down as the registry grows.

    .venv/bin/python bench/supplier_list.py [--large 50000] [--repeat 15]
"""

import argparse
import statistics
import time

from _setup import django_setup

REQUESTS = [
    ("page: first page", "/suppliers/"),
    ("page: search", "/suppliers/?search=Supplier%2012"),
    ("page: category + region", "/suppliers/?category=media&region=mainland_china"),
    ("page: sort by English name", "/suppliers/?ordering=-name_en"),
    ("page: page 40", "/suppliers/?page=40"),
    ("api: first page", "/api/v1/suppliers/"),
    ("api: search", "/api/v1/suppliers/?search=Supplier%2012"),
    ("api: status filter", "/api/v1/suppliers/?status=suspended"),
    ("api: 200 per page", "/api/v1/suppliers/?page_size=200"),
]


def grow_to(total: int) -> None:
    from suppliers.models import Category, Supplier, region_for_country
    from suppliers.validators import uscc_check_character

    categories = list(Category.objects.all())
    have = Supplier.objects.count()
    batch = []
    for n in range(have, total):
        first_17 = f"91330100MA{n:07d}"
        country = "CN" if n % 4 else "HK"
        batch.append(
            Supplier(
                name=f"供应商{n}有限公司",
                name_en=f"Supplier {n} Co., Ltd.",
                country=country,
                region=region_for_country(country),
                registration_code=first_17 + uscc_check_character(first_17)
                if country == "CN"
                else f"HK{n}",
                category=categories[n % len(categories)],
                status="suspended" if n % 10 == 0 else "active",
                contact_name="王芳",
                contact_email=f"c{n}@example.com",
            )
        )
        if len(batch) == 5000:
            Supplier.objects.bulk_create(batch)
            batch = []
    Supplier.objects.bulk_create(batch)


def measure(client, repeat: int) -> dict[str, tuple[float, int]]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for label, url in REQUESTS:
        client.get(url)  # warm up
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        results[label] = (statistics.median(times), len(queries.captured_queries))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    django_setup()
    from django.test import Client
    from rest_framework.test import APIClient

    from core import roles
    from suppliers.models import Supplier
    from tests.factories import staff_user

    user = staff_user(roles.PROCUREMENT_OFFICER, username="bench")
    client = Client()
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)

    class Both:
        def get(self, url: str):  # type: ignore[no-untyped-def]
            return (api if url.startswith("/api/") else client).get(url)

    grow_to(args.baseline)
    base = measure(Both(), args.repeat)
    grow_to(args.large)
    large = measure(Both(), args.repeat)
    print(f"Suppliers: baseline {args.baseline:,}, large {Supplier.objects.count():,}")
    print(f"{'request':32} {'baseline ms':>12} {'large ms':>10} {'ratio':>7} {'queries':>9}")
    for label, _url in REQUESTS:
        (b, bq), (lg, lq) = base[label], large[label]
        print(f"{label:32} {b * 1000:12.1f} {lg * 1000:10.1f} {lg / b:7.2f} {bq:>4}/{lq:<4}")


if __name__ == "__main__":
    main()
