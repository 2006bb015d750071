"""Safe names (issue 14): a code is the whole string. A pattern ending in `$` let "A1\\n" through;
the version was stored and every export and download of it failed afterwards."""

import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assessments.models import Questionnaire, QuestionnaireVersion
from assessments.questionnaires.definitions import QUESTION_DEFAULTS, is_code
from assessments.questionnaires.workbooks import write_definition_workbook
from suppliers.validators import validate_registration_code, validate_uscc
from tests.assessments.definitions import small_definition
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db


def _with_newline(where: str) -> dict[str, Any]:
    definition = small_definition()
    if where == "questionnaire":
        definition["questionnaire"]["code"] += "\n"
    elif where == "area":
        definition["areas"][0]["code"] += "\n"
    elif where == "question":
        definition["questions"][0]["code"] += "\n"
    elif where == "question-area":
        definition["questions"][0]["area"] += "\n"
    elif where == "column":
        definition["columns"][0]["code"] += "\n"
    elif where == "choice":
        definition["choices"][0]["code"] += "\n"
    elif where == "condition":
        definition["questions"][2]["condition"]["question"] += "\n"
    return definition


def _as_file(definition: dict[str, Any], kind: str) -> SimpleUploadedFile:
    if kind == "json":
        return SimpleUploadedFile("q.json", json.dumps(definition).encode())
    # The workbook has a column for every field: fill in the defaults JSON may leave out.
    questions = [{**QUESTION_DEFAULTS, **question} for question in definition["questions"]]
    stream = io.BytesIO()
    write_definition_workbook(definition={**definition, "questions": questions}, stream=stream)
    return SimpleUploadedFile("q.xlsx", stream.getvalue())


@pytest.mark.parametrize("kind", ["json", "xlsx"])
@pytest.mark.parametrize(
    "where",
    ["questionnaire", "area", "question", "question-area", "column", "choice", "condition"],
)
def test_definition_code_with_trailing_newline_is_refused(procurement_admin, kind, where) -> None:
    api = APIClient()
    api.force_authenticate(user=procurement_admin)
    response = api.post(
        "/api/v1/questionnaire-versions/import/",
        {"file": _as_file(_with_newline(where), kind)},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_definition"
    assert not QuestionnaireVersion.objects.exists()
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_a_clean_definition_still_imports_and_exports(procurement_admin, kind) -> None:
    api = APIClient()
    api.force_authenticate(user=procurement_admin)
    response = api.post(
        "/api/v1/questionnaire-versions/import/",
        {"file": _as_file(small_definition(), kind)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    version_id = response.json()["id"]
    for suffix in ("json", "xlsx"):
        exported = api.get(f"/api/v1/questionnaire-versions/{version_id}/definition.{suffix}")
        assert exported.status_code == 200


@pytest.mark.parametrize(
    "value", ["A1\n", "A1\r\n", " A1", "A1 ", "A 1", "", None, 7, "-A1", "A" * 41]
)
def test_is_code_matches_the_whole_string_only(value) -> None:
    assert not is_code(value)


def test_registration_codes_with_a_trailing_newline_are_refused() -> None:
    validate_registration_code(country="DE", code="HRB 12345")
    with pytest.raises(ValidationError):
        validate_registration_code(country="DE", code="HRB 12345\n")
    good = make_uscc(1)
    validate_uscc(good)
    with pytest.raises(ValidationError):
        validate_uscc(good[:17] + "\n")
