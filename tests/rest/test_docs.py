"""GET /api/v1/docs: Swagger UI on the OpenAPI document, from this server's own files (as
GraphiQL is): each file with its integrity, a strict policy, no outside URL; without the
files, a page that says how to install them."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from rest.docs import APIDOCS_DIR, FILES, INSTALL_COMMAND, ApiDocs
from rest.resources import OPERATIONS
from tests import processes
from tests.browsers import chromium
from web.assets import Bundle

SCRIPTS = re.compile(r'<(?:script src|link rel="stylesheet" href)="([^"]+)" integrity="([^"]+)"')
OUTSIDE = re.compile(r"https?://[^\s\"'<>)]+")
ARTIFACTS = processes.ROOT / "test-artifacts" / "apidocs"


@pytest.fixture
def installed() -> Bundle:
    bundle = Bundle.read(APIDOCS_DIR, FILES)
    if bundle is None:
        pytest.skip(
            f"the docs page's files are not installed: run `{INSTALL_COMMAND}` (`make apidocs`)"
        )
    return bundle


async def _get(docs: ApiDocs, path: str) -> httpx.Response:
    app = Starlette(routes=docs.routes())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
    ) as client:
        return await client.get(path)


async def test_the_page_loads_each_file_from_here_with_its_integrity(installed):
    docs = ApiDocs()
    page = await _get(docs, "/api/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert OUTSIDE.findall(page.text) == []
    files = SCRIPTS.findall(page.text)
    assert len(files) == len(FILES)
    for reference, integrity in files:
        url = urljoin("http://127.0.0.1/api/v1/docs", reference)
        assert urlsplit(url).path.startswith(f"/api/v1/docs/files/{installed.build}/")
        served = await _get(docs, urlsplit(url).path)
        assert served.status_code == 200
        assert (
            integrity
            == "sha384-" + base64.b64encode(hashlib.sha384(served.content).digest()).decode()
        )
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (
        await _get(docs, f"/api/v1/docs/files/{installed.build}/package.json")
    ).status_code == 404


async def test_without_its_files_the_page_says_how_to_install_them(tmp_path: Path):
    page = await _get(ApiDocs(folder=tmp_path), "/api/v1/docs")
    assert page.status_code == 200 and f"<pre>{INSTALL_COMMAND}</pre>" in page.text
    assert 'href="openapi.json"' in page.text and "<script" not in page.text


@pytest.mark.e2e
@pytest.mark.browser
async def test_swagger_ui_shows_every_operation_and_runs_one_with_a_key(installed, tmp_path: Path):
    async with processes.environment("sqlite", tmp_path) as env:
        key = processes.bootstrap(env)["api_key"]
        with processes.serving(env, tmp_path / "serve.log") as base:
            async with chromium() as browser:
                await _drive(browser, base, key)


async def _drive(browser, base: str, key: str) -> None:
    """Every operation listed; Authorize with the key; run GET /customers: 200. Nothing
    refused by the page's policy, nothing asked of another host."""
    page = await browser.new_page(base_url=base)
    problems: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    async def only_here(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_here)
    await page.goto("/api/v1/docs")
    await page.wait_for_selector(".opblock", timeout=20_000)
    assert await page.locator(".opblock").count() == len(OPERATIONS)
    await page.click("button.authorize")
    await page.fill(".modal-ux input", key)
    await page.click(".modal-ux .auth-btn-wrapper button.authorize")
    await page.click(".modal-ux button.btn-done")
    block = page.locator("#operations-customers-findAllCustomers")
    await block.locator(".opblock-summary").click()
    await block.locator("button.try-out__btn").click()
    await block.locator("button.execute").click()
    status = block.locator(".live-responses-table tr.response .response-col_status").first
    await status.wait_for(timeout=10_000)
    assert (await status.inner_text()).strip() == "200"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "swagger-ui.png"), full_page=True)
    assert outside == [] and problems == [], (outside, problems)
