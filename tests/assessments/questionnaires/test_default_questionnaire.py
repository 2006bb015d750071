import json
import re

import pytest

from assessments.models import QuestionnaireVersion
from assessments.questionnaires.conditions import visible_question_codes
from assessments.questionnaires.definitions import content_hash
from assessments.questionnaires.selectors import version_to_definition
from assessments.questionnaires.services import (
    DEFAULT_DEFINITION,
    default_questionnaire_load,
    known_categories,
)
from assessments.questionnaires.validation import validate_definition

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
AREAS = {
    "A1": "环境许可及报告",
    "A2": "预防污染和节约资源的措施要求",
    "A3": "有害物质及废弃物质的系统性识别、标记和管理",
    "A4": "温室气体排放",
    "A5": "水资源管理",
    "A6": "废气排放",
}


@pytest.fixture
def definition():  # type: ignore[no-untyped-def]
    return json.loads(DEFAULT_DEFINITION.read_text(encoding="utf-8"))


def test_default_questionnaire_loads_published_and_idempotently() -> None:
    version = default_questionnaire_load()
    assert version.status == "published"
    assert default_questionnaire_load().pk == version.pk
    assert QuestionnaireVersion.objects.count() == 1
    assert version.content_hash == content_hash(version_to_definition(version))


def test_it_validates_with_the_seeded_categories(definition) -> None:
    assert validate_definition(definition, known_categories=known_categories()) == []


def test_six_areas_of_the_code_of_conduct(definition) -> None:
    assert [(area["code"], area["title_zh"]) for area in definition["areas"]] == list(AREAS.items())
    assert all(area["title_en"] for area in definition["areas"])


def test_at_least_fifty_questions_every_one_in_both_languages(definition) -> None:
    questions = definition["questions"]
    assert len(questions) >= 50
    for question in questions:
        assert question["text_en"].strip() and CJK.search(question["text_zh"]), question["code"]
        if question["help_en"]:
            assert CJK.search(question["help_zh"]), question["code"]
    labels = definition["choices"] + definition["columns"]
    for item in labels:
        assert item["label_en"].strip() and item["label_zh"].strip(), item
    # Names such as "ISO 14001" or "R22" read the same in both languages; the rest is Chinese.
    assert sum(bool(CJK.search(item["label_zh"])) for item in labels) > 0.8 * len(labels)


def test_every_bank_item_and_the_critical_ones_are_there(definition) -> None:
    codes = {question["code"]: question for question in definition["questions"]}
    bank = (
        [f"A1.{n}" for n in range(1, 11)]
        + [f"A2.{n}" for n in range(1, 11)]
        + [f"A3.{n}" for n in range(1, 11)]
        + [f"A4.{n}" for n in range(1, 11)]
        + [f"A5.{n}" for n in range(1, 10)]
        + [f"A6.{n}" for n in range(1, 9)]
    )
    assert [code for code in bank if code not in codes] == []
    assert codes["A1.1"]["criticality"] == "critical"  # code-of-conduct acknowledgement
    assert codes["A1.10"]["criticality"] == "critical"  # attestation at submission
    assert sum(q["criticality"] == "critical_if_applicable" for q in codes.values()) >= 5


def test_tables_units_and_data_quality(definition) -> None:
    tables = {q["code"] for q in definition["questions"] if q["type"] == "table"}
    assert {"A1.3", "A2.1", "A3.4", "A6.5"} <= tables  # permits, energy, waste, refrigerants
    for question in definition["questions"]:
        if question["type"] == "number":
            assert question["unit"], question["code"]
    assert any(q["data_quality"] for q in definition["questions"])


def test_applicability_differs_by_category(definition) -> None:
    logistics = set(visible_question_codes(definition, category="logistics", answers={}))
    office_it = set(visible_question_codes(definition, category="office_it", answers={}))
    assert "A6.6" in logistics - office_it
    assert "A2.9" in office_it - logistics
