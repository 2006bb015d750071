"""A campaign of the default questionnaire with varied answers, for the audit workbook tests.

Suppliers of every category answer at random (seeded): some questions unanswered, some "not
applicable" (accepted or queried by the reviewer), evidence accepted, rejected or pending,
critical items failed. Scores are computed by the app's own scoring service: final for most,
provisional for one, none for one that has not submitted.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from assessments.models import (
    Campaign,
    CorrectiveAction,
    Event,
    LabelDecision,
    LabelRules,
    Question,
)
from assessments.questionnaires.services import default_questionnaire_load
from assessments.scoring.services import assessment_score
from suppliers.models import Category
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    CampaignFactory,
    EvidenceDocumentFactory,
    SupplierFactory,
)

HOSTILE = (
    '=HYPERLINK("http://evil.example/","click")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\tTAB",
    "\rCR",
)


def _value(question: Question, rng: random.Random) -> Any:
    own = [c for c in question.choices.all() if c.column_id is None]
    if question.type == "yes_no":
        return rng.random() < 0.7
    if question.type == "single_choice":
        return rng.choice(own).code if own else None
    if question.type == "multi_choice":
        return sorted({rng.choice(own).code for _ in range(rng.randint(1, 3))}) if own else []
    if question.type == "number":
        top = max([Decimal(str(b.get("min") or 0)) for b in question.bands or []] + [Decimal(10)])
        return str((top * Decimal(rng.random() * 2)).quantize(Decimal("0.01")))
    if question.type == "date":
        return f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if question.type == "text":
        return rng.choice(["Documented in the EMS manual.", "见附件。", *HOSTILE])
    if question.type == "table":
        rows = []
        for _ in range(rng.randint(1, 2)):
            row: dict[str, Any] = {}
            for column in question.columns.all():
                choices = list(column.choices.all())
                row[column.code] = (
                    rng.choice(choices).code if column.type == "single_choice" and choices
                    else rng.random() < 0.5 if column.type == "yes_no"
                    else "2026-06-30" if column.type == "date"
                    else str(rng.randint(1, 500)) if column.type == "number"
                    else rng.choice(["P-1", "=1+1", "排污许可"])
                )  # fmt: skip
            rows.append(row)
        return rows
    return None


def varied_campaign(*, officer: Any, suppliers: int = 6, seed: int = 7) -> Campaign:
    rng = random.Random(seed)
    version = default_questionnaire_load()
    questions = list(version.questions.prefetch_related("choices__column", "columns__choices"))
    campaign = CampaignFactory(
        name="FY2026 audit", questionnaire_version=version, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), status="launched", created_by=officer,
    )  # fmt: skip
    categories = list(Category.objects.order_by("slug"))
    rules = LabelRules.objects.order_by("-version").first()
    for n in range(suppliers):
        category = categories[n % len(categories)]
        name = HOSTILE[0] if n == 1 else f"供应商 {n} 有限公司"
        supplier = SupplierFactory(category=category, name=name)
        status = (
            "submitted"
            if n == suppliers - 2
            else "in_progress"
            if n == suppliers - 1
            else "approved"
        )
        assessment = AssessmentFactory(campaign=campaign, supplier=supplier, status=status)
        for question in questions:
            if question.categories and category.slug not in question.categories:
                continue
            roll = rng.random()
            if roll < 0.12:
                continue  # unanswered
            not_applicable = question.allows_not_applicable and roll < 0.25
            answer = AnswerFactory(
                assessment=assessment,
                question=question,
                value=None if not_applicable else _value(question, rng),
                not_applicable=not_applicable,
                justification=rng.choice(["Not relevant to our office.", "=cmd|' /C calc'!A0"])
                if not_applicable
                else "",
                data_quality=rng.choice(["", "metered", "estimated"])
                if question.data_quality
                else "",
                review_status=rng.choice(["accepted", "accepted", "queried", "pending"]),
                review_comment=rng.choice(["", "Please attach the permit.", "@SUM(A1)"]),
            )
            if question.requires_evidence or question.scoring == "evidence" or rng.random() < 0.2:
                for _ in range(rng.randint(0, 2)):
                    EvidenceDocumentFactory(
                        answer=answer,
                        original_name=rng.choice(["permit.png", "+report.png", "许可证.png"]),
                        review_status=rng.choice(["accepted", "rejected", "pending"]),
                        review_reason=rng.choice(["", "Expired.", "-1"]),
                    )
        if status == "approved":
            score = assessment_score(assessment_id=assessment.pk, kind="final")
            if n == 0 and rules is not None:
                LabelDecision.objects.create(
                    supplier=supplier, kind="granted", actor=officer, reason="Meets the rules.",
                    assessment=assessment, score=score, rules=rules,
                )  # fmt: skip
        elif status == "submitted":
            assessment_score(assessment_id=assessment.pk, kind="provisional")
        Event.objects.create(
            assessment=assessment, kind="answer_saved", actor=officer, question_code="A1.2",
            data={"new": HOSTILE[2], "old": None},
        )  # fmt: skip
        if n % 2 == 0:
            CorrectiveAction.objects.create(
                assessment=assessment, question=questions[3], title="=Fix the permit",
                description="+Renew it", severity="critical", due_on=datetime.date(2027, 3, 1),
                raised_by=officer,
            )  # fmt: skip
    return campaign
