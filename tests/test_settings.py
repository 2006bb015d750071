"""Deployment settings: production security follows from DEBUG being off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only what the test gives: not the test run's own settings (CI sets some of them).
    set_by_tests = {
        "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL",
        "CACHE_URL", "EMAIL_URL", "CELERY_QUEUE", "API_THROTTLE_ANON", "API_THROTTLE_USER",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # fmt: skip
    clean = {key: value for key, value in os.environ.items() if key not in set_by_tests}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _last_line(result: subprocess.CompletedProcess[str]) -> list[str]:
    lines = result.stdout.strip().splitlines()
    return lines[-1].split() if lines else []


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x9!Kq2#vL8pZr4@Tn6$Wm1^Yc3&Hb7*Jd5(Fs0)Ga-Ue+Io=Px_Rk;Ql:Sj,Mh.Ng",
    "ALLOWED_HOSTS": "greengate.example.com",
    # .env (if a developer has one) must not leak into this check
    "GREENGATE_VAR_DIR": str(ROOT / "var" / "test" / "deploy-check"),
}


def test_check_deploy_is_clean_with_only_debug_off_a_key_and_hosts() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = dict(PRODUCTION)
    env["SECRET_KEY"] = ""
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "setting",
    [
        "SECURE_SSL_REDIRECT=True",
        "SESSION_COOKIE_SECURE=True",
        "CSRF_COOKIE_SECURE=True",
        "SECURE_HSTS_SECONDS=31536000",
        "DEBUG=False",
    ],
)
def test_production_settings_values(setting: str) -> None:
    name = setting.split("=")[0]
    result = _manage(
        "shell",
        "-c",
        f"from django.conf import settings; print('{name}=' + str(settings.{name}))",
        **PRODUCTION,
    )
    assert setting in result.stdout, result.stderr


def test_database_and_broker_come_from_the_environment() -> None:
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], settings.CELERY_BROKER_URL)",
        **PRODUCTION,
        DATABASE_URL="postgres://gg:pw@db.internal:5432/greengate",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )
    assert _last_line(result) == [
        "django.db.backends.postgresql",
        "greengate",
        "db.internal",
        "redis://cache.internal:6379/0",
    ], result.stderr


def test_embedded_defaults_are_sqlite_in_var_and_a_filesystem_broker() -> None:
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['OPTIONS']['transaction_mode'], settings.CELERY_BROKER_URL,"
        " settings.EMAIL_BACKEND)",
        **PRODUCTION,
    )
    assert _last_line(result) == [
        "django.db.backends.sqlite3",
        "IMMEDIATE",
        "filesystem://",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr
