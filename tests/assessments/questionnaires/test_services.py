import json
from decimal import Decimal

import pytest

from assessments.errors import DefinitionInvalidError, VersionImmutableError, VersionStateError
from assessments.models import Choice, Question, QuestionnaireVersion
from assessments.questionnaires import services
from assessments.questionnaires.selectors import version_to_definition
from tests.assessments.definitions import small_definition
from tests.factories import QuestionnaireVersionFactory

pytestmark = pytest.mark.django_db


def test_create_from_definition_stores_everything(procurement_admin) -> None:
    version = services.version_create_from_definition(
        definition=small_definition(), created_by=procurement_admin
    )
    assert (version.number, version.status, version.content_hash) == (1, "draft", "")
    assert version.areas.count() == 2
    assert list(version.questions.values_list("code", flat=True)) == [
        q["code"] for q in small_definition()["questions"]
    ]
    table = version.questions.get(code="A1.3")
    assert list(table.columns.values_list("code", flat=True)) == ["kind", "number", "expires_on"]
    assert table.columns.get(code="kind").choices.count() == 2
    assert table.condition == {"question": "A1.2", "operator": "contains", "value": "discharge"}
    assert version_to_definition(version)["questions"][4]["bands"][1] == {
        "min": 100,
        "max": None,
        "points": 4,
    }


def test_invalid_definition_creates_nothing() -> None:
    definition = small_definition()
    definition["questions"][1]["type"] = "checkbox"
    with pytest.raises(DefinitionInvalidError) as excinfo:
        services.version_create_from_definition(definition=definition, created_by=None)
    assert excinfo.value.errors[0]["sheet"] == "questions"
    assert QuestionnaireVersion.objects.count() == 0
    assert Question.objects.count() == 0


def test_publish_freezes_the_content(procurement_admin) -> None:
    version = services.version_publish(
        version=QuestionnaireVersionFactory(is_published=False), published_by=procurement_admin
    )
    assert version.status == "published"
    assert len(version.content_hash) == 64
    question = version.questions.get(code="A1.1")
    with pytest.raises(VersionImmutableError):
        services.question_update(question=question, text_en="Changed")
    question.refresh_from_db()
    assert question.text_en == "Do you acknowledge the code?"
    with pytest.raises(VersionImmutableError):
        question.delete()
    choice = Choice.objects.filter(question__version=version).first()
    assert choice is not None
    choice.points = Decimal(1)
    with pytest.raises(VersionImmutableError):
        choice.save()
    with pytest.raises(VersionStateError):
        services.version_publish(version=version, published_by=procurement_admin)


def test_publishing_an_invalid_draft_is_refused_with_the_list_of_errors() -> None:
    version = QuestionnaireVersionFactory(is_published=False)
    question = version.questions.get(code="A1.1")
    services.question_update(question=question, points_yes=Decimal(9), text_zh="")
    with pytest.raises(DefinitionInvalidError) as excinfo:
        services.version_publish(version=version, published_by=None)
    located = {(e["sheet"], e["row"], e["column"]) for e in excinfo.value.errors}
    assert ("questions", 2, "points_yes") in located
    assert ("questions", 2, "text_zh") in located
    version.refresh_from_db()
    assert version.status == "draft"


def test_clone_makes_the_next_draft_with_the_same_content(procurement_admin) -> None:
    published = QuestionnaireVersionFactory()
    clone = services.version_clone(version=published, created_by=procurement_admin)
    assert (clone.number, clone.status, clone.based_on) == (2, "draft", published)
    clone_published = services.version_publish(version=clone, published_by=None)
    assert clone_published.content_hash == published.content_hash


def test_edit_points_and_wording_of_a_clone_changes_the_hash(procurement_admin) -> None:
    published = QuestionnaireVersionFactory()
    clone = services.version_clone(version=published, created_by=procurement_admin)
    question = clone.questions.get(code="A1.4")
    certified = question.choices.get(code="certified")
    services.question_update(
        question=question,
        text_en="Environmental management system",
        max_points=Decimal(8),
        choice_points={certified.pk: Decimal(8)},
    )
    v2 = services.version_publish(version=clone, published_by=None)
    assert v2.content_hash != published.content_hash
    definition = version_to_definition(v2)
    assert definition["questions"][3]["max_points"] == 8
    original = version_to_definition(published)
    assert original["questions"][3]["text_en"] == "EMS status"


def test_retire_only_a_published_version() -> None:
    version = QuestionnaireVersionFactory(is_published=False)
    with pytest.raises(VersionStateError):
        services.version_retire(version=version)
    services.version_publish(version=version, published_by=None)
    retired = services.version_retire(version=version)
    assert retired.status == "retired"
    with pytest.raises(VersionImmutableError):
        services.question_update(question=version.questions.first(), text_en="x")


def test_definition_load_is_idempotent(tmp_path) -> None:
    path = tmp_path / "q.json"
    path.write_text(json.dumps(small_definition(), ensure_ascii=False), encoding="utf-8")
    first = services.definition_load(path=path)
    second = services.definition_load(path=path)
    assert first.pk == second.pk
    assert first.status == "published"
    assert QuestionnaireVersion.objects.count() == 1
