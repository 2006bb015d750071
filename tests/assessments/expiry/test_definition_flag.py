"""`requires_validity` travels with the definition (JSON, workbook, version API), and versions
without it keep their content hash."""

import io

import openpyxl
import pytest

from assessments.questionnaires.definitions import content_hash
from assessments.questionnaires.selectors import version_to_definition
from assessments.questionnaires.validation import validate_definition
from assessments.questionnaires.workbooks import read_definition_workbook, write_definition_workbook
from tests.assessments.definitions import small_definition
from tests.factories import QuestionnaireVersionFactory

# The small test questionnaire's hash before the flag existed: it must never change.
SMALL_HASH = "71dbadf9c05fe1ae64482951d31c6e35aedff6571512694affa427b949c4e88b"


def _with_flag(value: object) -> dict:  # type: ignore[type-arg]
    definition = small_definition()
    definition["questions"][2]["requires_validity"] = value  # A1.3
    return definition


def test_the_hash_covers_the_flag_only_when_set() -> None:
    assert content_hash(small_definition()) == SMALL_HASH
    assert content_hash(_with_flag(False)) == SMALL_HASH
    assert content_hash(_with_flag(True)) != SMALL_HASH


def test_validation_takes_true_or_false_only() -> None:
    assert validate_definition(_with_flag(True)) == []
    errors = validate_definition(_with_flag("yes"))
    assert [(e.sheet, e.row, e.column) for e in errors] == [("questions", 4, "requires_validity")]


@pytest.mark.django_db
def test_a_version_keeps_the_flag_through_export_workbook_and_api(api) -> None:
    version = QuestionnaireVersionFactory(definition=_with_flag(True))
    question = version.questions.get(code="A1.3")
    assert question.requires_validity and not version.questions.get(code="A1.1").requires_validity
    exported = version_to_definition(version)
    assert exported["questions"][2]["requires_validity"] is True
    assert content_hash(exported) == version.content_hash == content_hash(_with_flag(True))
    stream = io.BytesIO()
    write_definition_workbook(definition=exported, stream=stream)
    stream.seek(0)
    read, errors = read_definition_workbook(stream)
    assert errors == [] and read is not None
    assert content_hash(read) == version.content_hash
    body = api.get(f"/api/v1/questionnaire-versions/{version.pk}/").json()
    questions = {q["code"]: q for area in body["areas"] for q in area["questions"]}
    assert questions["A1.3"]["requires_validity"] is True
    assert questions["A1.1"]["requires_validity"] is False


@pytest.mark.django_db
def test_a_workbook_without_the_column_imports_with_its_old_hash() -> None:
    version = QuestionnaireVersionFactory()
    assert version.content_hash == SMALL_HASH
    stream = io.BytesIO()
    write_definition_workbook(definition=version_to_definition(version), stream=stream)
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream)
    sheet = workbook["questions"]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_cols(header.index("requires_validity") + 1)
    old = io.BytesIO()
    workbook.save(old)
    old.seek(0)
    read, errors = read_definition_workbook(old)
    assert errors == [] and read is not None
    assert content_hash(read) == SMALL_HASH
