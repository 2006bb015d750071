"""The code of conduct of a questionnaire version, its acknowledgement, and the results page."""

import html
import importlib
import io
import json
import re
from decimal import Decimal as D
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from assessments.answers import services as answer_services
from assessments.errors import VersionImmutableError
from assessments.models import Assessment, QuestionnaireVersion
from assessments.portal.results import (
    QuestionInfo,
    action_words,
    result_words,
    results_build,
)
from assessments.questionnaires.definitions import (
    code_of_conduct_sections,
    content_hash,
)
from assessments.questionnaires.selectors import version_to_definition
from assessments.questionnaires.services import DEFAULT_DEFINITION, version_create_from_definition
from assessments.questionnaires.workbooks import (
    parse_definition_json,
    read_definition_workbook,
    write_definition_workbook,
)
from assessments.review import services as review_services
from assessments.scoring.calculation import (
    AnswerInput,
    AreaRule,
    Band,
    QuestionRule,
    path_to_green,
    score_assessment,
)
from core import roles
from tests.assessments.definitions import small_definition
from tests.factories import (
    LaunchedAssessmentFactory,
    LaunchedCampaignFactory,
    QuestionnaireVersionFactory,
    SavedAnswerFactory,
    SupplierFactory,
    UploadedEvidenceFactory,
    review_complete,
    staff_user,
    supplier_user,
)

MIGRATION = importlib.import_module("assessments.migrations.0029_code_of_conduct")

CODE_EN = (
    "We expect suppliers to follow this code.\n\n"
    "1. Environmental permits and reporting\n\n"
    "Hold every permit your sites need.\nKeep the records.\n\n"
    "2. Water\n\n"
    "Save water."
)
CODE_ZH = "我们期望供应商遵循本准则。\n\n1. 环境许可及报告\n\n取得所需的全部许可。\n\n2. 水资源管理\n\n节约用水。"


def _definition(*, en: str = CODE_EN, zh: str = CODE_ZH) -> dict[str, Any]:
    return {**small_definition(), "code_of_conduct_en": en, "code_of_conduct_zh": zh}


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _text(page: str) -> str:
    """What a person reads: the page without its tags, attributes, scripts and styles."""
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


# --- The code of conduct: part of the version ------------------------------------------------


def test_code_sections_split_headings_and_paragraphs() -> None:
    sections = code_of_conduct_sections(CODE_EN)
    assert [section.heading for section in sections] == [
        "",
        "1. Environmental permits and reporting",
        "2. Water",
    ]
    assert sections[1].paragraphs == ("Hold every permit your sites need. Keep the records.",)
    assert code_of_conduct_sections("") == []


def test_the_hash_covers_the_code_but_a_version_without_one_keeps_its_hash() -> None:
    plain = small_definition()
    assert content_hash({**plain, "code_of_conduct_en": "", "code_of_conduct_zh": ""}) == (
        content_hash(plain)
    )
    assert content_hash(_definition()) != content_hash(plain)
    assert content_hash(_definition(zh="另一个准则。")) != content_hash(_definition())
    # Line ends and surrounding space are not content.
    assert content_hash(_definition(en=CODE_EN.replace("\n", "\r\n") + "\n ")) == content_hash(
        _definition()
    )


@pytest.mark.django_db
def test_the_code_travels_through_json_and_excel_with_the_same_hash() -> None:
    version = QuestionnaireVersionFactory(definition=_definition())
    assert (version.code_of_conduct_en, version.code_of_conduct_zh) == (CODE_EN, CODE_ZH)
    definition = version_to_definition(version)
    assert version.content_hash == content_hash(definition) == content_hash(_definition())
    parsed, errors = parse_definition_json(json.dumps(definition).encode())
    assert errors == [] and parsed is not None
    assert content_hash(parsed) == version.content_hash
    stream = io.BytesIO()
    write_definition_workbook(definition=definition, stream=stream)
    stream.seek(0)
    read, errors = read_definition_workbook(stream)
    assert errors == [] and read is not None
    assert (read["code_of_conduct_en"], read["code_of_conduct_zh"]) == (CODE_EN, CODE_ZH)
    again = version_create_from_definition(definition=read, created_by=None)
    assert content_hash(version_to_definition(again)) == version.content_hash


