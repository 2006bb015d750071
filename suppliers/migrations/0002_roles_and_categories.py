"""Create the staff role groups with their permissions, and seed the six supplier categories."""

from django.db import migrations

from suppliers.migrations._grant import grant_group_permissions

CATEGORIES = [
    ("media", "Media", "媒体"),
    ("events", "Events", "活动"),
    ("services", "Services", "服务"),
    ("engineering", "Engineering", "工程"),
    ("office_it", "Office IT", "办公 IT"),
    ("logistics", "Logistics", "物流"),
]


# The role permissions as they were when this migration was written (frozen).
GROUP_PERMISSIONS = {
    "procurement admin": [
        "suppliers.view_supplier",
        "suppliers.view_site",
        "suppliers.view_category",
        "suppliers.view_supplierimport",
        "suppliers.add_supplier",
        "suppliers.change_supplier",
        "suppliers.archive_supplier",
        "suppliers.import_suppliers",
        "suppliers.add_site",
        "suppliers.change_site",
        "suppliers.delete_site",
        "suppliers.add_supplierimport",
        "suppliers.add_category",
        "suppliers.change_category",
    ],
    "procurement officer": [
        "suppliers.view_supplier",
        "suppliers.view_site",
        "suppliers.view_category",
        "suppliers.view_supplierimport",
        "suppliers.add_supplier",
        "suppliers.change_supplier",
        "suppliers.archive_supplier",
        "suppliers.import_suppliers",
        "suppliers.add_site",
        "suppliers.change_site",
        "suppliers.delete_site",
        "suppliers.add_supplierimport",
    ],
    "reviewer": [
        "suppliers.view_supplier",
        "suppliers.view_site",
        "suppliers.view_category",
        "suppliers.view_supplierimport",
    ],
    "approver": [
        "suppliers.view_supplier",
        "suppliers.view_site",
        "suppliers.view_category",
        "suppliers.view_supplierimport",
    ],
    "auditor": [
        "suppliers.view_supplier",
        "suppliers.view_site",
        "suppliers.view_category",
        "suppliers.view_supplierimport",
    ],
}


def create_roles(apps, schema_editor):
    grant_group_permissions(apps, GROUP_PERMISSIONS, "suppliers")


def seed_categories(apps, schema_editor):
    Category = apps.get_model("suppliers", "Category")
    for order, (slug, name_en, name_zh) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_zh": name_zh, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0001_supplier_registry"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
    ]
