"""Answers offline: the answers workbook (GET answers.xlsx) and its import (POST answers/import/).

The small test questionnaire (tests/assessments/definitions.py) has every question type; the
supplier is in logistics, so A2.2 applies and A2.4 does not; A1.3 (a table) shows once A1.2
holds "discharge", A2.3 once A2.1 is over 50.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from assessments.answers import services as answer_services
from assessments.answers import workbooks
from assessments.models import Answer, Assessment, Event
from tests.factories import (
    LaunchedAssessmentFactory,
    SavedAnswerFactory,
    staff_user,
    supplier_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(officer, celery_eager):  # type: ignore[no-untyped-def]
    """An acknowledged assessment with A1.2 and A2.1 answered (so A1.3 and A2.3 show), and a
    logged-in client of its supplier's user."""
    assessment = LaunchedAssessmentFactory(campaign__created_by=officer)
    user = supplier_user(supplier=assessment.supplier)
    SavedAnswerFactory(assessment=assessment, question_code="A1.2", value=["discharge"], user=user)
    SavedAnswerFactory(assessment=assessment, question_code="A2.1", value="60", user=user)
    client = Client()
    client.force_login(user)
    return assessment, user, client


def _download(client: Client, assessment: Assessment) -> Workbook:
    response = client.get(reverse("api-assessment-answers-xlsx", args=[assessment.pk]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload(client: Client, assessment: Assessment, workbook: Workbook) -> Any:
    stream = io.BytesIO()
    workbook.save(stream)
    file = SimpleUploadedFile("answers.xlsx", stream.getvalue())
    return client.post(
        reverse("api-assessment-answers-import", args=[assessment.pk]), {"file": file}
    )


def _area(workbook: Workbook, code: str) -> Worksheet:
    return next(sheet for sheet in workbook.worksheets if sheet.title.startswith(f"{code} "))


def _row(sheet: Worksheet, code: str) -> int:
    return next(row for row in range(2, sheet.max_row + 1) if sheet[f"A{row}"].value == code)


def _set(workbook: Workbook, code: str, value: Any, column: str = "G") -> None:
    sheet = _area(workbook, code.split(".")[0])
    sheet[f"{column}{_row(sheet, code)}"] = value


def _value(assessment: Assessment, code: str) -> Any:
    answer = Answer.objects.filter(assessment=assessment, question__code=code).first()
    return None if answer is None else answer.value


def test_round_trip_stores_every_type_and_counts_the_changes(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A1.1", "yes")
    _set(workbook, "A1.2", "discharge; eia")
    _set(workbook, "A1.4", "certified")
    _set(workbook, "A2.1", 72.5)
    _set(workbook, "A2.2", "Electric vans from 2027")
    _set(workbook, "A2.3", datetime.date(2026, 5, 1))
    table = workbook["A1.3"]
    table.append(["water", "P-1", datetime.date(2028, 1, 31)])
    table.append(["air", 42, None])

    response = _upload(client, assessment, workbook)

    assert response.status_code == 200, response.json()
    assert response.json() == {"changed": 7, "unchanged": 0}
    assert _value(assessment, "A1.1") is True
    assert _value(assessment, "A1.2") == ["discharge", "eia"]
    assert _value(assessment, "A1.4") == "certified"
    assert _value(assessment, "A2.1") == "72.5"
    assert _value(assessment, "A2.2") == "Electric vans from 2027"
    assert _value(assessment, "A2.3") == "2026-05-01"
    assert _value(assessment, "A1.3") == [
        {"kind": "water", "number": "P-1", "expires_on": "2028-01-31"},
        {"kind": "air", "number": "42", "expires_on": None},
    ]
    events = Event.objects.filter(assessment=assessment, kind=Event.Kind.ANSWER_SAVED, via="import")
    assert events.count() == 7

    # Downloaded again and uploaded untouched: every answer reads back as itself.
    again = _upload(client, assessment, _download(client, assessment))
    assert again.status_code == 200, again.json()
    assert again.json() == {"changed": 0, "unchanged": 7}


def test_not_applicable_with_its_justification(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A1.4", "yes", column="H")
    _set(workbook, "A1.4", "No management system yet", column="I")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 200, response.json()
    answer = Answer.objects.get(assessment=assessment, question__code="A1.4")
    assert answer.not_applicable and answer.justification == "No management system yet"


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_applied(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A1.4", "certified")  # valid, but not applied with the bad cell
    _set(workbook, "A2.1", "a lot")
    sheet = _area(workbook, "A2")

    response = _upload(client, assessment, workbook)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [
        {
            "sheet": sheet.title,
            "row": _row(sheet, "A2.1"),
            "column": "G",
            "message": "Enter a number.",
        }
    ]
    assert _value(assessment, "A1.4") is None
    assert _value(assessment, "A2.1") == "60"


def test_every_problem_is_reported_at_once(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A1.1", "maybe")
    _set(workbook, "A1.4", "platinum")
    _set(workbook, "A2.1", "-5")  # below the minimum of 0
    _set(workbook, "A2.2", "yes", column="H")  # A2.2 cannot be "not applicable" (the service)
    workbook["A1.3"].append(["water", "P-1", "31/01/2028"])
    workbook["A1.3"].append(["fire", None, None])

    response = _upload(client, assessment, workbook)

    assert response.status_code == 400
    cells = {(e["sheet"], e["row"], e["column"]) for e in response.json()["errors"]}
    a1, a2 = _area(workbook, "A1"), _area(workbook, "A2")
    assert {
        (a1.title, _row(a1, "A1.4"), "G"),
        (a2.title, _row(a2, "A2.1"), "G"),
        (a2.title, _row(a2, "A2.2"), "H"),
        ("A1.3", 2, "C"),
        ("A1.3", 3, "A"),
        ("A1.3", 3, "B"),
    } <= cells
    assert not Answer.objects.filter(assessment=assessment, question__code="A1.4").exists()


def test_not_applicable_refused_where_the_question_does_not_allow_it(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A1.1", "yes", column="H")
    _set(workbook, "A1.1", "n/a", column="I")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 400
    sheet = _area(workbook, "A1")
    [error] = response.json()["errors"]
    assert (error["sheet"], error["row"], error["column"]) == (
        sheet.title,
        _row(sheet, "A1.1"),
        "H",
    )


def test_a_change_made_in_the_portal_since_the_download_is_a_conflict(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, user, client = mine
    workbook = _download(client, assessment)
    answer_services.answer_save(
        assessment=assessment, question_code="A2.1", value="65", user=user, revision=None
    )
    _set(workbook, "A2.1", 80)
    _set(workbook, "A1.4", "certified")

    response = _upload(client, assessment, workbook)

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["conflicts"] == ["A2.1"]
    assert _value(assessment, "A2.1") == "65"
    assert _value(assessment, "A1.4") is None


def test_a_row_left_as_downloaded_never_overwrites_the_portal(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, user, client = mine
    workbook = _download(client, assessment)
    answer_services.answer_save(
        assessment=assessment, question_code="A2.1", value="65", user=user, revision=None
    )
    _set(workbook, "A1.4", "certified")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 200, response.json()
    assert response.json()["changed"] == 1
    assert _value(assessment, "A2.1") == "65"
    assert _value(assessment, "A1.4") == "certified"


def test_a_formula_is_read_as_its_text_never_evaluated(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A2.2", "=1+1")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 200, response.json()
    assert _value(assessment, "A2.2") == "=1+1"

    workbook = _download(client, assessment)
    sheet = _area(workbook, "A2")
    assert sheet[f"G{_row(sheet, 'A2.2')}"].data_type == "s"  # written back as text, not a formula
    _set(workbook, "A2.1", "=50+25")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Enter a number."
    assert _value(assessment, "A2.1") == "60"


def test_only_open_questions_can_change(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.RETURNED)
    Answer.objects.filter(assessment=assessment, question__code="A2.1").update(is_unlocked=True)
    workbook = _download(client, assessment)
    sheet = _area(workbook, "A2")
    assert sheet.protection.sheet
    assert not sheet[f"G{_row(sheet, 'A2.1')}"].protection.locked
    assert _area(workbook, "A1")[f"G{_row(_area(workbook, 'A1'), 'A1.4')}"].protection.locked

    _set(workbook, "A2.1", 70)
    _set(workbook, "A1.4", "certified")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["column"] == "G" and "A1.4" in error["message"]
    assert _value(assessment, "A2.1") == "60"

    _set(workbook, "A1.4", None)  # the locked row as downloaded: ignored
    response = _upload(client, assessment, workbook)
    assert response.status_code == 200, response.json()
    assert _value(assessment, "A2.1") == "70"


def test_another_suppliers_assessment_is_not_found(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    other = supplier_user()
    stranger = Client()
    stranger.force_login(other)
    url = reverse("api-assessment-answers-xlsx", args=[assessment.pk])
    assert stranger.get(url).status_code == 404
    assert _upload(stranger, assessment, workbook).status_code == 404


def test_staff_may_download_but_only_the_supplier_imports(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, _client = mine
    staff = Client()
    staff.force_login(staff_user())
    workbook = _download(staff, assessment)
    _set(workbook, "A1.4", "certified")
    assert _upload(staff, assessment, workbook).status_code == 403
    assert _value(assessment, "A1.4") is None


def test_a_workbook_of_another_assessment_is_refused(mine, officer) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    second = LaunchedAssessmentFactory(supplier=assessment.supplier, campaign__created_by=officer)
    workbook = _download(client, second)
    _set(workbook, "A1.4", "certified")
    response = _upload(client, assessment, workbook)
    assert response.status_code == 400
    assert response.json()["errors"][0]["sheet"] == workbooks.META_SHEET


def test_choices_and_yes_no_have_drop_downs(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    lists = workbook[workbooks.LISTS_SHEET]

    def listed(sheet: Worksheet, cell: str) -> list[str]:
        for validation in sheet.data_validations.dataValidation:
            if cell in validation.sqref:
                assert validation.type == "list"
                reference = validation.formula1.split("!")[1].replace("$", "")
                return [c.value for (c,) in lists[reference]]
        raise AssertionError(f"no drop-down on {sheet.title}!{cell}")

    a1 = _area(workbook, "A1")
    assert listed(a1, f"G{_row(a1, 'A1.1')}") == ["yes", "no"]
    assert listed(a1, f"G{_row(a1, 'A1.4')}") == ["certified", "none"]
    assert listed(a1, f"G{_row(a1, 'A1.2')}") == ["discharge", "eia"]
    assert listed(a1, f"H{_row(a1, 'A1.4')}") == ["yes"]
    assert listed(workbook["A1.3"], "A2") == ["water", "air"]
    assert "certified = ISO 14001 certified" in a1[f"F{_row(a1, 'A1.4')}"].value
    assert a1.freeze_panes == "A2"
    assert workbook[workbooks.META_SHEET].sheet_state == "hidden"


def test_texts_in_the_users_language_codes_as_they_are(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    response = client.get(
        reverse("api-assessment-answers-xlsx", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = _area(workbook, "A1")
    assert sheet.title == "A1 许可"
    assert sheet[f"B{_row(sheet, 'A1.4')}"].value == "环境管理体系状态"


def test_only_the_questions_the_supplier_sees(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    codes = {
        sheet[f"A{row}"].value
        for sheet in (_area(workbook, "A1"), _area(workbook, "A2"))
        for row in range(2, sheet.max_row + 1)
    }
    assert codes == {"A1.1", "A1.2", "A1.3", "A1.4", "A2.1", "A2.2", "A2.3"}  # not A2.4


def test_table_question_round_trip(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, user, client = mine
    SavedAnswerFactory(
        assessment=assessment,
        question_code="A1.3",
        value=[{"kind": "water", "number": "P-1"}, {"kind": "air", "number": "P-2"}],
        user=user,
    )
    workbook = _download(client, assessment)
    table = workbook["A1.3"]
    assert [table[f"B{row}"].value for row in (2, 3)] == ["P-1", "P-2"]
    table.delete_rows(2)
    table["C2"] = datetime.date(2029, 6, 30)
    table.append(["water", "P-3", None])
    response = _upload(client, assessment, workbook)
    assert response.status_code == 200, response.json()
    assert _value(assessment, "A1.3") == [
        {"kind": "air", "number": "P-2", "expires_on": "2029-06-30"},
        {"kind": "water", "number": "P-3", "expires_on": None},
    ]


def test_a_file_that_is_no_workbook_is_refused(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    file = SimpleUploadedFile("answers.xlsx", b"not a zip at all")
    response = client.post(
        reverse("api-assessment-answers-import", args=[assessment.pk]), {"file": file}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["sheet"] == "file"


def test_a_workbook_over_the_row_bound_is_refused_before_it_is_parsed(mine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    monkeypatch.setattr(workbooks, "OFFLINE_MAX_ROWS", 20)
    workbook = _download(client, assessment)
    for number in range(30):
        workbook["A1.3"].append(["water", f"P-{number}", None])
    response = _upload(client, assessment, workbook)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["sheet"], error["row"]) == ("A1.3", 22)  # its 21st row after the header
    assert _value(assessment, "A1.3") is None


def test_the_portal_page_downloads_and_applies_the_workbook(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    url = reverse("portal:offline", args=[assessment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("api-assessment-answers-xlsx", args=[assessment.pk]).encode() in page.content
    overview = client.get(reverse("portal:assessment", args=[assessment.pk]))
    assert url.encode() in overview.content

    workbook = _download(client, assessment)
    _set(workbook, "A2.1", "lots")
    stream = io.BytesIO()
    workbook.save(stream)
    bad = client.post(url, {"file": SimpleUploadedFile("a.xlsx", stream.getvalue())})
    assert bad.status_code == 400
    assert b'data-testid="offline-problems"' in bad.content
    assert b"Enter a number." in bad.content

    _set(workbook, "A2.1", 75)
    stream = io.BytesIO()
    workbook.save(stream)
    good = client.post(url, {"file": SimpleUploadedFile("a.xlsx", stream.getvalue())}, follow=True)
    assert good.status_code == 200
    assert b"1 answer(s) changed" in good.content
    assert _value(assessment, "A2.1") == "75"


def test_the_portal_page_of_another_supplier_is_not_found(mine) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, _client = mine
    stranger = Client()
    stranger.force_login(supplier_user())
    assert stranger.get(reverse("portal:offline", args=[assessment.pk])).status_code == 404


def test_an_upload_over_the_size_bound_is_refused_unread(mine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    workbook = _download(client, assessment)
    _set(workbook, "A1.4", "certified")
    monkeypatch.setattr(workbooks, "OFFLINE_MAX_BYTES", 1000)
    response = _upload(client, assessment, workbook)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["sheet"] == "file" and "limit" in error["message"]
    assert _value(assessment, "A1.4") is None


def test_the_download_and_the_import_read_a_bounded_number_of_queries(
    mine, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    assessment, _user, client = mine
    with django_assert_max_num_queries(12):
        workbook = _download(client, assessment)
    _set(workbook, "A1.4", "certified")
    with django_assert_max_num_queries(30):
        assert _upload(client, assessment, workbook).status_code == 200
