"""Scope 3 Category 1 of a period at scale, against reading its inputs, in one run.

    .venv/bin/python bench/scope3.py [--suppliers 10000] [--lines 200000]
        [--data-dir /tmp/greengate-bench-scope3]

Builds (or reuses, in --data-dir) a SQLite database of N suppliers with approved assessments
of period 2025 (each with a GHG result and a revenue answer, a third with a declared
allocation) and L spend lines, and a spend-based factor set. Then, in the same process, best
of three each:

- ours: `category1_compute(period=2025)` (spend summed per supplier in SQL, every supplier
  through the hierarchy);
- read: reading the same spend lines and GHG results from the database (values_list, no
  computation).

Target: ours / read at most 3 (PASS or FAIL is printed).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
PERIOD = 2025
TARGET = 3.0


def setup_django(data_dir: str) -> None:
    os.environ["GREENGATE_VAR_DIR"] = data_dir
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(HERE))
    from _setup import django_setup

    django_setup()


def build(count: int, lines: int) -> None:
    """N suppliers, their approved assessments with GHG results, L spend lines (skipped when
    the campaign and lines exist)."""
    from django.db import transaction

    from assessments.models import (
        Answer,
        Assessment,
        Campaign,
        FactorSet,
        GhgCalculation,
        SpendFactor,
        SpendFactorSet,
        SpendLine,
    )  # fmt: skip
    from assessments.scope3.services import scope3_questionnaire_load
    from suppliers.models import Category, Supplier

    name = f"Bench scope3 {count}"
    if Campaign.objects.filter(name=name).exists() and (
        SpendLine.objects.filter(period=PERIOD).count() >= lines
    ):
        print(f"Reusing the database in {os.environ['GREENGATE_VAR_DIR']}")
        return
    start = time.perf_counter()
    version = scope3_questionnaire_load()
    questions = {q.code: q for q in version.questions.filter(code__in=["A2.11", "A4.11",
                                                                      "A4.11.1"])}  # fmt: skip
    categories = list(Category.objects.order_by("slug"))
    with transaction.atomic():
        suppliers = Supplier.objects.bulk_create(
            Supplier(name=f"Bench scope3 supplier {n} 有限公司", country="CN",
                     region="mainland_china", registration_code=f"S3-{count}-{n}",
                     category=categories[n % len(categories)], contact_name="x",
                     contact_email=f"s{n}@example.com")
            for n in range(count)
        )  # fmt: skip
        campaign = Campaign.objects.create(
            name=name, questionnaire_version=version, period_start=datetime.date(PERIOD, 4, 1),
            period_end=datetime.date(PERIOD + 1, 3, 31), due_on=datetime.date(PERIOD + 1, 1, 31),
            status="launched",
        )  # fmt: skip
        assessments = Assessment.objects.bulk_create(
            Assessment(campaign=campaign, supplier=s, version=version, due_on=campaign.due_on,
                       status="approved")
            for s in suppliers
        )  # fmt: skip
        factor_set = FactorSet.objects.order_by("version").first()
        GhgCalculation.objects.bulk_create(
            GhgCalculation(assessment=a, factor_set=factor_set, scope1=Decimal(100 + n % 50),
                           scope2=Decimal(50 + n % 30))
            for n, a in enumerate(assessments)
        )  # fmt: skip
        answers = []
        for n, assessment in enumerate(assessments):
            answers.append(Answer(assessment=assessment, question=questions["A2.11"],
                                  value=0 if n % 10 == 0 else 20 + n % 100))  # fmt: skip
            if n % 3 == 0:
                answers.append(Answer(assessment=assessment, question=questions["A4.11"],
                                      value=1 + n % 7))  # fmt: skip
                answers.append(Answer(assessment=assessment, question=questions["A4.11.1"],
                                      value="market_value"))  # fmt: skip
        Answer.objects.bulk_create(answers, batch_size=5000)
        batch = []
        for n in range(lines):
            supplier = suppliers[n % count]
            amount = Decimal(1000 + (n * 37) % 90000)
            batch.append(SpendLine(supplier=supplier, period=PERIOD, line_reference=f"B{n}",
                                   amount=amount, amount_cny=amount))  # fmt: skip
            if len(batch) >= 20_000:
                SpendLine.objects.bulk_create(batch)
                batch = []
        SpendLine.objects.bulk_create(batch)
        spend_set = SpendFactorSet.objects.create(version=1, name="Bench (not a real source)")
        SpendFactor.objects.bulk_create(
            SpendFactor(factor_set=spend_set, category=c.slug, kg_per_cny=Decimal("0.25"),
                        source="bench", base_year=2020)
            for c in categories
        )  # fmt: skip
    print(f"Set-up: {count:,} suppliers, {lines:,} lines in {time.perf_counter() - start:.0f} s")


def best_of(runs: int, work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--data-dir", default="/tmp/greengate-bench-scope3")
    args = parser.parse_args()
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    setup_django(args.data_dir)
    build(args.suppliers, args.lines)

    from assessments.models import GhgCalculation, SpendLine
    from assessments.scope3.selectors import category1_compute

    def ours():  # type: ignore[no-untyped-def]
        return category1_compute(period=PERIOD).result

    def read():  # type: ignore[no-untyped-def]
        spend = list(
            SpendLine.objects.filter(period=PERIOD).values_list("supplier_id", "amount_cny")
        )
        ghg = list(
            GhgCalculation.objects.filter(
                assessment__status="approved",
                assessment__campaign__period_start__gte=datetime.date(PERIOD, 4, 1),
                assessment__campaign__period_start__lte=datetime.date(PERIOD + 1, 3, 31),
            ).values_list("assessment_id", "scope1", "scope2")
        )
        return len(spend), len(ghg)

    read_wall, counts = best_of(3, read)
    ours_wall, result = best_of(3, ours)
    ratio = ours_wall / read_wall
    by = {item.method: item.supplier_count for item in result.by_method}  # type: ignore[attr-defined]
    print(f"read: {counts[0]:,} spend lines and {counts[1]:,} GHG results in {read_wall:.3f} s")  # type: ignore[index]
    print(
        f"ours: Category 1 of {result.supplier_count:,} suppliers in {ours_wall:.3f} s "  # type: ignore[attr-defined]
        f"(total {result.total:,.1f} tCO2e; by method {by})"
    )  # type: ignore[attr-defined]
    print(
        f"ratio ours / read: {ratio:.2f} (target <= {TARGET}) {'PASS' if ratio <= TARGET else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
