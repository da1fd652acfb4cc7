"""Find a key in the console (issue 22): a pasted token finds its key by prefix and is never
sent; the search, the status filter and the order are the API's own arguments."""

from __future__ import annotations

import pytest
from playwright.async_api import Request, expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import CREATE, call, key_row, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

ROWS = "#keys-table tbody tr[data-key-id]"
READER = [{"object": "CUSTOMER", "access": "READ"}]


async def make(server: str, admin: dict[str, str], name: str, **fields: object) -> dict:
    created = await call(
        server, admin["api_key"], CREATE, i={"name": name, "permissions": READER, **fields}
    )
    made: dict = created["createApiKey"]
    return made


async def test_a_pasted_token_finds_its_key_by_prefix_and_is_never_sent(page, server, admin, shot):
    billing = await make(server, admin, "Billing reader")
    await make(server, admin, "Ingestion")
    await log_in(page, admin)
    await expect(page.locator(ROWS)).to_have_count(3)
    sent: list[str] = []

    def remember(request: Request) -> None:
        sent.append(request.url + (request.post_data or ""))

    page.on("request", remember)
    box = page.get_by_label("Search by name or prefix")
    await box.fill(billing["secret"])
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(key_row(page, billing["apiKey"]["id"])).to_be_visible()
    prefix = billing["secret"][: len("lk_live_") + 4]  # what the table shows
    await expect(box).to_have_value(prefix)
    await expect(page.locator("#keys-search-hint")).to_contain_text(prefix)
    await shot("found-by-prefix")
    assert sent, "the search asked the API"
    assert all(billing["secret"] not in text for text in sent)
    assert any(prefix in text for text in sent)
    # By name, any case; cleared: every key again.
    await box.fill("ingest")
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(page.locator(ROWS).first).to_contain_text("Ingestion")
    await box.fill("")
    await expect(page.locator(ROWS)).to_have_count(3)


async def test_sort_by_expiry(page, server, admin):
    await make(server, admin, "Later", expiresAt="2099-01-01T00:00:00Z")
    await make(server, admin, "Sooner", expiresAt="2098-01-01T00:00:00Z")
    await make(server, admin, "Never")
    await log_in(page, admin)
    await page.get_by_label("Sort").select_option(label="Expiring soonest")
    names = page.locator(f"{ROWS} .name")
    await expect(names.nth(0)).to_have_text("Sooner")
    await expect(names.nth(1)).to_have_text("Later")
