"""GraphiQL as an integrator meets it: a served process, plain HTTP, and Debian's chromium
(tests/browsers.py) with every request to another host refused.

GraphiQL's files come from `make graphiql` (npm); without them these tests skip, saying why.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Page, Route

from schema.ide import FILES, GRAPHIQL_DIR, INSTALL_COMMAND
from tests import processes
from tests.browsers import chromium, errors_of, screenshots
from web.assets import Bundle

NOT_INSTALLED = f"GraphiQL's files are not installed: run `{INSTALL_COMMAND}` (`make graphiql`)"
ARTIFACTS = processes.ROOT / "test-artifacts" / "graphiql"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


@pytest.fixture
def installed() -> Bundle:
    """The files the server will serve; skips when `make graphiql` has not run."""
    bundle = Bundle.read(GRAPHIQL_DIR, FILES)
    if bundle is None:
        pytest.skip(NOT_INSTALLED)
    return bundle


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
    async with chromium() as browser:
        yield browser


@pytest.fixture
def outside_requests() -> list[str]:
    """Every request the page tried to make to a host other than this machine."""
    return []


@pytest.fixture
async def page(
    browser: Browser, installed: Bundle, server: str, outside_requests: list[str]
) -> AsyncIterator[Page]:
    """A fresh browser context on the server; requests to any other host are aborted and
    recorded, and any error the page logs (a refused style or script included) fails."""
    context = await browser.new_context(
        base_url=server, viewport={"width": 1440, "height": 900}, locale="en-US"
    )

    async def only_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            await route.continue_()
        else:
            outside_requests.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_local)
    page = await context.new_page()
    failures = errors_of(page)
    try:
        yield page
    finally:
        await context.close()
    assert not failures, failures
    assert not outside_requests, outside_requests


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest):
    """shot("name"): a screenshot in test-artifacts/graphiql/, named after the test."""
    return screenshots(page, request, ARTIFACTS)
