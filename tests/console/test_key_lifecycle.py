"""Disable and enable from the keys table: the key is refused at once and works again with
the same secret; its own key and the last usable one are refused with the server's message."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import CUSTOMERS, billing_reader, key_row, log_in, post

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]


async def test_disable_then_enable_a_key_from_its_row(page, server, admin, shot):
    key = await billing_reader(server, admin)
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 200
    await log_in(page, admin)
    row = key_row(page, key["id"])
    await row.get_by_role("button", name="Disable Billing reader").click()
    await expect(row.locator(".status-disabled")).to_have_text("Disabled")
    await expect(page.locator("#toast")).to_contain_text("refused from now on")
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 401
    await shot("lifecycle-01-disabled")
    await row.get_by_role("button", name="Enable Billing reader").click()
    await expect(row.locator(".status-active")).to_have_text("Active")
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 200


async def test_the_last_usable_key_cannot_be_disabled(page, server, admin):
    await log_in(page, admin)
    last = key_row(page, admin["api_key_id"])
    await last.get_by_role("button", name="Disable").click()
    await expect(page.locator("#toast")).to_contain_text("last usable key")
    await expect(last.locator(".status-active")).to_have_text("Active")
