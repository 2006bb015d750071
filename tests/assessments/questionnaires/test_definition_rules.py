"""The rules a definition states: critical items always apply, exclusive choices, bands [min, max)."""

import io
import json

import openpyxl
import pytest
from django.test import Client

from assessments.errors import DefinitionInvalidError
from assessments.models import Choice, QuestionnaireVersion
from assessments.questionnaires import services
from assessments.questionnaires.apis import definition_from_upload
from assessments.questionnaires.comparison import diff_definitions
from assessments.questionnaires.definitions import QUESTION_DEFAULTS, content_hash
from assessments.questionnaires.selectors import version_to_definition
from assessments.questionnaires.validation import validate_definition
from assessments.questionnaires.workbooks import write_definition_workbook
from tests.assessments.definitions import small_definition
from tests.factories import QuestionnaireVersionFactory

# In the small definition: A1.1 (row 2) is critical, A1.2 (row 3) a multi-choice question whose
# choices are rows 2 and 3 of the choices sheet, A2.1 (row 6) a number scored by bands.
CRITICAL_ROW, BANDS_ROW = 2, 6


def _located(definition) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(e.sheet, e.row, e.column) for e in validate_definition(definition)]


def _messages(definition) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.message for e in validate_definition(definition)]


def _with_none_choice(*, exclusive) -> dict:  # type: ignore[no-untyped-def]
    definition = small_definition()
    choice = {
        "question": "A1.2",
        "column": "",
        "code": "none",
        "label_en": "None",
        "label_zh": "无",
        "points": 0,
    }
    if exclusive is not None:
        choice["exclusive"] = exclusive
    definition["choices"].insert(2, choice)
    return definition


