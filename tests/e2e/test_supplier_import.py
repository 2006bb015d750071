"""Bulk import: download the template, fill it, upload it, watch the job finish."""

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from suppliers.models import Supplier
from tests.e2e.conftest import E2E_DB
from tests.factories import make_uscc

pytestmark = [pytest.mark.e2e, E2E_DB]

_CODE = make_uscc(202)
BAD_CHECK_CODE = _CODE[:-1] + ("1" if _CODE.endswith("0") else "0")  # wrong 18th character

# Data rows in sheet order (the header is row 1, so these are rows 2, 3, ...).
ROWS: list[dict[str, str]] = [
    {  # row 2: good
        "name": "宁波蓝海会展服务有限公司",
        "name_en": "Ningbo Blue Sea Events Co., Ltd.",
        "country": "CN",
        "registration_code": make_uscc(201),
        "category": "events",
        "contact_name": "李雷",
        "contact_email": "li.lei@bluesea.example.com",
        "contact_phone": "+86 574 0000 0001",
    },
    {  # row 3: wrong check character
        "name": "苏州错码工程有限公司",
        "name_en": "",
        "country": "CN",
        "registration_code": BAD_CHECK_CODE,
        "category": "engineering",
        "contact_name": "韩梅梅",
        "contact_email": "han.meimei@cuoma.example.com",
        "contact_phone": "",
    },
    {  # row 4: good, outside China
        "name": "Rheinland Logistik GmbH",
        "name_en": "Rheinland Logistik GmbH",
        "country": "DE",
        "registration_code": "HRB 123456",
        "category": "logistics",
        "contact_name": "Anna Schmidt",
        "contact_email": "anna.schmidt@rheinland.example.com",
        "contact_phone": "+49 221 000000",
    },
    {  # row 5: unknown category
        "name": "上海星际运输有限公司",
        "name_en": "Shanghai Interstellar Transport Co., Ltd.",
        "country": "CN",
        "registration_code": make_uscc(203),
        "category": "spaceships",
        "contact_name": "张伟",
        "contact_email": "zhang.wei@xingji.example.com",
        "contact_phone": "",
    },
    {  # row 6: bad email
        "name": "广州坏邮箱媒体有限公司",
        "name_en": "",
        "country": "CN",
        "registration_code": make_uscc(204),
        "category": "media",
        "contact_name": "陈静",
        "contact_email": "chen.jing-at-example.com",
        "contact_phone": "",
    },
    {  # row 7: good
        "name": "深圳云端办公设备有限公司",
        "name_en": "Shenzhen Cloud Office Equipment Co., Ltd.",
        "country": "CN",
        "registration_code": make_uscc(205),
        "category": "office_it",
        "contact_name": "刘洋",
        "contact_email": "liu.yang@yunduan.example.com",
        "contact_phone": "0755-00000000",
    },
]
GOOD_ROWS = [ROWS[0], ROWS[2], ROWS[5]]
EXPECTED_ERRORS = [
    (3, "registration_code", "check character"),
    (5, "category", "spaceships"),
    (6, "contact_email", "email"),
]


def _fill_template(template: Path, filled: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["Suppliers"]
    assert workbook.sheetnames[0] == "Suppliers"
    # Header cells read "key (Label)": find each key's column from the template itself.
    columns = {
        str(cell.value).split("(")[0].strip(): cell.column
        for cell in sheet[1]
        if cell.value is not None
    }
    assert set(columns) == set(ROWS[0]), columns
    for row_number, values in enumerate(ROWS, start=2):
        for key, value in values.items():
            if value:
                sheet.cell(row=row_number, column=columns[key], value=value)
    workbook.save(filled)


def test_import_template_round_trip_reports_bad_rows(
    officer_page: Page, server: str, tmp_path: Path, celery_eager: None
) -> None:
    page = officer_page
    page.goto(f"{server}/suppliers/imports/")

    with page.expect_download() as download_info:
        page.get_by_test_id("template-link").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    template = tmp_path / download.suggested_filename
    download.save_as(template)

    filled = tmp_path / "suppliers-to-import.xlsx"
    _fill_template(template, filled)

    form = page.get_by_test_id("import-form")
    form.locator("input[type=file][name=file]").set_input_files(filled)
    form.get_by_test_id("upload").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(server)}/suppliers/imports/\d+/$"))
    status = page.get_by_test_id("import-status")
    expect(status).to_have_attribute("data-status", "completed_with_errors", timeout=15_000)
    expect(page.get_by_test_id("count-created")).to_have_text(str(len(GOOD_ROWS)))
    expect(page.get_by_test_id("count-failed")).to_have_text(str(len(EXPECTED_ERRORS)))
    expect(page.get_by_test_id("count-updated")).to_have_text("0")

    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("thead th")).to_have_text(["Row", "Column", "Problem"])
    lines = errors.locator("tbody tr")
    expect(lines).to_have_count(len(EXPECTED_ERRORS))
    expect(lines.locator("td:nth-child(1)")).to_have_text([str(r) for r, _, _ in EXPECTED_ERRORS])
    expect(lines.locator("td:nth-child(2)")).to_have_text([c for _, c, _ in EXPECTED_ERRORS])
    for index, (_row, _column, problem) in enumerate(EXPECTED_ERRORS):
        expect(lines.nth(index).locator("td").nth(2)).to_contain_text(problem)

    assert sorted(Supplier.objects.values_list("registration_code", flat=True)) == sorted(
        row["registration_code"] for row in GOOD_ROWS
    )

    # The imported suppliers are in the list.
    page.goto(f"{server}/suppliers/")
    for row in GOOD_ROWS:
        expect(page.get_by_role("link", name=row["name"], exact=True)).to_be_visible()
