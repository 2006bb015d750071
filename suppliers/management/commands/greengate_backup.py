"""Back up or restore GreenGate: the database (pg_dump / SQLite's backup API) and private media.

    python manage.py greengate_backup backup DIR
    python manage.py greengate_backup restore DIR [--database-url URL] [--media-root DIR]

`backup` writes DIR/database.dump (PostgreSQL custom format) or DIR/database.sqlite3, and
DIR/media.tar.gz with every uploaded file (evidence, corrective-action documents, exports).
`restore` loads them into an empty database (by default the configured one) and media folder.
The standard tools do the work: pg_dump and pg_restore, and SQLite's online backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """libpq connection options and environment for a Django database settings dict."""
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres"), "--dbname", str(db["NAME"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The commands are ours (pg_dump, pg_restore) with settings as arguments: no user input.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = "Back up or restore the database and the private media folder."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["backup", "restore"])
        parser.add_argument("directory")
        parser.add_argument("--database-url", help="restore into this (empty) database")
        parser.add_argument("--media-root", help="restore the files into this folder")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["directory"])
        if options["action"] == "backup":
            folder.mkdir(parents=True, exist_ok=True)
            self.backup(folder)
        else:
            database = (
                environ.Env.db_url_config(options["database_url"])
                if options["database_url"]
                else settings.DATABASES["default"]
            )
            self.restore(folder, database, Path(options["media_root"] or settings.MEDIA_ROOT))
        self.stdout.write(self.style.SUCCESS(f"{options['action'].capitalize()} done: {folder}"))

    def backup(self, folder: Path) -> None:
        db = connection.settings_dict
        if db["ENGINE"] == "django.db.backends.postgresql":
            options, env = _pg_env(db)
            dump = folder / "database.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", *options, "--file", str(dump)], env)
        elif db["ENGINE"] == "django.db.backends.sqlite3":
            connection.ensure_connection()
            target = sqlite3.connect(folder / "database.sqlite3")
            with target:
                connection.connection.backup(target)  # a consistent copy while the app runs
            target.close()
        else:
            raise CommandError(f"No backup for the database engine {db['ENGINE']}.")
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, arcname=".")

    def restore(self, folder: Path, db: dict[str, Any], media: Path) -> None:
        if db["ENGINE"] == "django.db.backends.postgresql":
            options, env = _pg_env(db)
            dump = folder / "database.dump"
            _run(["pg_restore", "--no-owner", "--exit-on-error", *options, str(dump)], env)
        elif db["ENGINE"] == "django.db.backends.sqlite3":
            target = Path(db["NAME"])
            if target.exists() and target.stat().st_size > 0:
                raise CommandError(f"{target} exists: restore into a new, empty database.")
            shutil.copyfile(folder / "database.sqlite3", target)
        else:
            raise CommandError(f"No restore for the database engine {db['ENGINE']}.")
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
            archive.extractall(media, filter="data")  # no absolute paths, links out, devices
