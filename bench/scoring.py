"""Rescoring N approved assessments of the default questionnaire vs only loading their answers.

Prints the time per assessment of (a) loading each assessment's answers from the database
(the baseline, measured in the same run) and (b) rescoring it (score + GHG calculation, both
stored), and the ratio b/a. Target: at most 3.

    .venv/bin/python bench/scoring.py [--assessments 10000]
"""

import argparse
import datetime
import time

from _setup import django_setup


def answer_value(question):  # type: ignore[no-untyped-def]
    own = [c for c in question.choices.all() if c.column_id is None]
    if question.type == "yes_no":
        return True
    if question.type == "single_choice":
        return own[0].code if own else None
    if question.type == "multi_choice":
        return [own[0].code] if own else []
    if question.type == "number":
        return "10"
    if question.type == "date":
        return "2026-06-30"
    if question.type == "text":
        return "Documented."
    if question.type == "table":
        row = {}
        for column in question.columns.all():
            choices = list(column.choices.all())
            row[column.code] = (
                choices[0].code if column.type == "single_choice" and choices
                else True if column.type == "yes_no"
                else "2026-06-30" if column.type == "date"
                else "1"
            )  # fmt: skip
        return [row]
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assessments", type=int, default=10_000)
    args = parser.parse_args()
    django_setup()
    from django.db import transaction

    from assessments.models import Answer, Assessment, Campaign
    from assessments.questionnaires.services import default_questionnaire_load
    from assessments.scoring.services import answers_for, assessment_score
    from suppliers.models import Category, Supplier

    version = default_questionnaire_load()
    category = Category.objects.get(slug="logistics")
    questions = list(version.questions.prefetch_related("choices__column", "columns__choices"))
    template = [
        (q, answer_value(q)) for q in questions if not q.categories or "logistics" in q.categories
    ]
    campaign = Campaign.objects.create(
        name="Bench", questionnaire_version=version, period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), due_on=datetime.date(2027, 1, 31), status="launched",
    )  # fmt: skip
    start = time.perf_counter()
    with transaction.atomic():
        suppliers = Supplier.objects.bulk_create(
            Supplier(name=f"Bench {n}", country="DE", region="other", registration_code=f"B{n}",
                     category=category, contact_name="x", contact_email=f"b{n}@example.com")
            for n in range(args.assessments)
        )  # fmt: skip
        assessments = Assessment.objects.bulk_create(
            Assessment(campaign=campaign, supplier=s, version=version, due_on=campaign.due_on, status="approved")
            for s in suppliers
        )  # fmt: skip
        batch = []
        for assessment in assessments:
            batch += [
                Answer(assessment=assessment, question=q, value=v)
                for q, v in template
                if v is not None
            ]
            if len(batch) > 20_000:
                Answer.objects.bulk_create(batch)
                batch = []
        Answer.objects.bulk_create(batch)
    print(
        f"Set-up: {len(assessments):,} assessments x {len(template)} answers in {time.perf_counter() - start:.1f} s"
    )

    ids = [a.pk for a in assessments]
    start = time.perf_counter()
    for assessment in (
        Assessment.objects.filter(pk__in=ids)
        .select_related("supplier__category", "version")
        .iterator()
    ):
        answers_for(assessment)
    load = (time.perf_counter() - start) / len(ids)
    start = time.perf_counter()
    for pk in ids:
        assessment_score(assessment_id=pk, kind="final")
    score = (time.perf_counter() - start) / len(ids)
    print(f"load answers only: {load * 1000:.2f} ms per assessment (baseline)")
    print(f"rescore (score + GHG, stored): {score * 1000:.2f} ms per assessment")
    print(f"ratio: {score / load:.2f} (target: at most 3)")


if __name__ == "__main__":
    main()