@pytest.mark.django_db
def test_a_published_versions_code_cannot_change() -> None:
    version = QuestionnaireVersionFactory(definition=_definition())
    version.code_of_conduct_en = "Something else."
    with pytest.raises(VersionImmutableError):
        version.save()
    draft = QuestionnaireVersionFactory(definition=_definition(), is_published=False)
    draft.code_of_conduct_en = "A draft may change."
    draft.save()


def test_the_default_questionnaire_carries_the_code_in_both_languages() -> None:
    definition = json.loads(DEFAULT_DEFINITION.read_text(encoding="utf-8"))
    for key in ("code_of_conduct_en", "code_of_conduct_zh"):
        headings = [s.heading for s in code_of_conduct_sections(definition[key])]
        assert len([heading for heading in headings if heading]) == 6, key
    assert "环境许可及报告" in definition["code_of_conduct_zh"]
    # The migration's frozen copy is the shipped text, and its new hash that of the default.
    assert (
        definition["code_of_conduct_en"],
        definition["code_of_conduct_zh"],
    ) == (MIGRATION.CODE_EN, MIGRATION.CODE_ZH)
    assert content_hash(definition) == MIGRATION.NEW_HASH
    without = {key: value for key, value in definition.items() if "code_of_conduct" not in key}
    assert content_hash(without) == MIGRATION.DEFAULT_HASH


@pytest.mark.django_db
def test_the_migration_gives_the_old_default_version_its_code_and_no_other() -> None:
    definition = json.loads(DEFAULT_DEFINITION.read_text(encoding="utf-8"))
    without = {key: value for key, value in definition.items() if "code_of_conduct" not in key}
    old_default = QuestionnaireVersionFactory(definition=without)
    other = QuestionnaireVersionFactory(definition=small_definition())
    assert old_default.content_hash == MIGRATION.DEFAULT_HASH

    MIGRATION.default_code(apps, schema_editor=None)  # the migration's own function

    old_default.refresh_from_db()
    other_hash = other.content_hash
    other.refresh_from_db()
    assert old_default.code_of_conduct_en == definition["code_of_conduct_en"]
    assert old_default.code_of_conduct_zh == definition["code_of_conduct_zh"]
    assert old_default.content_hash == content_hash(version_to_definition(old_default))
    assert (other.code_of_conduct_en, other.code_of_conduct_zh, other.content_hash) == (
        "",
        "",
        other_hash,
    )


@pytest.mark.django_db
def test_the_migration_records_the_version_of_earlier_acknowledgements(celery_eager) -> None:
    acknowledged = LaunchedAssessmentFactory()
    pending = LaunchedAssessmentFactory(acknowledged=False)
    Assessment.objects.filter(pk=acknowledged.pk).update(code_acknowledged_version=None)

    MIGRATION.acknowledged_versions(apps, schema_editor=None)

    acknowledged.refresh_from_db()
    pending.refresh_from_db()
    assert acknowledged.code_acknowledged_version_id == acknowledged.version_id
    assert pending.code_acknowledged_version_id is None


# --- Its page ---------------------------------------------------------------------------------


