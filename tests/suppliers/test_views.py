import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from suppliers.models import Category, Supplier, SupplierImport
from tests.factories import SupplierFactory, make_uscc
from tests.workbooks import good_row, workbook_bytes

pytestmark = pytest.mark.django_db


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "苏州测试有限公司",
        "name_en": "Suzhou Test Ltd.",
        "country": "CN",
        "registration_code": make_uscc(31),
        "category": Category.objects.get(slug="events").pk,
        "status": "active",
        "contact_name": "赵强",
        "contact_email": "zhao@example.com",
        "contact_phone": "",
        "sites-TOTAL_FORMS": "1",
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "0",
        "sites-MAX_NUM_FORMS": "1000",
        "sites-0-name": "苏州工厂",
        "sites-0-address": "苏州工业园区 1 号",
        "sites-0-country": "CN",
    }
    data.update(overrides)
    return data


def test_create_supplier_with_sites_redirects_to_detail(officer_client) -> None:
    response = officer_client.post(reverse("suppliers:create"), _form())
    supplier = Supplier.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("suppliers:detail", args=[supplier.pk])
    assert list(supplier.sites.values_list("name", flat=True)) == ["苏州工厂"]
    detail = officer_client.get(response.url)
    assert "苏州测试有限公司" in detail.content.decode()


def test_bad_code_error_is_next_to_the_field_and_typed_values_are_kept(officer_client) -> None:
    bad = make_uscc(31)[:-1] + ("0" if make_uscc(31)[-1] != "0" else "1")
    response = officer_client.post(reverse("suppliers:create"), _form(registration_code=bad))
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["registration_code"]
    html = response.content.decode()
    assert "check character" in html
    assert 'value="苏州测试有限公司"' in html
    assert 'value="zhao@example.com"' in html
    assert 'value="苏州工业园区 1 号"' in html
    assert Supplier.objects.count() == 0


def test_duplicate_code_names_the_existing_supplier(officer_client) -> None:
    SupplierFactory(registration_code=make_uscc(31), name="先登记的公司")
    response = officer_client.post(reverse("suppliers:create"), _form())
    assert response.status_code == 400
    assert "先登记的公司" in str(response.context["form"].errors["registration_code"])


def test_validation_errors_are_in_the_users_language(officer_client) -> None:
    officer_client.cookies["django_language"] = "zh-hans"
    response = officer_client.post(reverse("suppliers:create"), _form(contact_email="nope"))
    assert response.status_code == 400
    assert "请输入合法的邮件地址" in str(response.context["form"].errors["contact_email"])


def test_edit_changes_fields_and_detail_shows_the_history(officer_client, officer) -> None:
    supplier = SupplierFactory(contact_email="a@example.com")
    response = officer_client.post(
        reverse("suppliers:edit", args=[supplier.pk]),
        _form(
            registration_code=supplier.registration_code,
            contact_email="b@example.com",
            **{"sites-0-name": "", "sites-0-address": "", "sites-0-country": ""},
        ),
    )
    assert response.status_code == 302
    detail = officer_client.get(reverse("suppliers:detail", args=[supplier.pk])).content.decode()
    assert "a@example.com" in detail and "b@example.com" in detail
    assert officer.username in detail


def test_archive_keeps_the_supplier(officer_client) -> None:
    supplier = SupplierFactory()
    page = officer_client.get(reverse("suppliers:archive", args=[supplier.pk]))
    assert page.status_code == 200
    response = officer_client.post(reverse("suppliers:archive", args=[supplier.pk]))
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.status == "archived"
    again = officer_client.post(reverse("suppliers:archive", args=[supplier.pk]), follow=True)
    assert "already archived" in again.content.decode()


