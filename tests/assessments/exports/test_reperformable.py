"""An auditor re-performs every point from the answers and the published rules (issue 17).

A seven-area questionnaire with every scoring rule (yes/no, one choice, several choices with a
cap and an exclusive "None", number bands with open ends, answered, evidence, unscored),
display conditions of every simple operator and category applicability; suppliers answering it
with "not applicable" (accepted and queried), rejected and pending evidence, critical failures,
final and provisional scores, and one answer changed after its score. LibreOffice recalculates
the workbook: every check is TRUE. Then one change at a time (an answer of each rule type, a
rule parameter, an evidence status, a stored score) turns the checks it affects FALSE and
leaves the others TRUE.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from assessments.exports.columns import ANSWER_CODES, sheet_columns
from assessments.exports.services import export_scope
from assessments.exports.workbooks import write_workbook
from assessments.models import Answer, Assessment, Campaign, Export, LabelRules
from assessments.scoring.services import assessment_score
from suppliers.models import Category
from tests.assessments.answers.rules_definition import rules_definition
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    CampaignFactory,
    EvidenceDocumentFactory,
    QuestionnaireVersionFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def seven_areas() -> dict[str, Any]:
    """The rules questionnaire (A1-A3) with four more areas, a capped multi choice (5 of 3+3)
    and questions whose conditions use every simple operator."""
    definition = rules_definition()
    for question in definition["questions"]:
        if question["code"] == "A1.2":
            question["max_points"] = 5  # two permits are worth 6: the cap applies
    definition["areas"] += [
        {"code": code, "title_en": f"Area {code}", "title_zh": f"领域{code}", "weight": weight}
        for code, weight in (("A4", 2), ("A5", 1), ("A6", 0.5), ("A7", 1))
    ]
    definition["questions"] += [
        {"code": "A4.1", "area": "A4", "type": "yes_no", "text_en": "Policy?", "text_zh": "政策？",
         "criticality": "critical", "scoring": "yes_no", "max_points": 4, "points_yes": 4,
         "points_no": 1},
        {"code": "A4.2", "area": "A4", "type": "single_choice", "text_en": "Level", "text_zh": "级别",
         "scoring": "choice", "max_points": 6,
         "condition": {"question": "A4.1", "operator": "not_equals", "value": False}},
        {"code": "A5.1", "area": "A5", "type": "number", "text_en": "Water use", "text_zh": "用水",
         "unit": "m3", "scoring": "bands", "max_points": 8, "requires_evidence": True,
         "criticality": "critical_if_applicable", "allows_not_applicable": True,
         "bands": [{"min": None, "max": 10, "points": 8}, {"min": 10, "max": 50, "points": 5},
                   {"min": 50, "max": None, "points": 1}]},
        {"code": "A5.2", "area": "A5", "type": "text", "text_en": "Why so much?",
         "text_zh": "为什么这么多？", "scoring": "answered", "max_points": 2, "is_required": False,
         "condition": {"question": "A5.1", "operator": "gte", "value": 50}},
        {"code": "A6.1", "area": "A6", "type": "single_choice", "text_en": "Plan", "text_zh": "计划",
         "scoring": "choice", "max_points": 5, "allows_not_applicable": True},
        {"code": "A6.2", "area": "A6", "type": "yes_no", "text_en": "Published?",
         "text_zh": "是否公开？", "scoring": "yes_no", "max_points": 3, "points_yes": 3,
         "points_no": 0, "is_required": False,
         "condition": {"question": "A6.1", "operator": "in", "value": ["public", "internal"]}},
        {"code": "A7.1", "area": "A7", "type": "text", "text_en": "Contact", "text_zh": "联系人",
         "scoring": "none", "criticality": "critical", "is_required": False},
        {"code": "A7.2", "area": "A7", "type": "yes_no", "text_en": "Trained?", "text_zh": "培训？",
         "scoring": "yes_no", "max_points": 2, "points_yes": 2, "points_no": 0,
         "condition": {"question": "A7.1", "operator": "answered"}},
        {"code": "A7.3", "area": "A7", "type": "number", "text_en": "Staff", "text_zh": "员工",
         "unit": "people",
         "scoring": "answered", "max_points": 1, "is_required": False,
         "condition": {"question": "A2.1", "operator": "lt", "value": 100}},
    ]  # fmt: skip
    definition["choices"] += [
        {"question": "A4.2", "column": "", "code": "basic", "label_en": "Basic",
         "label_zh": "基础", "points": 2},
        {"question": "A4.2", "column": "", "code": "advanced", "label_en": "Advanced",
         "label_zh": "高级", "points": 6},
        {"question": "A6.1", "column": "", "code": "public", "label_en": "Public",
         "label_zh": "公开", "points": 5},
        {"question": "A6.1", "column": "", "code": "internal", "label_en": "Internal",
         "label_zh": "内部", "points": 3},
        {"question": "A6.1", "column": "", "code": "none", "label_en": "None",
         "label_zh": "无", "points": 0},
    ]  # fmt: skip
    return definition


# Each supplier's answers: code -> value, or (value, options) with options among
# na (not applicable), queried, and evidence statuses.
PROFILES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "engineering",
        "final",
        {
            "A1.1": True,
            "A1.2": ["discharge", "eia"],
            "A1.4": "certified",
            "A1.3": ([{"kind": "water", "number": "P-1"}], ["accepted"]),
            "A2.1": "42.5",
            "A2.3": "2026-03-01",
            "A2.4": ([{"x": 1}], ["accepted", "rejected"]),
            "A4.1": True,
            "A4.2": "advanced",
            "A5.1": ("75", ["accepted"]),
            "A5.2": "Cooling",
            "A6.1": "public",
            "A6.2": True,
            "A7.1": "Li Lei",
            "A7.2": True,
            "A7.3": "12",
        },
    ),
    (
        "logistics",
        "final",
        {
            "A1.1": False,
            "A1.2": ["none"],
            "A1.4": (None, ["na"]),
            "A2.1": "150",
            "A2.2": ("Fleet renewal", ["queried"]),
            "A4.1": False,
            "A4.2": "basic",
            "A5.1": ("8", ["rejected"]),
            "A6.1": "none",
            "A6.2": False,
        },
    ),
    (
        "office_it",
        "provisional",
        {
            "A1.1": True,
            "A1.2": ["discharge"],
            "A1.4": ("certified", ["queried"]),
            "A1.3": ([{"kind": "air", "number": "P-2"}], ["pending"]),
            "A2.1": "0",
            "A2.4": ([{"x": 2}], ["pending"]),
            "A4.1": True,
            "A5.1": ("30", ["pending"]),
            "A6.1": (None, ["na", "queried"]),
            "A7.1": "Wang Fang",
            "A7.2": False,
        },
    ),
    (
        "engineering",
        "final",
        {
            "A1.1": True,
            "A1.2": ["eia"],
            "A2.1": "99.99",
            "A4.1": True,
            "A4.2": "advanced",
            "A5.1": (None, ["na"]),
            "A6.1": "internal",
            "A6.2": True,
            "A7.3": "3",
        },
    ),
]


def _answer(assessment: Any, question: Any, value: Any, options: list[str]) -> Answer:
    answer = AnswerFactory(
        assessment=assessment,
        question=question,
        value=value,
        not_applicable="na" in options,
        review_status="queried" if "queried" in options else "accepted",
    )
    for status in ("accepted", "rejected", "pending"):
        if status in options:
            EvidenceDocumentFactory(answer=answer, review_status=status)
    return answer


def seven_area_campaign() -> Campaign:
    version = QuestionnaireVersionFactory(definition=seven_areas())
    questions = {question.code: question for question in version.questions.all()}
    campaign = CampaignFactory(questionnaire_version=version, status="launched")
    for category, kind, answers in PROFILES:
        supplier = SupplierFactory(category=Category.objects.get(slug=category))
        status = "approved" if kind == "final" else "submitted"
        assessment = AssessmentFactory(campaign=campaign, supplier=supplier, status=status)
        for code, given in answers.items():
            value, options = given if isinstance(given, tuple) else (given, [])
            _answer(assessment, questions[code], value, options)
        assessment_score(assessment_id=assessment.pk, kind=kind)
    # Returned and answered again after its score: the workbook shows both, and flags it.
    changed = Answer.objects.get(
        assessment__supplier__category__slug="logistics", question__code="A1.1"
    )
    changed.value = True
    changed.save()
    LabelRules.objects.all().delete()
    LabelRules.objects.create(version=1, min_overall=50, min_area=10, not_assessed_area_passes=True)
    return campaign


def label_eligible(assessment: Any, rules: LabelRules) -> bool:
    """The score rules of `label_check`, in Python, on the stored score."""
    score = assessment.scores.order_by("-pk").first()
    areas_pass = all(
        Decimal(str(area["score"])) >= rules.min_area
        if area["assessed"]
        else rules.not_assessed_area_passes
        for area in score.areas
    )
    return (
        assessment.status == "approved"
        and score.kind == "final"
        and score.overall is not None
        and score.overall >= rules.min_overall
        and areas_pass
        and not (rules.forbid_critical_failures and score.critical_failures)
    )


def recalculated(path: Path, out: Path) -> openpyxl.Workbook:
    """A copy converted (and so recalculated) by LibreOffice headless, with its values."""
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is required: apt-get install -y libreoffice-calc-nogui")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE, f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
            "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
            str(path),
        ],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return openpyxl.load_workbook(out / path.name, data_only=True)


def _codes(sheet: Any) -> dict[str, int]:
    """Column code -> index, from the header ("Label (code)")."""
    return {
        str(cell.value).rsplit("(", 1)[1].rstrip(")"): index
        for index, cell in enumerate(sheet[1])
        if cell.value
    }


def checks(book: openpyxl.Workbook) -> dict[tuple[str, Any, str], Any]:
    """Every check cell: (sheet, assessment id / question, column code) -> its value."""
    found: dict[tuple[str, Any, str], Any] = {}
    scores = book["Scores"]
    codes = _codes(scores)
    for row in scores.iter_rows(min_row=2, values_only=True):
        for code, index in codes.items():
            if code.endswith("_check"):
                found["Scores", row[codes["assessment_id"]], code] = row[index]
    answers = book["Answers"]
    codes = _codes(answers)
    for row in answers.iter_rows(min_row=2, values_only=True):
        if row[codes["row_kind"]] != "answer" or row[codes["check"]] is None:
            continue
        key = (row[codes["assessment_id"]], row[codes["question_code"]])
        found["Answers", key, "check"] = row[codes["check"]]
        if row[codes["visible_check"]] is not None:  # none when shown to every supplier
            found["Answers", key, "visible_check"] = row[codes["visible_check"]]
    return found


def _assessment(key: tuple[str, Any, str]) -> Any:
    return key[1] if key[0] == "Scores" else key[1][0]


def _write(tmp_path: Path, campaign: Campaign, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    export = Export(scope="campaign", target_id=campaign.pk, title=campaign.name)
    write_workbook(str(path), scope=export_scope(export), export_id=1, requested_by="auditor")
    return path


@pytest.fixture
def workbook(officer, tmp_path) -> tuple[Path, openpyxl.Workbook]:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, seven_area_campaign())
    return path, recalculated(path, tmp_path / "base")


def test_the_answers_columns_are_the_ones_the_formulas_read() -> None:
    assert tuple(column.code for column in sheet_columns()["Answers"]) == ANSWER_CODES


def test_every_check_is_true_after_libreoffice_recalculates(workbook) -> None:
    path, book = workbook
    found = checks(book)
    assert found and all(value is True for value in found.values()), {
        key: value for key, value in found.items() if value is not True
    }
    scores = book["Scores"]
    codes = _codes(scores)
    # Seven areas, one column set each, every one of them computed for some supplier.
    assert [code for code in codes if code.endswith("_recomputed")][:7] == [
        f"a{n}_recomputed" for n in range(1, 8)
    ]
    rows = list(scores.iter_rows(min_row=2, values_only=True))
    for area in (1, 2, 4, 5, 6, 7):
        assert any(isinstance(row[codes[f"a{area}_recomputed"]], float | int) for row in rows)
    assert {row[codes["a3_recomputed"]] for row in rows} == {None}  # only unscored: not assessed
    assert any(row[codes["critical_recomputed"]] for row in rows)  # critical failures
    rules = LabelRules.objects.get()
    expected = {
        assessment.pk: label_eligible(assessment, rules)
        for assessment in Assessment.objects.filter(campaign__name="FY2026")
    }
    assert {row[codes["assessment_id"]]: row[codes["label_eligible"]] for row in rows} == expected
    assert set(expected.values()) == {True, False}
    # The stored and recomputed figures are the same numbers, not both empty.
    overall = [row[codes["overall_recomputed"]] for row in rows]
    assert all(isinstance(value, float | int) for value in overall)
    answers = book["Answers"]
    a = _codes(answers)
    lines = list(answers.iter_rows(min_row=2, values_only=True))
    # A multi choice has one helper row per chosen option; the cap holds (3 + 3 capped to 5).
    capped = [r for r in lines if r[a["question_code"]] == "A1.2" and r[a["row_kind"]] == "answer"]
    assert 5 in [r[a["points"]] for r in capped]
    options = [r for r in lines if r[a["question_code"]] == "A1.2" and r[a["row_kind"]] == "choice"]
    assert {r[a["value"]] for r in options} == {"discharge", "eia", "none"}
    # Hidden questions are listed as the app decided, with their condition in words.
    hidden = [r for r in lines if r[a["visible"]] is False]
    assert hidden and all(r[a["visible_check"]] is True for r in hidden)
    # The condition in words is on the question's Rules row (the row's rule_row), and the
    # row of the question it depends on is the one the visibility check reads.
    rules = list(book["Rules"].iter_rows(values_only=True))
    r = _codes(book["Rules"])
    dependent = [x for x in lines if x[a["question_code"]] == "A4.2" and x[a["check"]] is not None]
    assert dependent and all(
        "A4.1" in rules[x[a["rule_row"]] - 1][r["condition"]] for x in dependent
    )
    for x in dependent:
        assert lines[x[a["condition_row"]] - 2][a["question_code"]] == "A4.1"
        assert lines[x[a["condition_row"]] - 2][a["assessment_id"]] == x[a["assessment_id"]]
    # The answer changed since its score: both shown, flagged, points from the scored value.
    changed = [r for r in lines if r[a["changed_since_scored"]] is True]
    assert [(r[a["question_code"]], r[a["value"]]) for r in changed] == [("A1.1", False)]
    assert changed[0][a["answer"]] != "No"
    book_rules = openpyxl.load_workbook(path, read_only=True)
    assert {"Rules", "Choices", "Bands"} <= set(book_rules.sheetnames)


def _tampered(path: Path, tmp_path: Path, name: str, edit: Any) -> openpyxl.Workbook:
    book = openpyxl.load_workbook(path)
    edit(book)
    out = tmp_path / name
    out.mkdir()
    target = out / path.name
    book.save(target)
    return recalculated(target, out / "recalculated")


def _answer_row(book: openpyxl.Workbook, question: str, *, nth: int = 0, kind: str = "answer"):  # type: ignore[no-untyped-def]
    sheet = book["Answers"]
    a = _codes(sheet)
    rows = [
        row
        for row in sheet.iter_rows(min_row=2)
        if row[a["question_code"]].value == question
        and row[a["row_kind"]].value == kind
        and (kind == "choice" or row[a["check"]].value is not None)
    ]
    return rows[nth], a


def _set(code: str, question: str, value: Any, *, nth: int = 0, kind: str = "answer") -> Any:
    def edit(book: openpyxl.Workbook) -> None:
        row, a = _answer_row(book, question, nth=nth, kind=kind)
        row[a[code]].value = value
        edit.assessment = row[a["assessment_id"]].value  # type: ignore[attr-defined]

    return edit


@pytest.mark.parametrize(
    ("name", "edit", "question"),
    [
        ("yes_no", _set("value", "A4.1", False), "A4.1"),
        ("single_choice", _set("value", "A4.2", "basic"), "A4.2"),
        ("multi_choice", _set("value", "A1.2", "none", nth=0, kind="choice"), "A1.2"),
        ("bands", _set("value", "A2.1", 250), "A2.1"),
        ("answered", _set("value", "A7.3", None), "A7.3"),
        ("evidence_status", _set("evidence_accepted", "A5.1", 0), "A5.1"),
        ("stored_points", _set("points_stored", "A4.1", 3), "A4.1"),
    ],
)
def test_one_changed_answer_or_score_turns_its_checks_false(
    workbook, tmp_path, name, edit, question
) -> None:
    path, book = workbook
    before = checks(book)
    after = checks(_tampered(path, tmp_path, name, edit))
    assessment = edit.assessment
    false = {key for key, value in after.items() if value is not True}
    assert ("Answers", (assessment, question), "check") in false, false
    # Only this assessment's checks can turn FALSE, and not all of them.
    assert {_assessment(key) for key in false} == {assessment}, false
    assert len(false) < len([key for key in before if _assessment(key) == assessment])


def test_a_changed_rule_parameter_turns_the_checks_of_its_answers_false(workbook, tmp_path) -> None:
    path, book = workbook

    def edit(book: openpyxl.Workbook) -> None:
        rules = book["Rules"]
        r = _codes(rules)
        for row in rules.iter_rows(min_row=2):
            if row[r["question_code"]].value == "A4.1":
                row[r["points_yes"]].value = 3  # yes was worth 4

    after = checks(_tampered(path, tmp_path, "rule", edit))
    false = {key for key, value in after.items() if value is not True}
    scores = book["Scores"]
    s = _codes(scores)
    answers = book["Answers"]
    a = _codes(answers)
    yes = {
        row[a["assessment_id"]]
        for row in answers.iter_rows(min_row=2, values_only=True)
        if row[a["question_code"]] == "A4.1" and row[a["value"]] is True
    }
    assert len(yes) >= 2
    assert {key[1][0] for key in false if key[0] == "Answers"} == yes
    assert {("Answers", (assessment, "A4.1"), "check") for assessment in yes} <= false
    assert {key[1] for key in false if key[0] == "Scores"} <= yes
    assert len(false) < len(after) // 2
    assert scores.max_row - 1 == len(PROFILES) and s


def test_a_changed_band_or_choice_of_the_rules_sheets_shows(workbook, tmp_path) -> None:
    path, _book = workbook

    def edit(book: openpyxl.Workbook) -> None:
        bands = book["Bands"]
        b = _codes(bands)
        for row in bands.iter_rows(min_row=2):
            if row[b["question_code"]].value == "A2.1" and row[b["band"]].value == 1:
                row[b["points"]].value = 9  # 0..100 was worth 10

    after = checks(_tampered(path, tmp_path, "band", edit))
    false = {key[1][1] for key, value in after.items() if value is not True and key[0] == "Answers"}
    assert false == {"A2.1"}


def test_a_changed_scoring_rule_in_rules_turns_every_check_of_its_question_false(
    workbook, tmp_path
) -> None:
    path, book = workbook

    def edit(book: openpyxl.Workbook) -> None:
        rules = book["Rules"]
        r = _codes(rules)
        for row in rules.iter_rows(min_row=2):
            if row[r["question_code"]].value == "A7.1":
                row[r["scoring"]].value = "answered"  # unscored: its points are written as 0

    after = checks(_tampered(path, tmp_path, "scoring", edit))
    false = {key for key, value in after.items() if value is not True}
    a = _codes(book["Answers"])
    listed = {
        row[a["assessment_id"]]
        for row in book["Answers"].iter_rows(min_row=2, values_only=True)
        if row[a["question_code"]] == "A7.1" and row[a["check"]] is not None
    }
    assert listed
    assert {key for key in false if key[0] == "Answers"} == {
        ("Answers", (assessment, "A7.1"), "check") for assessment in listed
    }
