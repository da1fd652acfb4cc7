"""Real headless Chromium (Debian's package) against a served process, through Playwright.

The browser is never downloaded: `make test` installs Debian's `chromium` when it
can, and these tests skip, saying why, when /usr/bin/chromium is absent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright

from tests import processes

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = (
    f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does, as root) "
    "to run the console's browser tests"
)
ARTIFACTS = processes.ROOT / "test-artifacts" / "console"
# No network here: nothing in the browser may try to reach one.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def environment(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with processes.environment("sqlite", tmp_path) as env:
        yield env


@pytest.fixture
def admin(environment: dict[str, str]) -> dict[str, str]:
    """The bootstrap: organization Acme, ADMIN a@acme.test, its first key."""
    return processes.bootstrap(environment)


@pytest.fixture
def server(environment: dict[str, str], admin: dict[str, str], tmp_path: Path) -> Iterator[str]:
    with processes.serving(environment, tmp_path / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


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
    failures: list[str] = []

    def console_error(message: ConsoleMessage) -> None:
        # An HTTP 401 is an expected answer, which Chromium also logs as an error.
        if message.type == "error" and "Failed to load resource" not in message.text:
            failures.append(message.text)

    page.on("pageerror", lambda error: failures.append(f"uncaught: {error}"))
    page.on("console", console_error)
    try:
        yield page
    finally:
        await context.close()
    assert not failures, failures


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest):
    """shot("name"): a screenshot in test-artifacts/console/, named after the test."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    async def take(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        await page.screenshot(path=str(path))
        return path

    return take
