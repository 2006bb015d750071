"""The next default version (the default with the Scope 3 addition) asks for the validity of
the permit and certificate documents; the published default stays as it was (its hash)."""

import json

import pytest

from assessments.models import QuestionnaireVersion
from assessments.questionnaires.definitions import content_hash
from assessments.questionnaires.services import DEFAULT_DEFINITION, default_questionnaire_load
from assessments.scope3.services import (
    SCOPE3_ADDITION,
    scope3_definition,
    scope3_questionnaire_load,
)

# A1.3: the environmental permits and registrations (a copy of each permit attached);
# A1.6.1: the ISO 14001 certificate (the certificate attached).
FLAGGED = {"A1.3", "A1.6.1"}


def _flagged(version: QuestionnaireVersion) -> set[str]:
    return set(version.questions.filter(requires_validity=True).values_list("code", flat=True))


def test_the_addition_names_the_permit_and_certificate_questions() -> None:
    assert set(json.loads(SCOPE3_ADDITION.read_text(encoding="utf-8"))["requires_validity"]) == (
        FLAGGED
    )
    default = {q["code"]: q for q in json.loads(DEFAULT_DEFINITION.read_text())["questions"]}
    assert "permit" in default["A1.3"]["text_en"].lower()
    assert "iso 14001 certificate" in default["A1.6.1"]["text_en"].lower()
    assert all(default[code]["requires_evidence"] for code in FLAGGED)
    assert not any(question.get("requires_validity") for question in default.values())


def test_the_definition_flags_exactly_those_questions() -> None:
    definition = scope3_definition()
    assert {q["code"] for q in definition["questions"] if q.get("requires_validity")} == FLAGGED


def test_an_addition_naming_an_unknown_question_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = json.loads(SCOPE3_ADDITION.read_text(encoding="utf-8"))
    extra["requires_validity"] = ["A1.3", "Z9.9"]
    addition = tmp_path / "addition.json"
    addition.write_text(json.dumps(extra), encoding="utf-8")
    with pytest.raises(ValueError, match=r"Z9\.9"):
        scope3_definition(addition=addition)


@pytest.mark.django_db
def test_the_loaded_next_version_flags_them_and_the_default_none() -> None:
    default = default_questionnaire_load()
    hash_before = default.content_hash
    version = scope3_questionnaire_load()
    assert version.number == default.number + 1
    assert _flagged(version) == FLAGGED
    assert _flagged(default) == set()
    default.refresh_from_db()
    assert (
        default.content_hash
        == hash_before
        == content_hash(json.loads(DEFAULT_DEFINITION.read_text(encoding="utf-8")))
    )
    again = scope3_questionnaire_load()  # idempotent: the same version, nothing new
    assert again.pk == version.pk and _flagged(again) == FLAGGED
    assert QuestionnaireVersion.objects.count() == 2
