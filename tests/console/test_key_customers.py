"""The customer picker of the key form in Chromium: a key limited to one customer sees only
it, the keys table says so, and editing the key widens the limit."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import call, key_row, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]
CUSTOMER = 'mutation($e: String!) { createCustomer(input: {externalId: $e, name: "C"}) { id } }'
SEEN = "{ customers { edges { node { id } } } }"
LIMIT = "query($id: ID!) { apiKey(id: $id) { customerIds } }"


async def test_limit_a_key_to_a_customer_then_widen_it(page, server, admin, shot):
    a, b = [
        (await call(server, admin["api_key"], CUSTOMER, e=name))["createCustomer"]["id"]
        for name in ("cus_a", "cus_b")
    ]
    await log_in(page, admin)
    await page.get_by_role("button", name="Create key").click()
    editor = page.locator("#key-dialog")
    await editor.get_by_label("Name").fill("Customer A only")
    await editor.get_by_label("Customers: read", exact=True).check()
    await expect(editor.get_by_label("C (cus_a)")).to_be_hidden()
    await editor.get_by_label("Only these customers").check()
    await editor.get_by_label("C (cus_a)").check()
    await shot("customers-01-picker")
    await editor.get_by_role("button", name="Create key").click()
    await expect(page.locator("#secret-dialog")).to_be_visible()
    secret = await page.locator("#secret-value").input_value()
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()

    row = page.locator("#keys-table tbody tr[data-key-id]").first
    await expect(row).to_contain_text("Customer A only")
    await expect(row.locator(".customer-limit")).to_have_text("1 customer only")
    seen = await call(server, secret, SEEN)
    assert [edge["node"]["id"] for edge in seen["customers"]["edges"]] == [a]
    key_id = await row.get_attribute("data-key-id")
    assert key_id is not None

    await key_row(page, key_id).get_by_role("button", name="Edit Customer A only").click()
    await expect(editor.get_by_label("Only these customers")).to_be_checked()
    await expect(editor.get_by_label("C (cus_a)")).to_be_checked()
    await editor.get_by_label("C (cus_b)").check()
    await editor.get_by_role("button", name="Save changes").click()
    await expect(key_row(page, key_id).locator(".customer-limit")).to_have_text("2 customers only")
    limit = await call(server, admin["api_key"], LIMIT, id=key_id)
    assert limit["apiKey"]["customerIds"] == sorted([a, b])
    await shot("customers-02-list")
