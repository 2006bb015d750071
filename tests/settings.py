"""Test settings: the production settings module, with overrides for speed and isolation only."""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault(
    "GREENGATE_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test")
)
os.environ.setdefault("CACHE_URL", "locmemcache://")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("API_THROTTLE_ANON", "100000/minute")
os.environ.setdefault("API_THROTTLE_USER", "100000/minute")
# Each pytest-xdist worker gets its own queue, so a real worker started by one test run
# never takes another's messages.
os.environ.setdefault(
    "CELERY_QUEUE", "greengate-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
)

from config.settings import *

# Speed: hashing passwords with PBKDF2 would dominate the suite.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
SCHEMATHESIS_MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "30"))

# A run that was killed can leave the WAL files of a test database whose main file is gone;
# SQLite then fails with "disk I/O error" on the next run's fresh database.
_test_db = Path(DATABASES["default"].get("TEST", {}).get("NAME") or "")
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not _test_db.exists():
    for _suffix in ("-wal", "-shm"):
        Path(str(_test_db) + _suffix).unlink(missing_ok=True)
