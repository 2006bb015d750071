"""What other programs and people rely on stays put: URL names and paths, the OpenAPI schema,
the registered Celery task names and the beat schedule.

The expected values are committed files. An intended change regenerates them (`make contracts`)
so that it shows in review; an unintended one fails here.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = Path(__file__).resolve().parent / "contracts"
OPENAPI = ROOT / "docs" / "openapi.yaml"


def _routes(patterns: list, prefix: str = "", namespace: str = "") -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            rows += _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            rows.append([prefix + str(pattern.pattern), name])
    return rows


def current_routes() -> list[list[str | None]]:
    """Every route of the project but Django's admin (its routes are Django's own)."""
    routes = _routes(get_resolver().url_patterns)
    return sorted(
        {tuple(row) for row in routes if not str(row[0]).startswith("admin/")},  # type: ignore[misc]
        key=lambda row: (row[0], row[1] or ""),
    )


def current_tasks() -> dict[str, object]:
    from config.celery import app

    app.loader.import_default_modules()
    return {
        "tasks": sorted(name for name in app.tasks if not name.startswith("celery.")),
        "beat": {
            key: entry["task"] for key, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items())
        },
    }


def current_schema(tmp_path: Path) -> str:
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    return out.read_text(encoding="utf-8")


def test_url_names_and_paths_are_unchanged():
    expected = json.loads((CONTRACTS / "urls.json").read_text(encoding="utf-8"))
    assert [list(row) for row in current_routes()] == expected


def test_task_names_and_beat_entries_are_unchanged():
    expected = json.loads((CONTRACTS / "tasks.json").read_text(encoding="utf-8"))
    assert current_tasks() == expected


@pytest.mark.django_db
def test_committed_openapi_schema_is_current(tmp_path):
    assert OPENAPI.read_text(encoding="utf-8") == current_schema(tmp_path), (
        "docs/openapi.yaml is stale: run `make contracts` and review the difference."
    )
