"""GraphiQL in Chromium with no way out: it loads from this server alone, a query with the
Authorization header typed into Headers returns data, and the docs say what a field needs."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

HEADERS_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"


async def _replace_text(page: Page, editor: str, text: str) -> None:
    """Select all in a CodeMirror editor and type `text` over it."""
    await page.locator(editor).click()
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Delete")
    await page.keyboard.insert_text(text)


async def test_a_query_with_the_header_typed_in_returns_data(page, admin, shot, outside_requests):
    await page.goto("/graphql")
    await expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible()
    await expect(page.locator(".graphiql-query-editor")).to_contain_text("Authorization")
    await page.get_by_role("button", name="Headers", exact=True).click()
    await _replace_text(page, HEADERS_EDITOR, f'{{"Authorization": "Bearer {admin["api_key"]}"}}')
    await _replace_text(page, ".graphiql-query-editor .CodeMirror", "{ viewer { fullAccess } }")
    await shot("typed")
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await expect(page.locator(".result-window")).to_contain_text('"fullAccess": true')
    await shot("answered")
    assert outside_requests == []
    # The history is kept, without the headers: the key never reaches localStorage.
    stored = await page.evaluate("JSON.stringify(localStorage)")
    assert "fullAccess" in stored and admin["api_key"] not in stored


async def test_the_docs_say_what_apikeys_requires(page, shot):
    await page.goto("/graphql")
    await page.get_by_role("button", name="Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    await docs.get_by_role("link", name="Query", exact=True).click()
    await docs.get_by_role("link", name="apiKeys", exact=True).click()
    await expect(page.locator(".graphiql-doc-explorer-title")).to_have_text("apiKeys")
    description = docs.locator(".graphiql-markdown-description").first
    await expect(description).to_contain_text("Requires:")
    await expect(description.locator("p", has_text="Requires:")).to_have_text(
        re.compile(r"^Requires: ")
    )
    await shot("docs")


async def test_the_explorer_and_the_dialogs_work_under_the_pages_policy(page, shot):
    """The page fixture fails on any error logged, a refused style or script included."""
    await page.goto("/graphql")
    await page.get_by_role("button", name="Show GraphiQL Explorer").click()
    explorer = page.locator(".graphiql-explorer-root")
    await expect(explorer.get_by_text("apiKeys", exact=True)).to_be_visible()
    await shot("explorer")
    # Radix dialogs insert a <style> element: the reason for style-src 'unsafe-inline'.
    await page.get_by_role("button", name="Open settings dialog").click()
    await expect(page.get_by_role("dialog")).to_contain_text("Theme")
    await shot("settings")
