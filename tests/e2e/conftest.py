"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright cannot download its own browser here, so the system Chromium is launched instead;
if it is missing the tests fail (never skip): run `make chromium` to install it.
"""

import os

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made from the
# test (factories, assertions) would otherwise raise SynchronousOnlyOperation. (Django reads
# this variable at each call, but it is set first thing all the same.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from core import roles
from tests.factories import staff_user

CHROMIUM = Path(os.environ.get("GREENGATE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pw-for-tests-1"
OFFICER = "e2e-officer"

# Every browser test: the live server needs a transactional database. Serialized rollback, like the
# integration tests: each test starts from the migrated data (roles, categories, content types)
# and its teardown flush does not recreate content types under new ids, which would break the
# next serialized test's restore (an IntegrityError on django_content_type).
E2E_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Auto-waiting assertions: long enough for a slow CI machine, short enough to fail fast.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need the system Chromium "
            "(Playwright cannot download its own here). Install it with `make chromium` "
            "(apt-get install chromium) or point GREENGATE_CHROMIUM at the binary.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # An English browser: LocaleMiddleware would otherwise follow the machine's Accept-Language.
    return {**browser_context_args, "locale": "en-GB", "accept_downloads": True}


def _seed_roles_and_categories() -> None:
    """Make sure what migration 0002 creates is there (a no-op after a serialized rollback).

    `create_roles` sets `models_module = None` on every app config it is given (a trick meant for
    the migration's historical app registry); given the real registry that would stop later
    post_migrate signals (content types, permissions after a flush), so it is put back.
    """
    migration = importlib.import_module("suppliers.migrations.0002_roles_and_categories")
    saved = {config.label: config.models_module for config in django_apps.get_app_configs()}
    try:
        migration.create_roles(django_apps, None)
    finally:
        for config in django_apps.get_app_configs():
            config.models_module = saved[config.label]
    migration.seed_categories(django_apps, None)


@pytest.fixture
def seeded_db(transactional_db: None) -> None:
    _seed_roles_and_categories()


@pytest.fixture
def server(live_server: Any, seeded_db: None) -> str:
    """The live server's base URL, with the roles and categories in its database."""
    return str(live_server.url)


@pytest.fixture
def officer(seeded_db: None) -> Any:
    return staff_user(roles.PROCUREMENT_OFFICER, username=OFFICER, password=PASSWORD)


def log_in(page: Page, server: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form (django-axes is on: no shortcuts)."""
    page.goto(f"{server}/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(password)
    form.get_by_test_id("login").click()


@pytest.fixture
def officer_page(page: Page, server: str, officer: Any) -> Iterator[Page]:
    """A browser page logged in as a procurement officer (who lands on the campaigns), on the
    supplier list."""
    log_in(page, server, OFFICER)
    expect(page).to_have_url(f"{server}/campaigns/")
    page.goto(f"{server}/suppliers/")
    yield page


# --- Looking at pages: screenshots, overflow, accessibility ---------------------------------

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# The sizes every page is looked at: a reviewer's laptop and a supplier's phone.
VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}
AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"


def shoot(page: Page, name: str) -> Path:
    """Write a full-page screenshot under var/screenshots/ as <name>-<width>x<height>.png, so
    anyone can look at what the tests saw."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 0, "height": 0}
    path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_horizontal_overflow(page: Page) -> None:
    """Nothing sticks out sideways: the page is never wider than the window."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]} px wide in a {widths[1]} px window"


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core (vendored) in the page; the serious and critical violations, in words.

    axe is added as an init script (the strict CSP refuses an injected inline script), so the
    page is loaded again once when axe is not in it yet."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.context.add_init_script(path=str(AXE))
        page.reload()
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def look(page: Page, name: str) -> None:
    """Check a page as a user would meet it (nothing sideways, no serious or critical axe-core
    finding) and keep its screenshot as <name>-<width>x<height>.png."""
    assert_no_horizontal_overflow(page)
    assert axe_violations(page) == []
    shoot(page, name)
