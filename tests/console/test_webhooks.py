"""The webhooks page in Chromium: add an endpoint with its events and see its secret once,
the receiver gets a key event signed with it (checked by the reference library), the
deliveries show its status and response, Redeliver sends it again, a new secret is shown
once, and Delete removes the endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import expect

from tests import processes
from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_accessibility import AXE, violations
from tests.console.test_console import CREATE, call, log_in
from tests.factories import PASSWORD
from tests.waits import wait_until
from tests.webhook_receiver import CREATE_ENDPOINT, Receiver, receiver

__all__ = ["receiver"]  # the fixture
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]


@pytest.fixture(scope="module")
async def environment(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, str]]:
    """The console's served process, allowed to send webhooks to the test's receiver."""
    async with processes.environment("sqlite", tmp_path_factory.mktemp("webhooks")) as env:
        env["WEBHOOK_ALLOW_LOCAL"] = "1"
        yield env


async def test_add_an_endpoint_see_its_deliveries_redeliver_and_delete(
    page, server, admin, shot, receiver: Receiver
):
    await log_in(page, admin)
    await page.locator("#sections").get_by_role("link", name="Webhooks").click()
    await expect(page.locator("#webhooks-table")).to_contain_text("No endpoint yet")
    await page.get_by_role("button", name="Add endpoint").click()
    dialog = page.locator("#webhook-dialog")
    await dialog.get_by_label("URL").fill(receiver.url)
    await dialog.get_by_label("Key updated").uncheck()
    await shot("webhooks-01-add")
    await dialog.get_by_role("button", name="Add endpoint").click()
    secret_dialog = page.locator("#secret-dialog")
    await expect(secret_dialog).to_be_visible()
    await expect(page.locator("#secret-once")).to_be_visible()
    secret = await page.locator("#secret-value").input_value()
    assert secret.startswith("whsec_")
    await secret_dialog.get_by_role("button", name="Done").click()
    row = page.locator("#webhooks-table tbody tr[data-endpoint-id]")
    await expect(row).to_contain_text(receiver.url)
    await expect(row).not_to_contain_text("Key updated")
    assert secret not in await page.content()

    created = await call(server, admin["api_key"], CREATE, i={"name": "hooked"})
    await wait_until(lambda: len(receiver.received) == 1, what="the delivery")
    payload = receiver.received[0].verified(secret)
    assert payload["data"]["apiKey"]["id"] == created["createApiKey"]["apiKey"]["id"]

    await row.get_by_role("button", name=f"Deliveries to {receiver.url}").click()
    deliveries = page.locator("#webhook-deliveries-table tbody tr[data-delivery-id]")
    await expect(deliveries).to_have_count(1)
    await expect(deliveries.first).to_contain_text("Key created")
    await expect(deliveries.first).to_contain_text("Sent")
    await expect(deliveries.first).to_contain_text("204")
    await shot("webhooks-02-deliveries")
    await deliveries.first.get_by_role("button", name="Redeliver Key created").click()
    await expect(deliveries).to_have_count(2)
    await wait_until(lambda: len(receiver.received) == 2, what="the redelivery")
    first, again = receiver.received
    assert again.headers["webhook-id"] == first.headers["webhook-id"]
    assert again.verified(secret) == payload

    await row.get_by_role("button", name=f"New secret for {receiver.url}").click()
    await page.locator("#confirm-ok").click()
    await expect(secret_dialog).to_be_visible()
    new_secret = await page.locator("#secret-value").input_value()
    assert new_secret.startswith("whsec_") and new_secret != secret
    await secret_dialog.get_by_role("button", name="Done").click()

    await row.get_by_role("button", name=f"Delete {receiver.url}").click()
    await page.locator("#confirm-ok").click()
    await expect(page.locator("#webhooks-table")).to_contain_text("No endpoint yet")
    await expect(page.locator("#toast")).to_contain_text("Deleted")


@pytest.mark.skipif(not AXE.exists(), reason=f"{AXE} is missing: run `make axe` (npm ci)")
@pytest.mark.parametrize("width", [1280, 390])
async def test_the_webhooks_page_and_its_dialog_have_no_wcag_violation(
    page, server, admin, receiver: Receiver, width
):
    await page.set_viewport_size({"width": width, "height": 900})
    session = (
        await call(
            server,
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
            e=admin["email"],
            p=PASSWORD,
        )
    )["login"]["token"]
    await call(server, session, CREATE_ENDPOINT, url=receiver.url, events=["CREATED"])
    await call(server, admin["api_key"], CREATE, i={"name": "hooked"})
    await log_in(page, admin)
    await page.locator("#sections").get_by_role("link", name="Webhooks").click()
    row = page.locator("#webhooks-table tbody tr[data-endpoint-id]")
    await row.get_by_role("button", name=f"Deliveries to {receiver.url}").click()
    await expect(
        page.locator("#webhook-deliveries-table tbody tr[data-delivery-id]")
    ).to_have_count(1)
    found = await violations(page, "webhooks")
    await page.get_by_role("button", name="Add endpoint").click()
    found += await violations(page, "webhook dialog")
    assert found == []