def test_list_search_filters_and_sorts(officer_client) -> None:
    SupplierFactory(name="甲物流", name_en="Alpha Freight", country="HK", registration_code="HK1")
    SupplierFactory(
        name="乙传媒", name_en="Beta Media", category=Category.objects.get(slug="media")
    )
    SupplierFactory(name="丙公司", name_en="Gamma", status="suspended")

    def names(query: str) -> list[str]:
        response = officer_client.get(reverse("suppliers:list") + query)
        assert response.status_code == 200
        return [supplier.name for supplier in response.context["page"]]

    assert names("?search=freight") == ["甲物流"]
    assert names("?search=HK1") == ["甲物流"]
    assert names("?category=media") == ["乙传媒"]
    assert names("?region=hong_kong") == ["甲物流"]
    assert names("?status=suspended") == ["丙公司"]
    assert names("?ordering=name_en") == ["甲物流", "乙传媒", "丙公司"]
    assert names("?ordering=-name_en") == ["丙公司", "乙传媒", "甲物流"]
    assert names("?region=atlantis") == []  # an invalid filter shows nothing, not everything


def test_list_paginates(officer_client) -> None:
    SupplierFactory.create_batch(30)
    first = officer_client.get(reverse("suppliers:list"))
    second = officer_client.get(reverse("suppliers:list") + "?page=2")
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert officer_client.get(reverse("suppliers:list") + "?page=999").status_code == 200
    assert officer_client.get(reverse("suppliers:list") + "?page=abc").status_code == 200


def test_import_upload_redirects_to_status_page_with_errors(
    officer_client, celery_eager, django_capture_on_commit_callbacks
) -> None:
    content = workbook_bytes([good_row(1), good_row(2, category="nope")])
    upload = SimpleUploadedFile("mine.xlsx", content)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("suppliers:import"), {"file": upload})
    job = SupplierImport.objects.get()
    assert response.url == reverse("suppliers:import_detail", args=[job.pk])
    page = officer_client.get(response.url).content.decode()
    assert 'data-status="completed_with_errors"' in page
    assert "nope" in page


def test_import_upload_of_a_bad_file_shows_the_reason_on_the_form(officer_client) -> None:
    upload = SimpleUploadedFile("notes.xlsx", b"plain text")
    response = officer_client.post(reverse("suppliers:import"), {"file": upload})
    assert response.status_code == 400
    assert "not a valid Excel workbook" in str(response.context["form"].errors["file"])


def test_template_download_is_an_xlsx(officer_client) -> None:
    response = officer_client.get(reverse("suppliers:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_categories_are_editable_by_procurement_admins_only(
    client, procurement_admin, officer
) -> None:
    client.force_login(officer)
    assert client.get(reverse("suppliers:category_create")).status_code == 403
    client.force_login(procurement_admin)
    response = client.post(
        reverse("suppliers:category_create"),
        {"slug": "packaging", "name_en": "Packaging", "name_zh": "包装", "sort_order": 7},
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="packaging", name_zh="包装").exists()
    duplicate = client.post(
        reverse("suppliers:category_create"),
        {"slug": "packaging", "name_en": "X", "name_zh": "X", "sort_order": 8},
    )
    assert duplicate.status_code == 400


def test_seeded_categories_have_both_names() -> None:
    assert list(Category.objects.values_list("slug", "name_en", "name_zh")) == [
        ("media", "Media", "媒体"),
        ("events", "Events", "活动"),
        ("services", "Services", "服务"),
        ("engineering", "Engineering", "工程"),
        ("office_it", "Office IT", "办公 IT"),
        ("logistics", "Logistics", "物流"),
    ]


def test_supplier_user_lands_on_their_own_portal(client, supplier_member) -> None:
    client.force_login(supplier_member)
    response = client.get("/", follow=True)
    assert response.request["PATH_INFO"] == "/portal/"
    assert supplier_member.supplier_membership.supplier.name in response.content.decode()


def test_login_page_and_failed_login_message(client, officer) -> None:
    response = client.post(reverse("login"), {"username": officer.username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_login_is_throttled_after_repeated_failures(client, officer, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": officer.username, "password": "wrong"})
    locked = client.post(
        reverse("login"), {"username": officer.username, "password": "pw-for-tests-1"}
    )
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()


def test_password_reset_sends_an_email(client, officer, mailoutbox) -> None:
    response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_language_switch_sets_chinese(client, officer) -> None:
    client.force_login(officer)
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/suppliers/"}, follow=True
    )
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
