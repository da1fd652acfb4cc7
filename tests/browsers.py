"""Debian's Chromium, driven by Playwright, with no network to reach: never downloaded
(`make test` installs the package when it can)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
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


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make test` does, as root)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


def errors_of(page: Page) -> list[str]:
    """What the page logs as an error from now on (uncaught exceptions, console errors):
    a test's fixture fails when it is not empty."""
    failures: list[str] = []

    def console_error(message: ConsoleMessage) -> None:
        # An HTTP 401 is an expected answer, which Chromium also logs as an error.
        if message.type == "error" and "Failed to load resource" not in message.text:
            failures.append(message.text)

    page.on("pageerror", lambda error: failures.append(f"uncaught: {error}"))
    page.on("console", console_error)
    return failures


def screenshots(page: Page, request: pytest.FixtureRequest, folder: Path) -> Any:
    """shot("name"): a screenshot in `folder`, named after the test."""

    async def take(name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{request.node.name}-{name}.png"
        await page.screenshot(path=str(path))
        return path

    return take
