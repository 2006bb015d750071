"""factory_boy factories for the supplier registry."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from suppliers.models import Category, Site, Supplier, SupplierMembership
from suppliers.validators import uscc_check_character


def make_uscc(number: int) -> str:
    """A well-formed Unified Social Credit Code, distinct for each number."""
    first_17 = f"91330100MA{number:07d}"
    return first_17 + uscc_check_character(first_17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def staff_user(role: str = roles.PROCUREMENT_OFFICER, **kwargs: object):  # type: ignore[no-untyped-def]
    return UserFactory(role=role, **kwargs)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.LazyAttribute(lambda c: c.slug.title())
    name_zh = factory.LazyAttribute(lambda c: f"类别{c.slug}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"供应商{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Supplier {n} Co., Ltd.")
    country = "CN"
    registration_code = factory.Sequence(lambda n: make_uscc(n + 1))
    category = factory.LazyFunction(lambda: Category.objects.get(slug="logistics"))
    contact_name = "王芳"
    contact_email = factory.Sequence(lambda n: f"contact{n}@supplier.example.com")
    contact_phone = "+86 571 0000 0000"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "1 Example Road"
    country = "CN"


def supplier_user(supplier: Supplier | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    user = UserFactory(**kwargs)
    SupplierMembership.objects.create(user=user, supplier=supplier or SupplierFactory())
    return user