@pytest.fixture
def coded(officer, celery_eager):  # type: ignore[no-untyped-def]
    """A supplier user's assessment on a version with a code, and another supplier's."""
    version = QuestionnaireVersionFactory(definition=_definition())
    mine, other = SupplierFactory(), SupplierFactory()
    campaign = LaunchedCampaignFactory(
        created_by=officer, questionnaire_version=version, suppliers=[mine, other]
    )
    user = supplier_user(supplier=mine, username="code-user")
    return user, campaign.assessments.get(supplier=mine), campaign.assessments.get(supplier=other)


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", "Environmental permits and reporting", "环境许可"),
        ("zh-hans", "环境许可及报告", "Hold"),
    ],
)
def test_the_code_page_is_in_the_users_language(coded, language, shown, hidden) -> None:
    user, mine, _other = coded
    response = _client(user, language).get(f"/portal/assessments/{mine.pk}/code/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{shown}</h2>" in page
    assert hidden not in _text(page)


@pytest.mark.parametrize(("en", "zh", "language"), [("", CODE_ZH, "en"), (CODE_EN, "", "zh-hans")])
def test_the_code_page_falls_back_to_the_other_language(officer, celery_eager, en, zh, language):  # type: ignore[no-untyped-def]
    version = QuestionnaireVersionFactory(definition=_definition(en=en, zh=zh))
    assessment = LaunchedAssessmentFactory(campaign__questionnaire_version=version)
    user = supplier_user(supplier=assessment.supplier, username="fallback-user")
    page = _client(user, language).get(f"/portal/assessments/{assessment.pk}/code/")
    assert (en or zh).split("\n")[0] in page.content.decode()


def test_a_version_without_a_code_says_so(setup) -> None:
    page = setup.client.get(f"/portal/assessments/{setup.mine.pk}/code/").content.decode()
    assert 'data-testid="code-missing"' in page


@pytest.mark.parametrize("page", ["code", "results"])
def test_another_suppliers_code_and_results_are_not_found(coded, page) -> None:
    user, _mine, other = coded
    assert _client(user).get(f"/portal/assessments/{other.pk}/{page}/").status_code == 404


def test_the_acknowledgement_box_links_to_the_code(coded) -> None:
    user, mine, _other = coded
    page = _client(user).get(f"/portal/assessments/{mine.pk}/").content.decode()
    assert 'data-testid="acknowledge"' in page
    assert f'href="/portal/assessments/{mine.pk}/code/"' in page


def test_the_acknowledgement_records_the_version_and_shows_it(coded) -> None:
    user, mine, _other = coded
    client = _client(user)
    client.post(f"/portal/assessments/{mine.pk}/acknowledge/", {"acknowledge": "yes"})
    mine.refresh_from_db()
    assert mine.code_acknowledged_version_id == mine.version_id
    page = client.get(f"/portal/assessments/{mine.pk}/").content.decode()
    assert f"questionnaire version {mine.version.number}" in _text(page)
    body = client.get(f"/api/v1/assessments/{mine.pk}/").json()
    assert body["code_acknowledged_version"] == mine.version_id


def test_a_carried_acknowledgement_keeps_the_version_that_was_read(coded, officer) -> None:
    user, mine, _other = coded
    later_version = QuestionnaireVersionFactory(definition=_definition(zh="新准则。"))
    later = LaunchedCampaignFactory(
        created_by=officer, questionnaire_version=later_version, suppliers=[mine.supplier]
    ).assessments.get()
    answer_services.assessment_acknowledge_code(assessment=mine, user=user)
    later.refresh_from_db()
    assert later.code_acknowledged_at is not None
    assert later.code_acknowledged_version_id == mine.version_id != later.version_id


def test_the_version_api_has_the_code(coded, officer) -> None:
    from rest_framework.test import APIClient

    _user, mine, _other = coded
    client = APIClient()
    client.force_authenticate(officer)
    body = client.get(f"/api/v1/questionnaire-versions/{mine.version_id}/").json()
    assert (body["code_of_conduct_en"], body["code_of_conduct_zh"]) == (CODE_EN, CODE_ZH)


# --- Results in words -------------------------------------------------------------------------

YES_NO = QuestionRule(
    "Q", "A1", "yes_no", "yes_no", D(5), points_yes=D(5), points_no=D(0), criticality="critical"
)
YES_BAD = QuestionRule("Q", "A1", "yes_no", "yes_no", D(5), points_yes=D(0), points_no=D(5))
SINGLE = QuestionRule(
    "Q",
    "A1",
    "single_choice",
    "choice",
    D(10),
    choice_points={"certified": D(10), "implemented": D(5), "none": D(0)},
)
MULTI = QuestionRule(
    "Q", "A1", "multi_choice", "choice", D(6), choice_points={"a": D(3), "b": D(3)}
)
BANDS = QuestionRule(
    "Q", "A1", "number", "bands", D(10), bands=(Band(D(0), D(100), D(10)), Band(D(100), None, D(4)))
)
NARROW_BANDS = QuestionRule("Q", "A1", "number", "bands", D(10), bands=(Band(D(0), D(1), D(10)),))
PERMIT = QuestionRule(
    "Q", "A1", "yes_no", "yes_no", D(10), points_yes=D(10), points_no=D(0), requires_evidence=True
)
UPLOAD = QuestionRule("Q", "A1", "file", "evidence", D(2))
NA = QuestionRule("Q", "A1", "single_choice", "choice", D(10), choice_points={"x": D(10)})
INFO = QuestionRule("Q", "A1", "text", "none", D(0), criticality="info")
CRITICAL_INFO = QuestionRule("Q", "A1", "table", "none", D(0), criticality="critical")
INFOS = {  # by rule (a rule with choice points is not hashable)
    id(YES_NO): QuestionInfo("Q", "Q?", "yes_no", points_yes=D(5), points_no=D(0)),
    id(YES_BAD): QuestionInfo("Q", "Q?", "yes_no", points_yes=D(0), points_no=D(5)),
    id(SINGLE): QuestionInfo("Q", "Q?", "single_choice", best_choice="ISO 14001 certified"),
    id(MULTI): QuestionInfo("Q", "Q?", "multi_choice"),
}

# rule, answer, what the result says, what the action says (None: no action listed).
OUTCOMES = [
    (YES_NO, AnswerInput(True), "Full credit", None),
    (
        YES_NO,
        AnswerInput(False),
        "No credit: the answer was No",
        "Take the steps that let you answer Yes: +5 points in A1",
    ),
    (
        YES_BAD,
        AnswerInput(True),
        "No credit: the answer was Yes",
        "Take the steps that let you answer No: +5 points in A1",
    ),
    (
        SINGLE,
        AnswerInput("implemented"),
        "Partial credit: 5 of 10 points",
        "Work towards “ISO 14001 certified”: +5 points in A1",
    ),
    (
        SINGLE,
        AnswerInput("none"),
        "No credit: the option chosen earns no points",
        "Work towards “ISO 14001 certified”: +10 points in A1",
    ),
    (
        MULTI,
        AnswerInput(["a"]),
        "Partial credit: 3 of 6 points",
        "Put more of the listed practices in place: +3 points in A1",
    ),
    (BANDS, AnswerInput(50), "Full credit", None),
    (
        BANDS,
        AnswerInput(150),
        "Partial credit: 4 of 10 points",
        "Improve this figure: +6 points in A1",
    ),
    (
        NARROW_BANDS,
        AnswerInput(5),
        "No credit: the figure given earns no points",
        "Improve this figure: +10 points in A1",
    ),
    (
        BANDS,
        AnswerInput("many"),
        "No credit: the answer is not a number",
        "Give this figure as a number: +10 points in A1",
    ),
    (BANDS, None, "No credit: not answered", "Answer this question: +10 points in A1"),
    (NA, AnswerInput(None, not_applicable=True), "Not applicable", None),
    (
        NA,
        AnswerInput(None, not_applicable=True, is_queried=True),
        "No credit: your customer queried this answer",
        "Settle your customer's query about this answer: +10 points in A1",
    ),
    (
        YES_NO,
        AnswerInput(True, is_queried=True),
        "No credit: your customer queried this answer",
        "Settle your customer's query about this answer: +5 points in A1",
    ),
    (
        PERMIT,
        AnswerInput(True),
        "No credit: required document missing",
        "Upload the required document: +10 points in A1",
    ),
    (
        PERMIT,
        AnswerInput(True, evidence=("rejected",)),
        "No credit: the document was rejected",
        "Upload a new document to replace the rejected one: +10 points in A1",
    ),
    (
        PERMIT,
        AnswerInput(True, evidence=("pending",)),
        "No credit: the document was not accepted",
        "Provide a document your customer can accept: +10 points in A1",
    ),
    (PERMIT, AnswerInput(True, evidence=("accepted",)), "Full credit", None),
    (
        UPLOAD,
        AnswerInput(["doc"], evidence=("pending",)),
        "No credit: the document was not accepted",
        "Provide a document your customer can accept: +2 points in A1",
    ),
    (
        UPLOAD,
        AnswerInput(["doc"]),
        "No credit: required document missing",
        "Upload the required document: +2 points in A1",
    ),
    (
        UPLOAD,
        AnswerInput(["doc"], evidence=("rejected",)),
        "No credit: the document was rejected",
        "Upload a new document to replace the rejected one: +2 points in A1",
    ),
    (INFO, AnswerInput("text"), "Not scored (for information)", None),
    (
        CRITICAL_INFO,
        None,
        "Critical item failed: not answered",
        "Answer this question: needed for the green supplier label",
    ),
]


@pytest.mark.parametrize(("rule", "answer", "words", "action"), OUTCOMES)
def test_each_rule_outcome_in_plain_words(rule, answer, words, action) -> None:  # type: ignore[no-untyped-def]
    """Every outcome of the real calculation, read back from its stored form."""
    result = score_assessment(
        areas=[AreaRule("A1", D(1))],
        questions=[rule],
        answers={} if answer is None else {"Q": answer},
        category=None,
        kind="final",
    )
    question = result.questions[0]
    stored = {
        "code": "Q",
        "area": "A1",
        "points": float(question.points),
        "max_points": float(question.max_points),
        "applicable": question.applicable,
        "reason": question.reason,
        # As the score record keeps it (the evidence as scored).
        "evidence": [] if answer is None else list(answer.evidence),
    }
    area = result.areas[0]
    areas = [
        {"code": "A1", "score": area.score, "points": area.points, "max_points": area.max_points}
    ]
    failed = list(result.critical_failures)
    assert result_words(question=stored, is_critical_failure="Q" in failed)[1] == words
    improvements = path_to_green(
        areas=areas, questions=[stored], critical_failures=failed, min_area=D(50)
    )
    said = [
        action_words(improvement=item, question=stored, info=INFOS.get(id(rule)), area="A1")
        for item in improvements
    ]
    assert said == ([] if action is None else [action])


def test_a_score_recorded_without_its_evidence_says_not_accepted() -> None:
    stored = {"points": 0, "max_points": 2, "applicable": True, "reason": "no accepted evidence"}
    words = result_words(question=stored, is_critical_failure=False)[1]
    assert words == "No credit: the document was not accepted"


def test_results_put_failed_critical_items_first_and_leave_out_what_does_not_apply() -> None:
    questions = [
        {"code": "A1.1", "area": "A1", "points": 5, "max_points": 5, "applicable": True,
         "reason": "answered yes"},
        {"code": "A1.2", "area": "A1", "points": 0, "max_points": 10, "applicable": True,
         "reason": "answered no"},
        {"code": "A1.3", "area": "A1", "points": 0, "max_points": 4, "applicable": False,
         "reason": "does not apply"},
        {"code": "A2.1", "area": "A2", "points": 0, "max_points": 10, "applicable": True,
         "reason": "required evidence missing"},
    ]  # fmt: skip
    areas = [
        {"code": "A1", "score": 33.33, "points": 5, "max_points": 15, "assessed": True},
        {"code": "A2", "score": 0, "points": 0, "max_points": 10, "assessed": True},
    ]
    infos = {
        code: QuestionInfo(code, f"Text of {code}", "yes_no", points_yes=D(10), points_no=D(0))
        for code in ("A1.1", "A1.2", "A1.3", "A2.1")
    }
    improvements = path_to_green(
        areas=areas, questions=questions, critical_failures=["A2.1"], min_area=D(50)
    )
    results = results_build(
        overall=D("16.67"),
        areas=areas,
        questions=questions,
        critical_failures=["A2.1"],
        improvements=improvements,
        infos=infos,
        area_titles={"A1": "Permits", "A2": "Energy"},
    )
    assert [item.text for item in results.critical] == ["Text of A2.1"]
    assert results.actions[0].code == "A2.1" and results.actions[0].is_critical
    assert results.actions[0].words == "Upload the required document: +10 points in A2"
    assert [q.code for q in results.areas[0].questions] == ["A1.1", "A1.2"]
    assert (results.areas[0].title, results.areas[1].title) == ("Permits", "Energy")


# --- The results page -------------------------------------------------------------------------


@pytest.fixture
def approved(officer, celery_eager, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """An approved assessment: A1.1 answered No (a critical failure), A1.2 half its points,
    A2.2 unanswered; its supplier's user."""
    version = QuestionnaireVersionFactory(definition=_definition())
    assessment = LaunchedAssessmentFactory(
        campaign__created_by=officer, campaign__questionnaire_version=version
    )
    user = supplier_user(supplier=assessment.supplier, username="results-user")
    for code, value in (
        ("A1.1", False),
        ("A1.2", ["discharge"]),
        ("A1.4", "certified"),
        ("A2.1", 5),
        ("A1.3", [{"kind": "water", "number": "P-1"}]),
    ):
        SavedAnswerFactory(assessment=assessment, question_code=code, value=value, user=user)
    UploadedEvidenceFactory(assessment=assessment, question_code="A1.3", name="p.png", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        answer_services.assessment_submit(assessment=assessment, attestation=True, user=user)
    return assessment, user


def _approve(assessment: Assessment, django_capture_on_commit_callbacks: Any) -> None:
    review_complete(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        review_services.assessment_approve(
            assessment=assessment, approver=staff_user(roles.APPROVER, username="res-approver")
        )


def test_before_approval_the_results_page_says_when_and_shows_no_score(approved) -> None:
    assessment, user = approved
    page = _client(user).get(f"/portal/assessments/{assessment.pk}/results/").content.decode()
    assert 'data-testid="results-not-yet"' in page
    assert "once the assessment is approved" in page
    assert 'data-testid="overall-score"' not in page and "Full credit" not in page


def test_the_results_page_in_words(approved, django_capture_on_commit_callbacks) -> None:
    assessment, user = approved
    _approve(assessment, django_capture_on_commit_callbacks)
    client = _client(user)
    overview = client.get(f"/portal/assessments/{assessment.pk}/").content.decode()
    assert f'href="/portal/assessments/{assessment.pk}/results/"' in overview
    assert 'data-testid="improvements"' not in overview  # the details moved to the results
    page = client.get(f"/portal/assessments/{assessment.pk}/results/").content.decode()
    text = _text(page)
    # Area names, question texts, results in words, critical failures first.
    assert "A1 Permits" in text and "A2 Energy" in text
    assert text.index("Critical items that failed") < text.index("What to do next")
    critical = text[text.index("Critical items that failed") : text.index("What to do next")]
    assert "Do you acknowledge the code?" in critical
    assert "No credit: the answer was No" in critical
    assert "Partial credit: 3 of 6 points" in text  # A1.2
    assert "Full credit" in text  # A1.4
    assert "No credit: not answered" in text  # A2.2
    assert "Take the steps that let you answer Yes: +5 points in A1" in text
    assert "Answer this question: +3 points in A2" in text
    # No question codes, reason strings or raw figures.
    assert not re.search(r"\bA\d\.\d", text), re.findall(r".{30}\bA\d\.\d.{30}", text)
    for raw in ("answered no", "chose ", "not answered,", "/ 100)", "in band", "evidence missing"):
        assert raw not in text, raw


def test_the_chinese_results_page_has_no_english_action_text(
    approved, django_capture_on_commit_callbacks
) -> None:
    assessment, user = approved
    _approve(assessment, django_capture_on_commit_callbacks)
    page = _client(user, "zh-hans").get(f"/portal/assessments/{assessment.pk}/results/")
    text = page.content.decode()
    actions = re.search(r'data-testid="actions">(.*?)</ol>', text, re.S)
    assert actions is not None
    words = re.findall(r'class="action-words">([^<]*)<', actions.group(1))
    assert words
    for said in words:
        # Only area codes (A1) may be in Latin letters.
        assert not re.search(r"[A-Za-z]{2,}", said), said
    assert "是否确认准则？" in text and "许可" in text  # the version's own Chinese texts
    assert "Do you acknowledge the code?" not in text


def test_the_results_page_reads_a_bounded_number_of_queries(
    approved, django_capture_on_commit_callbacks, django_assert_max_num_queries
) -> None:
    assessment, user = approved
    _approve(assessment, django_capture_on_commit_callbacks)
    client = _client(user)
    client.get(f"/portal/assessments/{assessment.pk}/results/")  # the version's content cached
    with django_assert_max_num_queries(10):
        assert client.get(f"/portal/assessments/{assessment.pk}/results/").status_code == 200


def test_staff_see_the_code_on_the_version_page(coded, officer_client) -> None:
    _user, mine, _other = coded
    page = officer_client.get(f"/questionnaires/versions/{mine.version_id}/").content.decode()
    assert 'data-testid="code-of-conduct"' in page and "Hold every permit" in page


def test_staff_reach_the_acknowledged_code_from_the_assessment_page(coded) -> None:
    user, mine, _other = coded
    answer_services.assessment_acknowledge_code(assessment=mine, user=user)
    admin = Client()
    admin.force_login(staff_user(roles.PROCUREMENT_ADMIN, username="code-admin"))
    page = admin.get(f"/campaigns/assessments/{mine.pk}/").content.decode()
    assert (
        f'href="/questionnaires/versions/{mine.version_id}/" data-testid="acknowledged-code"'
        in (page)
    )


def test_the_default_version_loaded_has_its_code(db) -> None:
    from assessments.questionnaires.services import default_questionnaire_load

    version = default_questionnaire_load()
    assert version.code_of_conduct_en.startswith("This code sets out")
    assert default_questionnaire_load().pk == version.pk
    assert QuestionnaireVersion.objects.filter(questionnaire=version.questionnaire).count() == 1
