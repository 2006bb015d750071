"""Audit workbook exports: sheets, safety, overflow, the API, the pages, verification, purge."""

import datetime
import hashlib
import io
import re
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from assessments.campaigns.models import period_of
from assessments.exports.services import export_scope, exports_purge
from assessments.exports.workbooks import SHEETS, write_workbook
from assessments.models import Assessment, Export
from core import roles
from suppliers.models import Category
from tests.assessments.audit_data import HOSTILE, varied_campaign
from tests.assessments.scope3.data import factor_set, spend
from tests.factories import SupplierFactory, api_token, staff_user, supplier_user

pytestmark = pytest.mark.django_db


def _write(tmp_path, campaign, **kwargs):  # type: ignore[no-untyped-def]
    path = tmp_path / "book.xlsx"
    export = Export(scope="campaign", target_id=campaign.pk, title=campaign.name)
    result = write_workbook(str(path), scope=export_scope(export), **kwargs)
    return path, result


def _client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


# --- The workbook -------------------------------------------------------------------------


def test_sheets_in_contract_order_with_readable_headers(officer, tmp_path) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    path, result = _write(tmp_path, campaign)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SHEETS)
    answers = book["Answers"]
    assert answers.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(answers.max_column)
    assert answers.auto_filter.ref == f"A1:{last}{answers.max_row}"
    assert answers.column_dimensions["E"].width == 36  # the answer, now
    assert answers["A1"].font.bold
    assert result.sheets["Answers"] == answers.max_row - 1
    assert result.sheets["Scores"] == 3
    # Dates are real dates with a format; scores have two decimals; bands are coloured.
    scores = book["Scores"]
    codes = [str(cell.value).rsplit("(", 1)[-1].rstrip(")") for cell in scores[1]]
    assert isinstance(scores.cell(2, codes.index("scored_at") + 1).value, datetime.datetime)
    assert scores["H2"].number_format == "0.00"
    assert len(scores.conditional_formatting) > 0


def test_headers_and_words_follow_the_requesters_language_with_codes(officer, tmp_path) -> None:
    campaign = varied_campaign(officer=officer, suppliers=2)
    with translation.override("zh-hans"):
        path, _result = _write(tmp_path, campaign)
    book = openpyxl.load_workbook(path)
    header = [cell.value for cell in book["Answers"][1]]
    assert header[0] == "供应商代码 (supplier_code)"
    rules = [cell.value for cell in book["Rules"][1]]
    assert rules[4].endswith("(question_text)") and rules[4] != "Question (question_text)"
    texts = [row[4] for row in book["Rules"].iter_rows(min_row=2, values_only=True)]
    assert any("环境" in (text or "") for text in texts)  # Chinese question texts, intact
    names = [row[1] for row in book["Scores"].iter_rows(min_row=2, values_only=True)]
    assert "供应商 0 有限公司" in names


