"""Supplier search stays fast right after a bulk import (PostgreSQL).

GIN indexes by default add new rows to a "pending list" that every search reads in full until
VACUUM (or autovacuum) merges it into the index; while it is long the planner also prices the
index above a sequential scan. After 49,000 bulk-created suppliers a search took 85 ms per query
instead of 3 (bench/supplier_list.py). With `fastupdate = off` every insert goes into the index
itself: a slightly slower insert (suppliers are written far less often than searched) and no
pending list. SQLite's FTS5 table needs nothing here.
"""

from django.db import migrations

INDEXES = ("supplier_name_trgm", "supplier_name_en_trgm", "supplier_registration_code_trgm")

FORWARD = [
    statement
    for index in INDEXES
    for statement in (
        f"ALTER INDEX {index} SET (fastupdate = off)",
        # Turning it off does not flush what is already pending.
        f"SELECT gin_clean_pending_list('{index}'::regclass)",
    )
]
BACKWARD = [f"ALTER INDEX {index} RESET (fastupdate)" for index in INDEXES]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0006_search")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
