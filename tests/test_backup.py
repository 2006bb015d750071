"""Backup and restore (README, "Backup and restore"): a fresh database gets everything back."""

import hashlib
import json
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from assessments.models import Answer, Assessment, EvidenceDocument
from tests.assessments.audit_data import varied_campaign

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _restored_rows(engine: str, target: str, sql: str) -> list[tuple]:
    if engine == "postgresql":
        with psycopg.connect(target) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]
    with sqlite3.connect(target) as conn:
        return conn.execute(sql).fetchall()


def test_a_backup_restores_into_a_fresh_database_with_answers_and_evidence_intact(
    officer, tmp_path, settings
) -> None:
    varied_campaign(officer=officer, suppliers=3)
    backup = tmp_path / "backup"
    call_command("greengate_backup", "backup", str(backup))

    db = connection.settings_dict
    engine = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"
    if engine == "postgresql":
        name = f"{db['NAME']}_restored"
        base = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        subprocess.run(
            ["dropdb", "--if-exists", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], name],
            check=True,
        )
        subprocess.run(
            ["createdb", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], name], check=True
        )
        target = f"{base}/{name}"
        url = target.replace("postgresql://", "postgres://")
    else:
        target = str(tmp_path / "restored.sqlite3")
        url = f"sqlite:///{target}"
    media = tmp_path / "restored-media"
    call_command(
        "greengate_backup",
        "restore",
        str(backup),
        "--database-url",
        url,
        "--media-root",
        str(media),
    )

    try:
        assessments = _restored_rows(
            engine, target, "SELECT id, status FROM assessments_assessment ORDER BY id"
        )
        assert assessments == list(Assessment.objects.order_by("id").values_list("id", "status"))
        answers = _restored_rows(
            engine, target,
            "SELECT id, value, not_applicable, review_status FROM assessments_answer ORDER BY id",
        )  # fmt: skip
        expected = list(
            Answer.objects.order_by("id").values_list(
                "id", "value", "not_applicable", "review_status"
            )
        )
        assert len(answers) == len(expected) > 50
        for got, want in zip(answers, expected, strict=True):
            value = got[1]
            if engine == "sqlite" and value is not None:
                value = json.loads(value)  # SQLite keeps JSON as text
            assert (got[0], value, bool(got[2]), got[3]) == want
        documents = _restored_rows(
            engine, target, "SELECT file, sha256 FROM assessments_evidencedocument ORDER BY id"
        )
        assert len(documents) == EvidenceDocument.objects.count() > 0
        for name, sha256 in documents:
            assert hashlib.sha256((media / name).read_bytes()).hexdigest() == sha256
    finally:
        if engine == "postgresql":
            subprocess.run(
                ["dropdb", "--if-exists", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], name],
                check=True,
            )


def test_restore_refuses_to_overwrite_an_existing_sqlite_database(tmp_path) -> None:
    from django.core.management.base import CommandError

    (tmp_path / "backup").mkdir()
    existing = tmp_path / "live.sqlite3"
    existing.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(CommandError, match="restore into a new, empty database"):
        call_command(
            "greengate_backup", "restore", str(tmp_path / "backup"),
            "--database-url", f"sqlite:///{existing}", "--media-root", str(tmp_path / "m"),
        )  # fmt: skip
    assert Path(existing).read_bytes().startswith(b"SQLite format 3")
