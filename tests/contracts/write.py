"""Regenerate the committed contracts (`make contracts`): review the difference before committing."""

import json
import os
import sys
import tempfile
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from tests.test_contracts import (
        CONTRACTS,
        OPENAPI,
        current_routes,
        current_schema,
        current_tasks,
    )

    routes = [list(row) for row in current_routes()]
    (CONTRACTS / "urls.json").write_text(json.dumps(routes, indent=1) + "\n", encoding="utf-8")
    (CONTRACTS / "tasks.json").write_text(
        json.dumps(current_tasks(), indent=1) + "\n", encoding="utf-8"
    )
    with tempfile.TemporaryDirectory() as tmp:
        OPENAPI.write_text(current_schema(Path(tmp)), encoding="utf-8")
    print(f"Wrote {len(routes)} routes, the task names and {OPENAPI.relative_to(Path.cwd())}.")
