"""The rows the audit workbook is written from, and the words it shares with the staff page."""

import html
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client

from assessments.exports.selectors import (
    answer_items,
    assessment_chunk,
    label_decision_rows,
    supplier_rows,
)
from assessments.exports.services import export_scope
from assessments.exports.workbooks import write_workbook
from assessments.models import Answer, Assessment, Export, Score
from assessments.questionnaires.selectors import version_load
from suppliers.models import Supplier
from tests.assessments.audit_data import varied_campaign

pytestmark = pytest.mark.django_db


def test_the_final_score_is_shown_even_when_a_provisional_one_is_newer(officer) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    assessment = Assessment.objects.filter(campaign=campaign, status="approved").first()
    final = Score.objects.get(assessment=assessment, kind="final")
    newer = Score.objects.create(
        assessment=assessment, kind="provisional", overall=1, version_hash="x" * 64
    )
    Score.objects.filter(pk=newer.pk).update(computed_at=final.computed_at + timedelta(days=1))
    shown = assessment_chunk(assessment_ids=[assessment.pk]).scores[assessment.pk]
    assert (shown.kind, shown.overall) == ("final", final.overall)


def test_a_chunk_keeps_the_order_asked_and_reads_in_four_queries(
    officer, django_assert_num_queries
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=4)
    ids = list(
        Assessment.objects.filter(campaign=campaign).order_by("-pk").values_list("pk", flat=True)
    )
    with django_assert_num_queries(4):
        chunk = assessment_chunk(assessment_ids=ids)
    assert [head.id for head in chunk.heads] == ids
    answers = Answer.objects.filter(assessment_id=ids[0])
    assert set(chunk.answers[ids[0]]) == set(answers.values_list("question_id", flat=True))
    counted = sum(sum(counts.values()) for counts in chunk.evidence_counts.values())
    assert counted == sum(len(documents) for documents in chunk.evidence.values())


def test_answers_lists_what_counts_or_was_answered_and_without_a_score_every_answer(
    officer,
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    scored, unscored = (
        Assessment.objects.filter(campaign=campaign, status=status).first()
        for status in ("approved", "in_progress")
    )
    chunk = assessment_chunk(assessment_ids=[scored.pk, unscored.pk])
    content = version_load(scored.version)
    score = chunk.scores[scored.pk]
    items = answer_items(content=content, score=score, answers=chunk.answers[scored.pk])
    expected = [
        result["code"]
        for result in score.questions
        if result["applicable"] or content.by_code[result["code"]].pk in chunk.answers[scored.pk]
    ]
    assert [question.code for question, _result, _answer in items] == expected
    assert unscored.pk not in chunk.scores
    items = answer_items(content=content, score=None, answers=chunk.answers[unscored.pk])
    assert len(items) == Answer.objects.filter(assessment=unscored).count()
    assert all(result is None and answer is not None for _q, result, answer in items)


def test_supplier_and_label_rows_carry_the_label_as_it_is_now(officer) -> None:
    varied_campaign(officer=officer, suppliers=3)
    suppliers = Supplier.objects.all()
    rows = list(supplier_rows(suppliers=suppliers))
    assert [row.id for row in rows] == sorted(suppliers.values_list("pk", flat=True))
    decisions = list(label_decision_rows(suppliers=suppliers))
    assert [row.decision for row in decisions] == ["granted"]
    granted = next(row for row in rows if row.registration_code == decisions[0].supplier_code)
    assert decisions[0].current_status == (granted.label_status or "")
    assert decisions[0].valid_until == granted.label_valid_until


def test_the_answers_sheet_says_an_answer_in_the_words_of_the_staff_page(officer, tmp_path) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    path = tmp_path / "book.xlsx"
    export = Export(scope="campaign", target_id=campaign.pk, title=campaign.name)
    write_workbook(str(path), scope=export_scope(export))
    rows = list(openpyxl.load_workbook(path)["Answers"].iter_rows(min_row=2, values_only=True))
    assessment = Assessment.objects.filter(campaign=campaign).order_by("pk").first()
    client = Client()
    client.force_login(officer)
    staff_page = f"/campaigns/assessments/{assessment.pk}/"
    areas = [tab["code"] for tab in client.get(staff_page).context["tabs"]]  # one open at a time
    page = "".join(
        html.unescape(client.get(f"{staff_page}?area={area}").content.decode()) for area in areas
    )
    questions = version_load(assessment.version).by_code
    checked = set()
    for row in rows:
        code, text = row[3], row[4]  # question code, answer now
        start = page.find(f'data-testid="answer-{code}"')
        if row[1] != assessment.pk or not isinstance(text, str) or row[7] or start < 0:
            continue  # another assessment's, no words, not applicable, or hidden on the page
        kind = questions[code].type
        if kind in ("yes_no", "single_choice", "multi_choice"):
            assert text in page[start : page.index("</article>", start)], (code, text)
            checked.add(kind)
    assert checked == {"yes_no", "single_choice", "multi_choice"}
