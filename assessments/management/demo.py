"""Demo answers: a few suppliers of the demo campaign answer, submit and get reviewed.

Everything goes through the real services (validation, events, scoring tasks), so the demo's
dashboard, scores and audit workbooks show real figures. Values are chosen from each question's
own choices and limits; a value the services refuse is skipped, never forced in."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.models import Answer, Assessment, Question
from assessments.review import services as review_services
from core.errors import ApplicationError

# A tiny valid PNG-typed document (evidence is checked by content).
DEMO_EVIDENCE = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DEMO_ATTEMPTS = 8


def _number(question: Question, rng: random.Random, *, strong: bool) -> str:
    low = question.min_value if question.min_value is not None else Decimal(0)
    high = question.max_value if question.max_value is not None else low + Decimal(5000)
    share = Decimal(str(rng.uniform(0.05, 0.4) if strong else rng.uniform(0.3, 0.9)))
    return str((low + (high - low) * share).quantize(Decimal("0.01")))


def demo_value(question: Question, rng: random.Random, *, strong: bool) -> Any:
    own = [choice for choice in question.choices.all() if choice.column_id is None]
    if question.type == "yes_no":
        return True if strong else rng.random() < 0.6
    if question.type == "single_choice" and own:
        best = max(own, key=lambda choice: choice.points)
        return best.code if strong else rng.choice(own).code
    if question.type == "multi_choice" and own:
        combinable = [choice for choice in own if not choice.is_exclusive] or own[:1]
        return sorted({c.code for c in rng.sample(combinable, k=min(len(combinable), 2))})
    if question.type == "number":
        return _number(question, rng, strong=strong)
    if question.type == "date":
        return f"2026-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
    if question.type == "text":
        return rng.choice(["详见环境管理手册第 4 章。", "Documented in our EMS manual, section 4."])
    if question.type == "table":
        row: dict[str, Any] = {}
        for column in question.columns.all():
            choices = list(column.choices.all())
            if column.type == "single_choice" and choices:
                row[column.code] = rng.choice(choices).code
            elif column.type == "yes_no":
                row[column.code] = True
            elif column.type == "date":
                row[column.code] = "2027-06-30"
            elif column.type == "number":
                row[column.code] = str(rng.randint(10, 900))
            else:
                row[column.code] = rng.choice(["PW-2024-0117", "HZ-EIA-88"])
        return [row]
    return None


def answer_all(
    assessment: Assessment, *, user: User | None, rng: random.Random, strong: bool
) -> int:
    """Answer every visible question (conditions re-evaluated as answers arrive); returns count."""
    saved = 0
    for _round in range(3):  # answers can reveal follow-up questions
        answers = answer_selectors.assessment_answers(assessment)
        pending = [
            question
            for question in answer_selectors.visible_questions(assessment, answers)
            if question.code not in answers and question.type != "file"
        ]
        if not pending:
            break
        for question in pending:
            # A few tries: a random table row can pair choices the rules refuse (a unit that is
            # not one of its energy type's, say).
            for _attempt in range(DEMO_ATTEMPTS):
                value = demo_value(question, rng, strong=strong)
                if value is None:
                    break
                try:
                    answer_services.answer_save(
                        assessment=assessment, question_code=question.code, value=value,
                        user=user, revision=None,
                        data_quality=rng.choice(["metered", "invoiced", "estimated"])
                        if question.data_quality else "",
                    )  # fmt: skip
                except ApplicationError:
                    continue
                saved += 1
                break
    for question in answer_selectors.visible_questions(
        assessment, answer_selectors.assessment_answers(assessment)
    ):
        if question.requires_evidence or question.type == "file":
            try:
                answer_services.evidence_upload(
                    assessment=assessment,
                    question_code=question.code,
                    file=SimpleUploadedFile(f"{question.code}-evidence.png", DEMO_EVIDENCE),
                    user=user,
                    # A permit or certificate states its validity: two years from today.
                    valid_until=timezone.localdate() + datetime.timedelta(days=730)
                    if question.requires_validity
                    else None,
                )
            except ApplicationError:
                continue
    return saved


def review_all(assessment: Assessment, *, reviewer: User, rng: random.Random) -> None:
    """Judge the evidence, rejecting a few documents, then accept every answer."""
    for answer in Answer.objects.filter(assessment=assessment).prefetch_related("evidence"):
        for document in answer.evidence.all():
            accept = rng.random() > 0.15
            review_services.evidence_review(
                document=document,
                accept=accept,
                reason="" if accept else "The permit shown has expired.",
                reviewer=reviewer,
            )
        review_services.answer_review(answer=answer, accept=True, comment="", reviewer=reviewer)


def demo_assessments(
    *, assessments: list[Assessment], supplier_user: User | None, reviewer: User, approver: User
) -> int:
    """The first two approved, the third submitted, the fourth half answered; once only."""
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    done = 0
    for index, assessment in enumerate(assessments[:4]):
        if assessment.answers.exists() or assessment.status != Assessment.Status.INVITED:
            continue
        user = supplier_user if index == 0 else None
        # Answering needs the code of conduct acknowledged (suppliers without a user: no one).
        answer_services.assessment_acknowledge_code(assessment=assessment, user=user)
        answer_all(assessment, user=user, rng=rng, strong=index == 0)
        if index == 3:
            done += 1
            continue
        try:
            answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
        except ApplicationError:
            continue  # something required could not be answered: left in progress
        if index < 2:
            review_all(assessment, reviewer=reviewer, rng=rng)
            review_services.assessment_approve(assessment=assessment, approver=approver)
        done += 1
    return done
