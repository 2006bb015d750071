"""Progress that tells the truth: an area is complete exactly when "Check and submit" lists
nothing of it, and the overview, the area page and the submit page show the same items.

Table-driven over partly answered assessments of the small questionnaire (a logistics
supplier): A1.3 (a table requiring evidence) follows A1.2 "discharge", A2.3 follows A2.1 > 50,
A1.4 may be "not applicable"."""

import re
from typing import Any

import pytest

from assessments.answers import selectors as answer_selectors
from assessments.answers import services as answer_services
from assessments.models import Assessment, EvidenceDocument
from assessments.questionnaires.selectors import version_load
from tests.factories import AnswerFactory, EvidenceDocumentFactory, code_acknowledged

pytestmark = pytest.mark.django_db

ROWS = [{"kind": "water", "number": "P-1"}]
EVERYTHING: dict[str, Any] = {
    "A1.1": True,
    "A1.2": ["discharge"],
    "A1.3": ROWS,
    "A1.4": "certified",
    "A2.1": 80,
    "A2.3": "2026-03-01",
}
NA = {"not_applicable": True, "justification": "We have no management system."}

# (name, answers, A1.3's documents by review status, expected missing codes with their reasons)
CASES: list[tuple[str, dict[str, Any], list[str], dict[str, str]]] = [
    (
        "nothing answered: the follow-ups are hidden",
        {},
        [],
        {
            "A1.1": "No answer yet.",
            "A1.2": "No answer yet.",
            "A1.4": "No answer yet.",
            "A2.1": "No answer yet.",
        },
    ),
    (
        "a trigger opens its follow-up, which is required",
        {"A1.1": True, "A1.2": ["discharge"], "A2.1": 80},
        [],
        {"A1.3": "No answer yet.", "A1.4": "No answer yet.", "A2.3": "No answer yet."},
    ),
    (
        "a follow-up answered without its required document",
        {**EVERYTHING},
        [],
        {"A1.3": "Evidence is required."},
    ),
    (
        "a rejected document is no document",
        {**EVERYTHING},
        ["rejected"],
        {"A1.3": "Evidence is required."},
    ),
    (
        "a document waiting for review counts",
        {**EVERYTHING},
        ["pending"],
        {},
    ),
    (
        "a rejected and a new document",
        {**EVERYTHING},
        ["rejected", "pending"],
        {},
    ),
    (
        "not applicable is an answer",
        {**EVERYTHING, "A1.4": NA},
        ["accepted"],
        {},
    ),
    (
        "a follow-up no longer shown is not missing, whatever it held",
        {"A1.1": True, "A1.2": ["eia"], "A1.3": [], "A1.4": "none", "A2.1": 10},
        [],
        {},
    ),
    (
        "a blank table and a blank text are no answers",
        {"A1.1": False, "A1.2": ["discharge"], "A1.3": [], "A1.4": "", "A2.1": 5},
        [],
        {"A1.3": "No answer yet.", "A1.4": "No answer yet."},
    ),
]


def _answer(assessment: Assessment, answers: dict[str, Any], documents: list[str]) -> None:
    for code, value in answers.items():
        extra = value if isinstance(value, dict) else {"value": value}
        answer = AnswerFactory(assessment=assessment, question_code=code, **extra)
        if code == "A1.3":
            for status in documents:
                EvidenceDocumentFactory(answer=answer, review_status=status)
    if documents and "A1.3" not in answers:
        answer = AnswerFactory(assessment=assessment, question_code="A1.3")
        for status in documents:
            EvidenceDocumentFactory(answer=answer, review_status=status)


def _areas(html: str) -> dict[str, bool]:
    """Area code -> whether the overview shows it complete."""
    rows = re.findall(r'data-testid="progress-(A\d)"(.*?)</li>', html, re.S)
    return {code: 'data-testid="complete-' in body for code, body in rows}


@pytest.mark.parametrize(
    ("answers", "documents", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_progress_equals_the_submission_check(setup, answers, documents, expected) -> None:  # type: ignore[no-untyped-def]
    assessment = code_acknowledged(setup.mine)
    _answer(assessment, answers, documents)
    missing = answer_services.assessment_missing_items(assessment)
    assert {item.question_code: item.reason for item in missing} == expected
    stored = answer_selectors.assessment_answers(assessment)
    progress = answer_selectors.area_progress(
        areas=version_load(assessment.version).areas,
        questions=answer_selectors.visible_questions(assessment, stored),
        answers=stored,
    )
    for area in progress:
        own = [item for item in missing if item.area_code == area["code"]]
        assert [item.question_code for item in area["missing"]] == [i.question_code for i in own]
        assert area["is_complete"] is (not own)
        assert area["answered"] == area["required"] - len(own)
    # The pages say the same: the overview's complete areas, the submit page's items, and each
    # area page's own missing items.
    client = setup.client
    overview = client.get(f"/portal/assessments/{assessment.pk}/").content.decode()
    assert _areas(overview) == {area["code"]: area["is_complete"] for area in progress}
    submit = client.get(f"/portal/assessments/{assessment.pk}/submit/").content.decode()
    assert re.findall(r'data-testid="missing-([^"]+)"', submit) == [
        i.question_code for i in missing
    ]
    for area in progress:
        page = client.get(f"/portal/assessments/{assessment.pk}/areas/{area['code']}/")
        html = page.content.decode()
        pattern = rf'data-testid="area-progress-{area["code"]}"(.*?)</div>'
        block = re.search(pattern, html, re.S)
        assert block, area["code"]
        shown = re.findall(r'<a href="#q-([^"]+)"', block.group(1))
        assert shown == [item.question_code for item in area["missing"]]
        assert ('data-testid="area-complete"' in block.group(1)) is area["is_complete"]


def test_documents_say_required_where_submission_needs_them(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = code_acknowledged(setup.mine)
    AnswerFactory(assessment=assessment, question_code="A1.2", value=["discharge"])
    html = setup.client.get(f"/portal/assessments/{assessment.pk}/areas/A1/").content.decode()
    table = re.search(r'data-testid="question-A1.3".*?</article>', html, re.S)
    assert table and "Evidence (required)" in table.group(0)
    assert "required for credit" not in html


def test_submission_refuses_what_the_progress_shows_missing(setup) -> None:  # type: ignore[no-untyped-def]
    assessment = code_acknowledged(setup.mine)
    _answer(assessment, {**EVERYTHING}, ["rejected"])
    with pytest.raises(answer_services.SubmissionIncompleteError) as refused:
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=setup.user)
    assert [item["question_code"] for item in refused.value.extra["missing"]] == ["A1.3"]
    assert EvidenceDocument.objects.filter(review_status="rejected").count() == 1