def _xlsx(definition) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook an export writes: every question field spelled out, defaults too."""
    definition = {
        **definition,
        "questions": [{**QUESTION_DEFAULTS, **question} for question in definition["questions"]],
    }
    stream = io.BytesIO()
    write_definition_workbook(definition=definition, stream=stream)
    return stream.getvalue()


def _import_errors(content: bytes) -> set[tuple]:
    try:
        definition = definition_from_upload(name="q.xlsx", content=content)
        services.version_create_from_definition(definition=definition, created_by=None)
    except DefinitionInvalidError as exc:
        return {(e["sheet"], e["row"], e["column"]) for e in exc.errors}
    return set()


# --- A critical item cannot allow "not applicable" --------------------------------------------


def test_a_critical_item_that_allows_not_applicable_is_refused_where_it_is() -> None:
    definition = small_definition()
    definition["questions"][0]["allows_not_applicable"] = True
    assert _located(definition) == [("questions", CRITICAL_ROW, "allows_not_applicable")]
    assert "A1.1 is critical" in _messages(definition)[0]


def test_a_critical_if_applicable_item_may_allow_not_applicable() -> None:
    definition = small_definition()
    definition["questions"][0].update(criticality="critical_if_applicable")
    definition["questions"][0]["allows_not_applicable"] = True
    assert _located(definition) == []


@pytest.mark.django_db
def test_the_xlsx_import_refuses_a_critical_item_that_allows_not_applicable() -> None:
    definition = small_definition()
    definition["questions"][0]["allows_not_applicable"] = True
    assert _import_errors(_xlsx(definition)) == {
        ("questions", CRITICAL_ROW, "allows_not_applicable")
    }
    assert QuestionnaireVersion.objects.count() == 0


@pytest.mark.django_db
def test_the_editor_service_refuses_a_critical_item_that_allows_not_applicable() -> None:
    draft = QuestionnaireVersionFactory(is_published=False)
    question = draft.questions.get(code="A1.1")
    with pytest.raises(DefinitionInvalidError) as excinfo:
        services.question_update(question=question, allows_not_applicable=True)
    assert list(excinfo.value.fields) == ["allows_not_applicable"]
    question.refresh_from_db()
    assert question.allows_not_applicable is False
    # Made critical while it allows "not applicable": refused the same way.
    optional = draft.questions.get(code="A1.4")
    with pytest.raises(DefinitionInvalidError):
        services.question_update(question=optional, criticality="critical")
    services.question_update(question=optional, criticality="critical_if_applicable")


@pytest.mark.django_db
def test_the_editor_page_shows_the_refusal_on_the_field(procurement_admin) -> None:
    client = Client()
    client.force_login(procurement_admin)
    draft = QuestionnaireVersionFactory(is_published=False)
    question = draft.questions.get(code="A1.1")
    form = {
        "text_en": question.text_en,
        "text_zh": question.text_zh,
        "help_en": "",
        "help_zh": "",
        "criticality": "critical",
        "max_points": "5",
        "points_yes": "5",
        "points_no": "0",
        "is_required": "on",
        "allows_not_applicable": "on",
    }
    url = f"/questionnaires/versions/{draft.pk}/questions/{question.pk}/edit/"
    response = client.post(url, form)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "cannot allow “not applicable”" in errors["allows_not_applicable"][0]
    question.refresh_from_db()
    assert question.allows_not_applicable is False
    form["criticality"] = "critical_if_applicable"
    assert client.post(url, form).status_code == 302
    question.refresh_from_db()
    assert (question.criticality, question.allows_not_applicable) == (
        "critical_if_applicable",
        True,
    )


# --- Exclusive choices ------------------------------------------------------------------------


def test_exclusive_is_true_or_false() -> None:
    assert _located(_with_none_choice(exclusive=True)) == []
    assert _located(_with_none_choice(exclusive="yes")) == [("choices", 4, "exclusive")]


def test_the_hash_of_a_definition_without_exclusive_choices_is_unchanged() -> None:
    unmarked = _with_none_choice(exclusive=None)
    assert content_hash(unmarked) == content_hash(_with_none_choice(exclusive=False))
    assert content_hash(unmarked) != content_hash(_with_none_choice(exclusive=True))


@pytest.mark.django_db
def test_exclusive_is_stored_and_survives_json_and_xlsx_round_trips() -> None:
    version = QuestionnaireVersionFactory(definition=_with_none_choice(exclusive=True))
    choices = Choice.objects.filter(question__version=version, question__code="A1.2")
    assert [(c.code, c.is_exclusive) for c in choices.order_by("order")] == [
        ("discharge", False),
        ("eia", False),
        ("none", True),
    ]
    definition = version_to_definition(version)
    marked = {c["code"]: c["exclusive"] for c in definition["choices"] if c["question"] == "A1.2"}
    assert marked == {"discharge": False, "eia": False, "none": True}
    assert content_hash(definition) == version.content_hash
    raw = json.dumps(definition, ensure_ascii=False).encode()
    for name, content in (("q.json", raw), ("q.xlsx", _xlsx(definition))):
        again = definition_from_upload(name=name, content=content)
        assert content_hash(again) == version.content_hash, name
        copy = services.version_create_from_definition(definition=again, created_by=None)
        assert copy.questions.get(code="A1.2").choices.get(code="none").is_exclusive


@pytest.mark.django_db
def test_an_xlsx_without_the_exclusive_column_still_imports() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_xlsx(small_definition())))
    sheet = workbook["choices"]
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_cols(headers.index("exclusive") + 1)
    stream = io.BytesIO()
    workbook.save(stream)
    definition = definition_from_upload(name="q.xlsx", content=stream.getvalue())
    assert content_hash(definition) == content_hash(small_definition())


@pytest.mark.django_db
def test_an_xlsx_exclusive_cell_that_is_not_a_boolean_is_reported_where_it_is() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_xlsx(small_definition())))
    sheet = workbook["choices"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=headers.index("exclusive") + 1, value="perhaps")
    stream = io.BytesIO()
    workbook.save(stream)
    assert _import_errors(stream.getvalue()) == {("choices", 3, "exclusive")}


def test_exclusive_on_a_single_choice_is_accepted_and_changes_nothing_else() -> None:
    definition = small_definition()
    definition["choices"][3]["exclusive"] = True  # A1.4 "none", a single choice
    assert _located(definition) == []


def test_comparison_shows_a_choice_made_exclusive() -> None:
    diff = diff_definitions(_with_none_choice(exclusive=False), _with_none_choice(exclusive=True))
    assert [change.code for change in diff.changed] == ["A1.2"]
    old, new = diff.changed[0].fields["choice none"]
    assert "exclusive" not in old and "(exclusive)" in new
    assert not diff.changed[0].is_scoring_change


# --- Bands are [min, max) without gaps or overlaps --------------------------------------------


def _bands(*bands) -> dict:  # type: ignore[no-untyped-def]
    definition = small_definition()
    definition["questions"][4]["bands"] = [
        {"min": low, "max": high, "points": points} for low, high, points in bands
    ]
    return definition


@pytest.mark.parametrize(
    "bands",
    [
        [(0, 100, 10), (100, None, 4)],
        [(100, None, 4), (0, 100, 10)],  # sorted by min before checking
        [(None, 10, 10), (10, 20.5, 5), (20.5, 30, 1)],
        [(5, 10, 10)],  # below 5 and from 10 on: 0 points, allowed
        [(None, None, 3)],
    ],
    ids=["two", "unsorted", "open-below", "one-closed", "everything"],
)
def test_contiguous_bands_are_valid(bands) -> None:
    assert _located(_bands(*bands)) == []


@pytest.mark.parametrize(
    ("bands", "words"),
    [
        ([(0, 50, 10), (60, None, 4)], "bands 1 (0..50) and 2 (60..) leave a gap from 50 to 60"),
        ([(0, 50, 10), (40, None, 4)], "bands 1 (0..50) and 2 (40..) overlap from 40 to 50"),
        ([(0, None, 10), (40, 60, 4)], "band 1 (0..) has no max, so it overlaps band 2 (40..60)"),
        ([(None, 5, 10), (None, 8, 4)], "bands 1 (..5) and 2 (..8) overlap: both have no min"),
        ([(60, None, 4), (0, 50, 10)], "bands 2 (0..50) and 1 (60..) leave a gap from 50 to 60"),
        ([(0, 100, 10), (100, 100, 4)], "band 2 (100..100): min must be below max"),
    ],
    ids=["gap", "overlap", "open-max-not-last", "two-open-min", "gap-unsorted", "empty-band"],
)
def test_gaps_and_overlaps_are_refused_naming_question_and_bands(bands, words) -> None:
    definition = _bands(*bands)
    assert _located(definition) == [("questions", BANDS_ROW, "bands")]
    message = _messages(definition)[0]
    assert message.startswith("A2.1 ") and words in message, message


def test_a_whole_band_written_as_a_float_reads_plainly() -> None:
    message = _messages(_bands((0, 50.0, 10), (60.0, None, 4)))[0]
    assert "gap from 50 to 60" in message and "E+" not in message


@pytest.mark.django_db
def test_the_xlsx_import_refuses_a_gap_in_bands_at_its_cell() -> None:
    content = _xlsx(_bands((0, 50, 10), (60, None, 4)))
    assert _import_errors(content) == {("questions", BANDS_ROW, "bands")}


@pytest.mark.django_db
def test_the_default_questionnaire_marks_its_none_choices_exclusive() -> None:
    version = services.default_questionnaire_load()
    nones = Choice.objects.filter(
        question__version=version, question__type="multi_choice", column__isnull=True, code="none"
    )
    assert nones.count() == 10
    assert all(choice.is_exclusive for choice in nones)
    assert (
        not Choice.objects.filter(question__version=version, is_exclusive=True)
        .exclude(code="none")
        .exists()
    )
