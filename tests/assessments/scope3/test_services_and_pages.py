"""Importing a spend-based factor set, the questionnaire version with the allocation question,
the target, and the staff pages."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from assessments.models import QuestionnaireVersion, Scope3Target, SpendFactor, SpendFactorSet
from assessments.questionnaires.services import default_questionnaire_load
from assessments.scope3.services import (
    SpendFactorSetInvalidError,
    scope3_questionnaire_load,
    spend_factor_set_import,
)
from assessments.scope3.workbooks import FactorFileError
from core import roles
from tests.assessments.scope3.data import approved, factor_set, spend
from tests.factories import SupplierFactory, staff_user, supplier_user

pytestmark = pytest.mark.django_db


def workbook(rows, header=("category", "kgco2e_per_cny", "source", "base_year")):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "factors"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def test_a_good_workbook_is_imported_as_the_next_version() -> None:
    first = spend_factor_set_import(
        stream=workbook([("logistics", 0.25, "Source A, table 3", 2020),
                         ("media", "0.1", "Source B", "2021")]),
        name="Set A", period=None, notes="", created_by=None,
    )  # fmt: skip
    assert first.version == 1
    assert {(f.category, f.kg_per_cny, f.base_year) for f in first.factors.all()} == {
        ("logistics", Decimal("0.25"), 2020), ("media", Decimal("0.1"), 2021)}  # fmt: skip
    second = spend_factor_set_import(
        stream=workbook([("logistics", 0.3, "Source A", 2022)]), name="Set B", period=2025,
        notes="", created_by=None,
    )  # fmt: skip
    assert (second.version, second.period) == (2, 2025)


def test_every_bad_cell_is_named_and_nothing_is_imported() -> None:
    stream = workbook([
        ("logistics", 0.25, "ok", 2020),
        ("nonsense", -1, "", 1800),
        ("logistics", "abc", "x" * 301, "soon"),
        ("media", 0.1234567891, "ok", 2020),
    ])  # fmt: skip
    with pytest.raises(SpendFactorSetInvalidError) as caught:
        spend_factor_set_import(stream=stream, name="Bad", period=None, notes="", created_by=None)
    cells = {(e["sheet"], e["row"], e["column"]) for e in caught.value.errors}
    assert cells == {
        ("factors", 3, "category"), ("factors", 3, "kgco2e_per_cny"), ("factors", 3, "source"),
        ("factors", 3, "base_year"),
        ("factors", 4, "category"), ("factors", 4, "kgco2e_per_cny"), ("factors", 4, "source"),
        ("factors", 4, "base_year"),
        ("factors", 5, "kgco2e_per_cny"),
    }  # fmt: skip
    assert SpendFactorSet.objects.count() == 0 and SpendFactor.objects.count() == 0


def test_a_file_that_is_no_workbook_or_lacks_a_column_is_refused() -> None:
    with pytest.raises(FactorFileError):
        spend_factor_set_import(stream=io.BytesIO(b"not a zip"), name="x", period=None, notes="",
                                created_by=None)  # fmt: skip
    with pytest.raises(FactorFileError, match="base_year"):
        spend_factor_set_import(stream=workbook([("logistics", 1, "s")], header=(
            "category", "kgco2e_per_cny", "source")), name="x", period=None, notes="",
            created_by=None)  # fmt: skip


def test_the_scope3_version_is_the_next_version_of_the_default() -> None:
    default = default_questionnaire_load()
    version = scope3_questionnaire_load()
    assert version.questionnaire_id == default.questionnaire_id
    assert version.number == default.number + 1 and version.status == "published"
    codes = list(version.questions.order_by("order").values_list("code", flat=True))
    assert codes.index("A4.11") == codes.index("A4.10.4") + 1
    assert codes[codes.index("A4.11") + 1] == "A4.11.1"
    assert not default.questions.filter(code="A4.11").exists()  # published: untouched
    assert scope3_questionnaire_load().pk == version.pk  # idempotent
    assert QuestionnaireVersion.objects.count() == 2
    question = version.questions.get(code="A4.11")
    assert (question.text_en, question.is_required, question.max_points) == (
        "Emissions allocated to us for the period (tCO2e)", False, 0)  # fmt: skip
    assert set(version.questions.get(code="A4.11.1").choices.values_list("code", flat=True)) == {
        "market_value", "mass", "volume", "units", "other"}  # fmt: skip


# --- Pages --------------------------------------------------------------------------------


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_page_shows_no_factor_set_then_the_figures(django_assert_max_num_queries) -> None:
    supplier = SupplierFactory()
    approved(supplier, scope1="100", scope2="50", revenue=50)
    spend(supplier, "1000000")
    spend(SupplierFactory(), "200000")
    client = _client(staff_user(roles.PROCUREMENT_ADMIN))
    page = client.get("/scope3/?period=2025")
    assert page.status_code == 200
    assert b'data-testid="no-factor-set"' in page.content
    assert b'data-value="3.0000"' in page.content or b'data-value="3"' in page.content
    factor_set({"logistics": "0.5"})
    with django_assert_max_num_queries(40):
        page = client.get("/scope3/?period=2025&base=2024")
    assert b'data-testid="no-factor-set"' not in page.content
    assert b'data-testid="scope3-total" data-value="103' in page.content


def test_page_refuses_supplier_users_and_roles_without_spend() -> None:
    assert _client(supplier_user()).get("/scope3/").status_code == 403
    assert _client(staff_user(roles.REVIEWER)).get("/scope3/").status_code == 403
    assert _client(staff_user(roles.AUDITOR)).get("/scope3/").status_code == 200
    assert Client().get("/scope3/").status_code == 302


def test_bad_period_is_not_a_500() -> None:
    client = _client(staff_user(roles.AUDITOR))
    assert client.get("/scope3/?period=abc").status_code == 200
    assert client.get("/scope3/?period=99999999999").status_code == 200


def test_target_is_set_by_procurement_admins_only_and_progress_shown() -> None:
    supplier = SupplierFactory()
    factor_set({"logistics": "0.5"})
    spend(supplier, "1000", period=2024)  # 0.5 kg per CNY
    spend(supplier, "1000", period=2025)
    auditor = _client(staff_user(roles.AUDITOR))
    assert auditor.post("/scope3/target/", {"base_period": 2024, "target_year": 2030,
                                            "reduction_pct": "30"}).status_code == 403  # fmt: skip
    admin = _client(staff_user(roles.PROCUREMENT_ADMIN))
    bad = admin.post("/scope3/target/", {"base_period": 2024, "target_year": 2020,
                                         "reduction_pct": "300"})  # fmt: skip
    assert bad.status_code == 400 and Scope3Target.objects.count() == 0
    response = admin.post("/scope3/target/", {"base_period": 2024, "target_year": 2030,
                                              "reduction_pct": "30"})  # fmt: skip
    assert response.status_code == 302
    assert Scope3Target.objects.get().reduction_pct == Decimal("30")
    page = admin.get("/scope3/?period=2025")
    assert b'data-testid="target-progress"' in page.content
    assert "0.0%" in page.content.decode()  # same intensity: no reduction yet


def test_factor_set_page_import_and_errors() -> None:
    admin = _client(staff_user(roles.PROCUREMENT_ADMIN))
    assert admin.get("/scope3/factor-sets/").status_code == 200
    template = admin.get("/scope3/factor-sets/template.xlsx")
    assert template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(template.content))["factors"]
    assert [c.value for c in sheet[1]] == ["category", "kgco2e_per_cny", "source", "base_year"]
    upload = workbook([("logistics", "x", "s", 2020)])
    upload.name = "factors.xlsx"
    page = admin.post("/scope3/factor-sets/", {"file": upload, "name": "Set"})
    assert page.status_code == 400
    assert b'data-testid="factor-errors"' in page.content and b"kgco2e_per_cny" in page.content
    good = workbook([("logistics", "0.2", "Source", 2020)])
    good.name = "factors.xlsx"
    assert admin.post("/scope3/factor-sets/", {"file": good, "name": "Set"}).status_code == 302
    assert SpendFactorSet.objects.get().name == "Set"
    officer = _client(staff_user(roles.PROCUREMENT_OFFICER))
    again = workbook([("logistics", "0.2", "Source", 2020)])
    again.name = "factors.xlsx"
    assert officer.post("/scope3/factor-sets/", {"file": again, "name": "S"}).status_code == 403


def test_export_download(api) -> None:
    spend(SupplierFactory(), "1000")
    response = api.get("/api/v1/scope3/category1/export.xlsx", {"period": 2025})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Scope3"]


def test_dashboard_shows_category1_and_its_primary_share() -> None:
    supplier = SupplierFactory()
    approved(supplier, scope1="100", scope2="50", revenue=50)
    spend(supplier, "1000000")  # 3 t, all primary
    spend(SupplierFactory(), "1000")  # no factor set: no figure
    officer = _client(staff_user(roles.PROCUREMENT_OFFICER))
    dashboard = officer.get("/campaigns/dashboard/").content.decode()
    assert 'data-testid="section-scope3" hx-get="/scope3/dashboard/"' in dashboard
    section = officer.get("/scope3/dashboard/", HTTP_HX_REQUEST="true")
    html = section.content.decode()
    assert "Period 2025: 3.0 tCO2e from 2 suppliers with spend." in html
    assert 'data-testid="scope3-primary-share">100.0%' in html
    assert "<html" not in html
    reviewer = _client(staff_user(roles.REVIEWER))
    assert b'data-testid="section-scope3"' not in reviewer.get("/campaigns/dashboard/").content
    assert reviewer.get("/scope3/dashboard/").status_code == 403
