"""Shared bench set-up: a throw-away SQLite database (or DATABASE_URL) and Django, migrated."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    var = tempfile.mkdtemp(prefix="greengate-bench-")
    os.environ.setdefault("GREENGATE_VAR_DIR", var)
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    os.environ.setdefault("AXES_ENABLED", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("API_THROTTLE_USER", "1000000/minute")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