def test_user_text_never_becomes_a_formula(officer, tmp_path) -> None:
    campaign = varied_campaign(officer=officer, suppliers=4)
    path, _result = _write(tmp_path, campaign)
    book = openpyxl.load_workbook(path)
    # Our formulas: the recomputed values and checks, the Answers points, the open band ends.
    ours = {"label_eligible", "rule_row", "condition_row", "points", "max_points", "counts"}
    ours |= {"critical_failure", "low", "high"}
    seen_hostile = set()
    for sheet in book.worksheets:
        header = [str(cell.value or "") for cell in next(sheet.iter_rows(max_row=1), ())]
        codes = [title.rsplit("(", 1)[-1].rstrip(")") for title in header]
        formula_columns = {
            openpyxl.utils.get_column_letter(index)
            for index, code in enumerate(codes, start=1)
            if code in ours or code.endswith(("_recomputed", "check"))
        }
        if sheet.title == "Summary":
            formula_columns = set()
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert cell.column_letter in formula_columns, (
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                elif isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    seen_hostile.add(cell.value)
    # The texts are kept exactly as typed, just not executed.
    assert HOSTILE[0] in seen_hostile  # a supplier name
    assert "+1+1" in seen_hostile or "@SUM(A1)" in seen_hostile  # answers / comments
    assert "=Fix the permit" in seen_hostile  # a corrective action
    # In the XML, the hostile supplier name is an inline string, not an <f> element.
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet3.xml").decode()
    assert "<f>HYPERLINK" not in xml and "HYPERLINK" in xml


def test_a_full_sheet_continues_on_a_numbered_one_without_splitting_an_assessment(
    officer, tmp_path
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=4)
    path, result = _write(tmp_path, campaign, max_rows=150, chunk_size=2)
    book = openpyxl.load_workbook(path)
    names = book.sheetnames
    assert names[:4] == ["Summary", "Suppliers", "Scores", "Answers"]
    assert "Answers (2)" in names
    answer_parts = [name for name in names if name.startswith("Answers")]
    assert names.index(answer_parts[-1]) + 1 == names.index("Evidence")
    seen: dict[int, str] = {}
    total = 0
    for name in answer_parts:
        rows = list(book[name].iter_rows(min_row=2, values_only=True))
        assert len(rows) <= 149
        total += len(rows)
        for row in rows:
            assert seen.setdefault(row[1], name) == name  # one assessment, one sheet
    assert total == result.sheets["Answers"]
    # Each score formula reads exactly the block of rows that holds its assessment's answers.
    for row in book["Scores"].iter_rows(min_row=2):
        assessment_id = row[3].value
        if assessment_id not in seen:
            continue
        sheet = seen[assessment_id]
        assert f"'{sheet}'!" in row[6].value
        first, last = map(int, re.search(r"\$B\$(\d+):\$B\$(\d+)", row[6].value).groups())
        block = [r[1] for r in book[sheet].iter_rows(min_row=first, max_row=last, values_only=True)]
        assert set(block) == {assessment_id}
        everywhere = [r[1] for r in book[sheet].iter_rows(min_row=2, values_only=True)]
        assert everywhere.count(assessment_id) == len(block)


def test_query_count_does_not_grow_with_the_assessments(officer, tmp_path) -> None:
    small = varied_campaign(officer=officer, suppliers=2, seed=1)
    large = varied_campaign(officer=officer, suppliers=6, seed=2)
    # Spend with every supplier in the campaigns' period, so Scope3 has a row for each.
    factor_set({category.slug: "0.5" for category in Category.objects.all()})
    for assessment in Assessment.objects.filter(campaign__in=[small, large]):
        spend(assessment.supplier, "1000", period=period_of(small.period_start))
    with CaptureQueriesContext(connection) as few:
        _write(tmp_path, small, chunk_size=500)
    with CaptureQueriesContext(connection) as many:
        _write(tmp_path, large, chunk_size=500)
    assert len(many) == len(few)
    scope3 = openpyxl.load_workbook(tmp_path / "book.xlsx", read_only=True)["Scope3"]
    firsts = [row[0].value for row in scope3.iter_rows(min_row=2) if row]
    assert sum(isinstance(value, int) for value in firsts) == 6  # the large campaign's


# --- The API ------------------------------------------------------------------------------


@pytest.mark.usefixtures("celery_eager")
def test_api_export_of_a_campaign_then_download_and_verify(
    officer, django_capture_on_commit_callbacks
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=3)
    api = _client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/exports/", {"scope": "campaign", "id": campaign.pk}, format="json"
        )
    assert response.status_code == 202, response.content
    export_id = response.json()["id"]
    detail = api.get(f"/api/v1/exports/{export_id}/").json()
    assert detail["status"] == "succeeded"
    assert detail["progress"] == 100
    assert detail["row_count"] > 3
    assert detail["scope"] == "campaign" and detail["target_id"] == campaign.pk
    assert detail["download_url"].endswith(f"/api/v1/exports/{export_id}/file.xlsx")
    download = api.get(detail["download_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == detail["sha256"]
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == list(SHEETS)

    verify = api.post(
        "/api/v1/exports/verify/",
        {"file": SimpleUploadedFile("book.xlsx", content)},
        format="multipart",
    )
    assert verify.status_code == 200
    assert verify.json()["match"] is True
    assert verify.json()["export"]["id"] == export_id

    changed = content[:-1] + bytes([content[-1] ^ 1])
    verify = api.post(
        "/api/v1/exports/verify/",
        {"file": SimpleUploadedFile("book.xlsx", changed)},
        format="multipart",
    )
    assert verify.json()["match"] is False and verify.json()["export"] is None


@pytest.mark.usefixtures("celery_eager")
def test_api_export_of_the_filtered_supplier_list(
    officer, django_capture_on_commit_callbacks
) -> None:
    varied_campaign(officer=officer, suppliers=6)
    logistics = Category.objects.get(slug="logistics")
    expected = Assessment.objects.filter(supplier__category=logistics).count()
    api = _client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/exports/",
            {"scope": "suppliers", "filters": {"category": "logistics"}},
            format="json",
        )
    assert response.status_code == 202
    export = Export.objects.get(pk=response.json()["id"])
    assert export.filters == {"category": "logistics"}
    book = openpyxl.load_workbook(export.file.path)
    suppliers = list(book["Suppliers"].iter_rows(min_row=2, values_only=True))
    assert suppliers and {row[4] for row in suppliers} == {"logistics"}
    assert book["Scores"].max_row - 1 == expected
    assert '"category": "logistics"' in str(
        [c.value for row in book["Summary"].iter_rows() for c in row]
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "everything"}, "scope"),
        ({"scope": "campaign"}, "id"),
        ({"scope": "campaign", "id": 999999}, "id"),
        ({"scope": "assessment", "id": 999999}, "id"),
        ({"scope": "assessment", "id": "abc"}, "id"),
        ({"scope": "suppliers", "filters": {"colour": "green"}}, "filters"),
        ({"scope": "suppliers", "filters": {"category": "no-such-category"}}, "category"),
        ({"scope": "suppliers", "filters": {"region": "mars"}}, "region"),
        ({"scope": "suppliers", "filters": "category=logistics"}, "filters"),
    ],
)
def test_api_export_requests_that_cannot_work_say_why(api, body, field) -> None:
    response = api.post("/api/v1/exports/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Export.objects.exists()


def test_exports_are_for_staff_and_auditors_and_each_sees_their_own(
    officer, auditor, django_capture_on_commit_callbacks
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client_for(auditor).post(
            "/api/v1/exports/", {"scope": "campaign", "id": campaign.pk}, format="json"
        )
    assert response.status_code == 202
    export_id = response.json()["id"]
    # Another staff member does not see the auditor's export; a supplier user gets no access.
    assert _client_for(officer).get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert _client_for(officer).get(f"/api/v1/exports/{export_id}/file.xlsx").status_code == 404
    member = supplier_user(supplier=Assessment.objects.get().supplier)
    for method, url in (
        ("post", "/api/v1/exports/"),
        ("get", f"/api/v1/exports/{export_id}/"),
        ("get", f"/api/v1/exports/{export_id}/file.xlsx"),
        ("post", "/api/v1/exports/verify/"),
    ):
        assert getattr(_client_for(member), method)(url).status_code == 403
    listing = _client_for(auditor).get("/api/v1/exports/").json()
    assert [item["id"] for item in listing["results"]] == [export_id]


@pytest.mark.usefixtures("celery_eager")
def test_a_failed_build_says_why_and_serves_no_file(
    officer, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=1)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr("assessments.exports.services.write_workbook", broken)
    api = _client_for(officer)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        api.post("/api/v1/exports/", {"scope": "campaign", "id": campaign.pk}, format="json")
    export = Export.objects.get()
    assert export.status == "failed" and "disk full" in export.failure_reason
    assert not export.file and not export.sha256
    response = api.get(f"/api/v1/exports/{export.pk}/file.xlsx")
    assert response.status_code == 409
    assert response.json()["code"] == "export_not_ready"


@pytest.mark.usefixtures("celery_eager")
def test_files_past_retention_are_deleted_but_still_verifiable(
    officer, settings, django_capture_on_commit_callbacks
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=1)
    api = _client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        export_id = api.post(
            "/api/v1/exports/", {"scope": "campaign", "id": campaign.pk}, format="json"
        ).json()["id"]
    export = Export.objects.get(pk=export_id)
    assert (
        export.expires_at.date()
        == (export.finished_at + timedelta(days=settings.EXPORT_RETENTION_DAYS)).date()
    )
    content = export.file.read()
    export.file.close()
    path = export.file.path
    assert exports_purge(now=timezone.now()) == 0
    assert exports_purge(now=export.expires_at + timedelta(seconds=1)) == 1
    export.refresh_from_db()
    assert export.status == "expired" and not export.file
    import os

    assert not os.path.exists(path)
    assert api.get(f"/api/v1/exports/{export_id}/").json()["download_url"] is None
    verify = api.post(
        "/api/v1/exports/verify/",
        {"file": SimpleUploadedFile("b.xlsx", content)},
        format="multipart",
    )
    assert verify.json()["match"] is True


# --- The pages ----------------------------------------------------------------------------


@pytest.mark.usefixtures("celery_eager")
def test_auditor_exports_a_campaign_from_its_page(
    officer, auditor, django_capture_on_commit_callbacks
) -> None:
    campaign = varied_campaign(officer=officer, suppliers=2)
    client = Client()
    client.force_login(auditor)
    page = client.get(f"/campaigns/{campaign.pk}/")
    assert b'data-testid="export"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/new/", {"scope": "campaign", "id": campaign.pk})
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{export.pk}/"
    detail = client.get(response["Location"])
    assert b'data-status="succeeded"' in detail.content
    assert export.sha256.encode() in detail.content
    download = client.get(f"/exports/{export.pk}/download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    result = client.post("/exports/verify/", {"file": SimpleUploadedFile("x.xlsx", content)})
    assert b'data-match="true"' in result.content
    result = client.post("/exports/verify/", {"file": SimpleUploadedFile("x.xlsx", b"not ours")})
    assert b'data-match="false"' in result.content


def test_supplier_list_export_carries_the_current_filters(
    officer, django_capture_on_commit_callbacks
) -> None:
    SupplierFactory(category=Category.objects.get(slug="media"))
    client = Client()
    client.force_login(officer)
    page = client.get("/suppliers/?category=media&search=")
    assert b'<input type="hidden" name="category" value="media">' in page.content
    assert b'name="search"' in page.content  # the search box, not an empty hidden filter
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/new/", {"scope": "suppliers", "category": "media"})
    assert Export.objects.get().filters == {"category": "media"}


def test_a_bad_start_from_a_page_keeps_the_user_on_a_page_with_the_reason(officer) -> None:
    client = Client()
    client.force_login(officer)
    response = client.post("/exports/new/", {"scope": "campaign", "id": "12345"}, follow=True)
    assert response.status_code == 200
    assert b"There is no campaign with this id." in response.content
    assert not Export.objects.exists()


def test_reviewers_and_approvers_may_export_but_not_supplier_users(db) -> None:
    for role in roles.STAFF_GROUPS:
        assert staff_user(role).has_perm("assessments.add_export"), role
    member = supplier_user(username="s-user")
    client = Client()
    client.force_login(member)
    assert client.post("/exports/new/", {"scope": "suppliers"}).status_code == 403
    assert client.get("/exports/").status_code == 403


def test_a_file_too_large_to_be_an_export_is_refused_clearly(officer, settings) -> None:
    settings.EXPORT_VERIFY_MAX_BYTES = 10
    response = _client_for(officer).post(
        "/api/v1/exports/verify/",
        {"file": SimpleUploadedFile("big.xlsx", b"x" * 11)},
        format="multipart",
    )
    assert response.status_code == 400 and "file" in response.json()["fields"]
    client = Client()
    client.force_login(officer)
    page = client.post("/exports/verify/", {"file": SimpleUploadedFile("big.xlsx", b"x" * 11)})
    assert page.status_code == 400
    assert b"too large to be one of our exports" in page.content


# --- A lost worker ------------------------------------------------------------------------


@pytest.mark.usefixtures("celery_eager")
def test_an_export_whose_worker_was_lost_is_built_again_once(
    officer, settings, django_capture_on_commit_callbacks
) -> None:
    from assessments.exports.services import exports_recover

    campaign = varied_campaign(officer=officer, suppliers=2)
    # A run that claimed the export, then its worker died: running, no progress since.
    started = timezone.now() - timedelta(seconds=settings.EXPORT_STALE_SECONDS + 60)
    export = Export.objects.create(
        scope="campaign", target_id=campaign.pk, title=campaign.name, created_by=officer,
        status="running", run_id="lost-run", attempts=1, started_at=started, heartbeat_at=started,
    )  # fmt: skip
    assert exports_recover(now=started + timedelta(seconds=30)) == {"restarted": 0, "failed": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert exports_recover() == {"restarted": 1, "failed": 0}
    export.refresh_from_db()
    assert (export.status, export.attempts, export.progress) == ("succeeded", 2, 100)
    assert export.run_id not in ("", "lost-run") and len(export.sha256) == 64
    with django_capture_on_commit_callbacks(execute=True):
        assert exports_recover(now=timezone.now() + timedelta(days=1)) == {
            "restarted": 0,
            "failed": 0,
        }


def test_an_export_lost_too_often_is_marked_failed_with_the_reason(officer, settings) -> None:
    from assessments.exports.services import exports_recover

    old = timezone.now() - timedelta(hours=2)
    export = Export.objects.create(
        scope="suppliers", title="All", created_by=officer, status="running", run_id="r3",
        attempts=settings.EXPORT_MAX_ATTEMPTS, started_at=old, heartbeat_at=old,
    )  # fmt: skip
    assert exports_recover() == {"restarted": 0, "failed": 1}
    export.refresh_from_db()
    assert export.status == "failed" and "stopped 3 times" in export.failure_reason
    assert not export.file


def test_a_run_that_lost_its_claim_never_attaches_a_file(officer, monkeypatch) -> None:
    from assessments.exports import services as export_services

    campaign = varied_campaign(officer=officer, suppliers=1)
    export = Export.objects.create(scope="campaign", target_id=campaign.pk, created_by=officer)
    real = export_services.write_workbook

    def taken_over_midway(path, **kwargs):  # type: ignore[no-untyped-def]
        Export.objects.filter(pk=export.pk).update(run_id="a-newer-run")  # recovered meanwhile
        return real(path, **kwargs)

    monkeypatch.setattr(export_services, "write_workbook", taken_over_midway)
    result = export_services.export_build(export_id=export.pk)
    assert result.status == "running" and result.run_id == "a-newer-run"
    assert not result.file and not result.sha256
