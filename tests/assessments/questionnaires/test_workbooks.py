import io
import json

import openpyxl
import pytest

from assessments.errors import DefinitionInvalidError
from assessments.questionnaires import services
from assessments.questionnaires.apis import definition_from_upload
from assessments.questionnaires.definitions import content_hash
from assessments.questionnaires.selectors import version_to_definition
from assessments.questionnaires.workbooks import read_definition_workbook, write_definition_workbook
from tests.assessments.definitions import small_definition
from tests.factories import QuestionnaireVersionFactory

pytestmark = pytest.mark.django_db


def _xlsx(definition) -> bytes:  # type: ignore[no-untyped-def]
    stream = io.BytesIO()
    write_definition_workbook(definition=definition, stream=stream)
    return stream.getvalue()


def test_xlsx_export_then_import_gives_an_identical_version() -> None:
    version = QuestionnaireVersionFactory()
    content = _xlsx(version_to_definition(version))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["settings", "areas", "questions", "choices", "columns"]
    definition = definition_from_upload(name="q.xlsx", content=content)
    again = services.version_create_from_definition(definition=definition, created_by=None)
    again = services.version_publish(version=again, published_by=None)
    assert again.number == 2
    assert again.content_hash == version.content_hash
    assert content_hash(definition) == version.content_hash


def test_json_export_then_import_gives_an_identical_version() -> None:
    version = QuestionnaireVersionFactory()
    raw = json.dumps(version_to_definition(version), ensure_ascii=False).encode()
    definition = definition_from_upload(name="q.json", content=raw)
    again = services.version_publish(
        version=services.version_create_from_definition(definition=definition, created_by=None),
        published_by=None,
    )
    assert again.content_hash == version.content_hash


def _edit_cell(content: bytes, sheet: str, row: int, column: str, value) -> bytes:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    worksheet.cell(row=row, column=headers.index(column) + 1, value=value)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _import_errors(content: bytes) -> set[tuple]:
    try:
        definition = definition_from_upload(name="q.xlsx", content=content)
        services.version_create_from_definition(definition=definition, created_by=None)
    except DefinitionInvalidError as exc:
        return {(e["sheet"], e["row"], e["column"]) for e in exc.errors}
    return set()


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value"),
    [
        ("questions", 3, "type", "checkbox"),  # unknown type
        ("questions", 6, "code", "A1.1"),  # duplicate code
        ("questions", 4, "condition_question", "A2.1"),  # condition on a later question
        ("questions", 4, "condition_question", "Z9"),  # condition on an unknown question
        ("choices", 2, "points", 150),  # points out of range
        ("choices", 2, "points", "lots"),  # not a number
        ("questions", 2, "is_required", "maybe"),  # not a boolean
        ("questions", 6, "bands", "0-100 gives 10"),  # unreadable bands
        ("areas", 2, "weight", 0),
    ],
)
def test_each_bad_cell_is_reported_where_it_is(sheet, row, column, value) -> None:
    content = _edit_cell(_xlsx(small_definition()), sheet, row, column, value)
    assert (sheet, row, column) in _import_errors(content)
    from assessments.models import QuestionnaireVersion

    assert QuestionnaireVersion.objects.count() == 0


def test_choice_list_missing_is_reported_on_the_question_row() -> None:
    definition = small_definition()
    definition["choices"] = [c for c in definition["choices"] if c["question"] != "A1.4"]
    workbook_errors = _import_errors(_xlsx(definition))
    assert ("questions", 5, "type") in workbook_errors


def test_not_a_workbook_and_missing_sheets() -> None:
    assert _import_errors(b"PK not really") == {("file", None, "")}
    workbook = openpyxl.Workbook()
    stream = io.BytesIO()
    workbook.save(stream)
    errors = _import_errors(stream.getvalue())
    assert {("settings", None, ""), ("questions", None, ""), ("choices", None, "")} <= errors


def test_bad_json_is_reported() -> None:
    with pytest.raises(DefinitionInvalidError) as excinfo:
        definition_from_upload(name="q.json", content=b"{not json")
    assert excinfo.value.errors[0]["sheet"] == "file"
    with pytest.raises(DefinitionInvalidError):
        definition_from_upload(name="q.json", content=b'{"format": "other/2"}')


def test_text_that_looks_like_a_formula_stays_text() -> None:
    definition = small_definition()
    definition["questions"][0]["help_en"] = '=HYPERLINK("http://x","y")'
    content = _xlsx(definition)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    headers = [cell.value for cell in workbook["questions"][1]]
    cell = workbook["questions"].cell(row=2, column=headers.index("help_en") + 1)
    assert cell.data_type == "s"
    parsed, errors = read_definition_workbook(io.BytesIO(content))
    assert errors == []
    assert parsed is not None
    assert parsed["questions"][0]["help_en"] == '=HYPERLINK("http://x","y")'
