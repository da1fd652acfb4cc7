"""Real headless Chromium (Debian's package) against a served process, through Playwright.

The browser is never downloaded: `make test` installs Debian's `chromium` when it
can, and these tests skip, saying why, when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page

from tests import processes
from tests.browsers import CHROMIUM, chromium, errors_of, screenshots

NO_CHROMIUM = (
    f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does, as root) "
    "to run the console's browser tests"
)
ARTIFACTS = processes.ROOT / "test-artifacts" / "console"


@pytest.fixture(scope="module")
async def environment(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, str]]:
    async with processes.environment("sqlite", tmp_path_factory.mktemp("console")) as env:
        yield env


@pytest.fixture(scope="module")
def server(environment: dict[str, str]) -> Iterator[str]:
    """One served process for the module's tests; each has an organization of its own."""
    with processes.serving(environment, Path(environment["MAIL_DIR"]).parent / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def _admins(
    environment: dict[str, str], server: str, request: pytest.FixtureRequest
) -> Iterator[dict[str, str]]:
    """One bootstrap for each test of the module that takes `admin`, made at once."""
    emails = [
        f"admin-{uuid.uuid4().hex[:8]}@acme.test"
        for test in request.session.items
        if isinstance(test, pytest.Function)
        and test.module is request.module
        and "admin" in test.fixturenames
    ]
    made = processes.bootstrap_many(environment, emails)
    return iter([{**boot, "email": email} for boot, email in zip(made, emails, strict=True)])


@pytest.fixture
def admin(_admins: Iterator[dict[str, str]]) -> dict[str, str]:
    """The test's own organization, Acme, on the served database: its ADMIN (`email`,
    password PASSWORD) and first key (`api_key`, `api_key_id`)."""
    return next(_admins)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as browser:
        yield browser


@pytest.fixture
async def page(browser: Browser, server: str) -> AsyncIterator[Page]:
    context = await browser.new_context(
        base_url=server,
        viewport={"width": 1280, "height": 800},
        locale="en-US",
        timezone_id="UTC",
    )
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = await context.new_page()
    failures = errors_of(page)
    try:
        yield page
    finally:
        await context.close()
    assert not failures, failures


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest):
    """shot("name"): a screenshot in test-artifacts/console/, named after the test."""
    return screenshots(page, request, ARTIFACTS)
