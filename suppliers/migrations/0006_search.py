"""Supplier search served by an index; the import's dry run, error rows and partial status.

Search: on PostgreSQL, trigram GIN indexes (pg_trgm, a trusted extension since PostgreSQL 13,
so the database owner may create it) on each searched column, which serve the selector's
`column ILIKE '%term%'` (Django's `icontains` compares UPPER() of the column, which these
indexes do not serve, and an index on that expression was estimated and ran slower). On SQLite, an
FTS5 table with the trigram tokenizer (SQLite 3.34+) over the same columns, with the supplier
table as its content and kept in step by triggers, which fire for bulk inserts too.

SQLite drops a table's triggers when Django rebuilds the table (any later AlterField on
Supplier): such a migration must run SQLITE_TRIGGERS again (tests/suppliers/test_search.py
fails when they are missing).
"""

from django.conf import settings
from django.db import migrations, models

SEARCHED = ("name", "name_en", "registration_code")

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS supplier_{column}_trgm ON suppliers_supplier "
        f"USING gin ({column} gin_trgm_ops)"
        for column in SEARCHED
    ),
]
# The extension stays: other objects may use it.
POSTGRESQL_BACKWARD = [f"DROP INDEX IF EXISTS supplier_{column}_trgm" for column in SEARCHED]

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS suppliers_supplier_search USING fts5("
    "name, name_en, registration_code, content='suppliers_supplier', content_rowid='id', "
    "tokenize='trigram')"
)
_NEW = "VALUES (new.id, new.name, new.name_en, new.registration_code)"
_OLD = "VALUES ('delete', old.id, old.name, old.name_en, old.registration_code)"
_INSERT = "INSERT INTO suppliers_supplier_search(rowid, name, name_en, registration_code)"
_DELETE = (
    "INSERT INTO suppliers_supplier_search"
    "(suppliers_supplier_search, rowid, name, name_en, registration_code)"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS suppliers_supplier_search_insert AFTER INSERT ON "
    f"suppliers_supplier BEGIN {_INSERT} {_NEW}; END",
    "CREATE TRIGGER IF NOT EXISTS suppliers_supplier_search_delete AFTER DELETE ON "
    f"suppliers_supplier BEGIN {_DELETE} {_OLD}; END",
    "CREATE TRIGGER IF NOT EXISTS suppliers_supplier_search_update AFTER UPDATE OF "
    f"name, name_en, registration_code ON suppliers_supplier BEGIN {_DELETE} {_OLD}; "
    f"{_INSERT} {_NEW}; END",
]
SQLITE_FORWARD = [
    SQLITE_TABLE,
    *SQLITE_TRIGGERS,
    "INSERT INTO suppliers_supplier_search(suppliers_supplier_search) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS suppliers_supplier_search_insert",
    "DROP TRIGGER IF EXISTS suppliers_supplier_search_delete",
    "DROP TRIGGER IF EXISTS suppliers_supplier_search_update",
    "DROP TABLE IF EXISTS suppliers_supplier_search",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


search_create = _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD})
search_drop = _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0005_access"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(search_create, search_drop, elidable=False),
        migrations.RemoveConstraint(
            model_name="supplierimport",
            name="supplier_import_status_valid",
        ),
        migrations.AddField(
            model_name="supplierimport",
            name="failed_rows",
            field=models.JSONField(blank=True, default=list, verbose_name="refused rows"),
        ),
        migrations.AddField(
            model_name="supplierimport",
            name="is_dry_run",
            field=models.BooleanField(default=False, verbose_name="dry run"),
        ),
        migrations.AlterField(
            model_name="supplierimport",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("running", "Running"),
                    ("succeeded", "Succeeded"),
                    ("completed_with_errors", "Completed with errors"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=30,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="supplierimport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["pending", "running", "succeeded", "completed_with_errors", "failed"],
                    )
                ),
                name="supplier_import_status_valid",
            ),
        ),
    ]
