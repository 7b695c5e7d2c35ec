"""Browser journeys: Debian's chromium, driven by Playwright, against live_server.

Every test in this folder is marked ``browser`` (``-m "not browser"`` leaves them
out). Pages come from ``phone_page`` (375 x 667) or ``desktop_page`` (1366 x 900),
each in a fresh context whose base URL is the live server, so ``page.goto("/")``
works. ``shot(page, name)`` saves var/screenshots/<name>.png for a person to look at.
"""

import os
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django would
# otherwise refuse database calls made from the test body as "async".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1366, "height": 900}
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "var" / "screenshots"

Shot = Callable[[Any, str], Path]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@cache
def _data_migrations() -> list[Callable[..., Any]]:
    """The forward functions of the project's data migrations, in graph order."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    functions: list[Callable[..., Any]] = []
    seen = set()
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key in seen or not loader.graph.nodes[key].__module__.startswith(
                "certportal."
            ):
                continue
            seen.add(key)
            functions += [
                operation.code
                for operation in loader.graph.nodes[key].operations
                if isinstance(operation, RunPython)
            ]
    return functions


@pytest.fixture(autouse=True)
def _migrated_data(transactional_db: None) -> None:
    """Write again what the data migrations wrote: staff roles, document kinds.

    Live-server tests run in transactions that end in a flush, which also empties
    the tables the migrations filled, for every test that follows. The project's
    data migrations are idempotent, so they simply run again. (Serialized rollback
    is no help: Playwright moves the test into a context whose database
    connection Django did not serialize, and content types recreated by an
    earlier flush clash with the serialized ones.)
    """
    from django.apps import apps

    for function in _data_migrations():
        function(apps, None)


@pytest.fixture(scope="session")
def chromium_browser(playwright: Any) -> Iterator[Any]:
    """One chromium for the session; the test is skipped only off CI without it."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; browser tests must run in CI")
        pytest.skip(reason)
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _page(browser: Any, live_server: Any, viewport: dict[str, int]) -> Iterator[Any]:
    context = browser.new_context(
        viewport=viewport, locale="zh-CN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in a 375 x 667 window, as on a phone."""
    yield from _page(chromium_browser, live_server, PHONE)


@pytest.fixture
def desktop_page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in a 1366 x 900 window, as on an office PC."""
    yield from _page(chromium_browser, live_server, DESKTOP)


def save_screenshot(page: Any, name: str) -> Path:
    """Save the whole page as var/screenshots/<name>.png and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def shot() -> Shot:
    """``shot(page, name)``: a full-page screenshot in var/screenshots/."""
    return save_screenshot
