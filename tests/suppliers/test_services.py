import pytest
from django.core.exceptions import ValidationError

from suppliers import services
from suppliers.errors import DuplicateSupplierError, SupplierStateError
from suppliers.models import Category, Region, Supplier
from suppliers.selectors import supplier_history
from tests.factories import SupplierFactory, make_uscc

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "杭州测试有限公司",
        "name_en": "Hangzhou Test Co., Ltd.",
        "country": "CN",
        "registration_code": make_uscc(777),
        "category": Category.objects.get(slug="media"),
        "contact_name": "王芳",
        "contact_email": "wang@example.com",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("CN", Region.MAINLAND_CHINA),
        ("HK", Region.HONG_KONG),
        ("MO", Region.MACAO),
        ("TW", Region.TAIWAN),
        ("DE", Region.OTHER),
        ("US", Region.OTHER),
    ],
)
def test_supplier_create_derives_region_from_registered_country(officer, country, region) -> None:
    code = make_uscc(1) if country == "CN" else "REG-1"
    supplier = services.supplier_create(
        created_by=officer, **_data(country=country, registration_code=code)
    )
    assert supplier.region == region
    assert supplier.created_by == officer


def test_supplier_create_normalises_and_validates_the_code(officer) -> None:
    code = make_uscc(5)
    supplier = services.supplier_create(
        created_by=officer, **_data(registration_code=f"  {code.lower()} ")
    )
    assert supplier.registration_code == code
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_create(created_by=officer, **_data(registration_code=code[:-1] + "0"))
    assert "registration_code" in excinfo.value.message_dict


def test_supplier_create_refuses_duplicate_code_in_same_country_naming_existing(officer) -> None:
    existing = SupplierFactory(registration_code=make_uscc(9), name="已有供应商")
    with pytest.raises(DuplicateSupplierError) as excinfo:
        services.supplier_create(created_by=officer, **_data(registration_code=make_uscc(9)))
    assert "已有供应商" in excinfo.value.message
    assert str(existing.pk) in excinfo.value.message
    assert Supplier.objects.count() == 1


def test_same_code_in_another_country_is_a_different_supplier(officer) -> None:
    SupplierFactory(country="DE", registration_code="HRB 1")
    supplier = services.supplier_create(
        created_by=officer, **_data(country="AT", registration_code="HRB 1")
    )
    assert supplier.pk


def test_supplier_update_records_who_and_old_and_new_values(officer, auditor) -> None:
    supplier = services.supplier_create(created_by=officer, **_data())
    services.supplier_update(
        supplier=supplier, updated_by=auditor, contact_email="new@example.com", name_en="New Name"
    )
    entries = supplier_history(supplier=supplier)
    latest = entries[0]
    assert latest.by == auditor
    changes = {change.field: (change.old, change.new) for change in latest.changes}
    assert changes == {
        "contact_email": ("wang@example.com", "new@example.com"),
        "name_en": ("Hangzhou Test Co., Ltd.", "New Name"),
    }
    assert entries[-1].kind == "+"
    assert entries[-1].by == officer


def test_supplier_update_refuses_code_taken_by_another_supplier(officer) -> None:
    SupplierFactory(registration_code=make_uscc(20))
    supplier = SupplierFactory(registration_code=make_uscc(21))
    with pytest.raises(DuplicateSupplierError):
        services.supplier_update(
            supplier=supplier, updated_by=officer, registration_code=make_uscc(20)
        )
    supplier.refresh_from_db()
    assert supplier.registration_code == make_uscc(21)


def test_sites_are_synced_and_their_changes_kept_in_history(officer) -> None:
    supplier = services.supplier_create(
        created_by=officer,
        sites=[
            {"name": "A", "address": "1 Road", "country": "CN"},
            {"name": "B", "address": "2 Road", "country": "VN"},
        ],
        **_data(),
    )
    site_a = supplier.sites.get(name="A")
    services.supplier_update(
        supplier=supplier,
        updated_by=officer,
        sites=[{"id": site_a.pk, "name": "A", "address": "1 New Road", "country": "CN"}],
    )
    assert list(supplier.sites.values_list("name", "address")) == [("A", "1 New Road")]
    subjects = [(entry.kind, entry.subject) for entry in supplier_history(supplier=supplier)]
    assert ("-", "operating site: B") in subjects
    assert ("~", "operating site: A") in subjects


def test_supplier_archive_keeps_the_supplier_and_refuses_twice(officer) -> None:
    supplier = SupplierFactory()
    services.supplier_archive(supplier=supplier, archived_by=officer)
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.ARCHIVED
    assert Supplier.objects.filter(pk=supplier.pk).exists()
    with pytest.raises(SupplierStateError):
        services.supplier_archive(supplier=supplier, archived_by=officer)
