"""The browser console at /console, as an admin uses it, in real headless Chromium."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.console.conftest import CHROMIUM, NO_CHROMIUM

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

PASSWORD = "correct horse battery"
SESSION = "JSON.parse(sessionStorage.getItem('apikeys.console.session'))"
KEY = "query($id: ID!) { apiKey(id: $id) { rotationScheduledAt } }"
SHOW_ONCE = "mutation { updateOrganization(input: {revealPolicy: SHOW_ONCE}) { revealPolicy } }"
RELATIVE = (
    "import('./js/format.js').then(f => f.relativeTime(new Date(Date.now() - %d).toISOString()))"
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def post(server: str, token: str, query: str, **variables: object) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server) as client:
        return await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=bearer(token)
        )


async def log_in(page: Page) -> None:
    form = page.locator("#login-form")
    await form.get_by_label("Email").fill("a@acme.test")
    await form.get_by_label("Password").fill(PASSWORD)
    await form.get_by_role("button", name="Log in").click()
    await expect(page.locator("#keys-table tbody tr[data-key-id]").first).to_be_visible()


async def test_an_admin_manages_keys_and_members(page, server, admin, shot):
    await page.goto("/console")
    assert page.url == f"{server}/console/"
    await log_in(page)
    token = await page.evaluate(f"{SESSION}.token")
    assert token.startswith("lk_session_")
    await expect(page.locator("#org-name")).to_have_text("Acme")
    rows = page.locator("#keys-table tbody tr[data-key-id]")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Full access")

    # Create a scoped key; the dialog shows its secret once, with a Copy button.
    await page.get_by_role("button", name="Create key").click()
    editor = page.locator("#key-dialog")
    await editor.get_by_label("Name").fill("Billing reader")
    await editor.get_by_label("Description").fill("Reads customers, sends events")
    await editor.get_by_label("Allowed IP ranges").fill("127.0.0.0/8")
    await editor.get_by_label("Customers: read", exact=True).check()
    await editor.get_by_label("Events: write", exact=True).check()
    await shot("01-create")
    await editor.get_by_role("button", name="Create key").click()
    secret_dialog = page.locator("#secret-dialog")
    await expect(secret_dialog).to_be_visible()
    secret = await page.locator("#secret-value").input_value()
    assert secret.startswith("lk_live_")
    await expect(page.locator("#secret-once")).to_be_hidden()  # the organization may reveal
    await secret_dialog.get_by_role("button", name="Copy").click()
    await expect(page.locator("#secret-status")).to_have_text("Copied to the clipboard.")
    assert await page.evaluate("navigator.clipboard.readText()") == secret
    await shot("02-secret")
    await secret_dialog.get_by_role("button", name="Done").click()
    await expect(secret_dialog).to_be_hidden()

    # The table: newest first, scopes, last used, status.
    await expect(rows).to_have_count(2)
    row = rows.first
    await expect(row).to_contain_text("Billing reader")
    await expect(row.locator(".scope")).to_have_text(["Customers R", "Events W"])
    await expect(row.locator("td").nth(3)).to_have_text("never")
    await expect(row.locator(".status-active")).to_have_text("Active")
    await shot("03-keys")
    key_id = await row.get_attribute("data-key-id")

    # The secret works against /graphql, within its scopes.
    reads = await post(server, secret, "{ customers { totalCount } }")
    assert reads.json() == {"data": {"customers": {"totalCount": 0}}}
    refused = await post(server, secret, "{ apiKeys { totalCount } }")
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # Reveal: the eye button shows the same secret.
    await row.get_by_role("button", name="Reveal secret of Billing reader").click()
    await expect(secret_dialog).to_be_visible()
    assert await page.locator("#secret-value").input_value() == secret
    await page.keyboard.press("Escape")
    await expect(secret_dialog).to_be_hidden()

    # Rotate in 24 hours: a new secret now, the old one until then; the time on hover.
    await row.get_by_role("button", name="Rotate").click()
    rotate = page.locator("#rotate-dialog")
    await rotate.get_by_label("In 24 hours").check()
    await rotate.get_by_role("button", name="Rotate").click()
    await expect(page.locator("#secret-intro")).to_contain_text("keeps working until")
    rotated = await page.locator("#secret-value").input_value()
    assert rotated not in ("", secret)
    await secret_dialog.get_by_role("button", name="Done").click()
    found = await post(server, admin["api_key"], KEY, id=key_id)
    scheduled = found.json()["data"]["apiKey"]["rotationScheduledAt"]
    ends = datetime.fromisoformat(scheduled)
    assert abs(ends - (datetime.now(UTC) + timedelta(hours=24))) < timedelta(minutes=5)
    await expect(row).to_have_attribute("title", re.compile(re.escape(scheduled)))
    await row.locator(".status-rotating").hover()
    await shot("04-rotation-pending")
    for working in (secret, rotated):
        assert (await post(server, working, "{ customers { totalCount } }")).status_code == 200

    # Edit: a new name, and one more grant.
    await row.get_by_role("button", name="Edit").click()
    await editor.get_by_label("Name").fill("Billing sync")
    await editor.get_by_label("Invoices: read", exact=True).check()
    await editor.get_by_role("button", name="Save changes").click()
    await expect(editor).to_be_hidden()
    await expect(row).to_contain_text("Billing sync")
    await expect(row.locator(".scope")).to_have_text(["Customers R", "Invoices R", "Events W"])

    # Delete behind a confirmation; the key is revoked at once.
    await row.get_by_role("button", name="Delete").click()
    confirm = page.locator("#confirm-dialog")
    await expect(confirm).to_contain_text("Applications using this key lose access at once")
    await confirm.get_by_role("button", name="Delete key").click()
    await expect(confirm).to_be_hidden()
    await expect(row.locator(".status-revoked")).to_have_text("Revoked")
    assert (await post(server, rotated, "{ customers { totalCount } }")).status_code == 401

    # The last usable key: the server's CONFLICT message, as it comes.
    last = page.locator(f"#keys-table tr[data-key-id='{admin['api_key_id']}']")
    await last.get_by_role("button", name="Delete").click()
    async with page.expect_response(
        lambda r: "ConsoleDestroyKey" in (r.request.post_data or "")
    ) as answer:
        await confirm.get_by_role("button", name="Delete key").click()
    error = (await (await answer.value).json())["errors"][0]
    assert error["extensions"]["code"] == "CONFLICT"
    await expect(page.locator("#confirm-error")).to_have_text(error["message"])
    await expect(confirm).to_be_visible()
    await shot("05-last-key-conflict")
    await confirm.get_by_role("button", name="Cancel").click()
    await expect(last.locator(".status-active")).to_have_text("Active")

    # Under a show-once policy the dialog says the secret will not be shown again
    # (changing the policy needs an admin's session: the console's own).
    policy = await post(server, token, SHOW_ONCE)
    assert policy.json()["data"]["updateOrganization"]["revealPolicy"] == "SHOW_ONCE"
    await page.get_by_role("button", name="Create key").click()
    await editor.get_by_label("Name").fill("Ingestion")
    await editor.get_by_role("switch", name="Full access").check()
    await editor.get_by_role("button", name="Create key").click()
    await expect(page.locator("#secret-once")).to_be_visible()
    await expect(page.locator("#secret-once")).to_have_text(
        "Copy it now: it will not be shown again."
    )
    await shot("06-show-once")
    await secret_dialog.get_by_role("button", name="Done").click()
    await expect(rows.first).to_contain_text("Ingestion")
    await expect(rows.first.locator(".scope")).to_have_text("Full access")
    await expect(rows.first.get_by_role("button", name="Reveal secret")).to_be_disabled()

    # Members: add one, who can then log in; make them an admin.
    await page.get_by_role("link", name="Members").click()
    await page.get_by_role("button", name="Add member").click()
    member_form = page.locator("#member-dialog")
    await member_form.get_by_label("Email").fill("bea@acme.test")
    await member_form.get_by_label("Name").fill("Bea")
    await member_form.get_by_label("Initial password").fill("another horse battery")
    await member_form.get_by_role("button", name="Add member").click()
    await expect(member_form).to_be_hidden()
    bea = page.locator("#members-table tbody tr", has_text="bea@acme.test")
    await expect(bea.locator(".role")).to_have_text("Member")
    await bea.get_by_role("button", name="Make admin").click()
    await expect(bea.locator(".role")).to_have_text("Admin")
    await shot("07-members")
    async with httpx.AsyncClient(base_url=server) as client:
        login = await client.post(
            "/graphql",
            json={
                "query": 'mutation($p: String!) { login(email: "bea@acme.test", password: $p) { member { role } } }',
                "variables": {"p": "another horse battery"},
            },
        )
    assert login.json()["data"]["login"]["member"]["role"] == "ADMIN"

    # The audit trail, filtered by key.
    await page.get_by_role("link", name="Audit trail").click()
    events = page.locator("#audit-table tbody tr[data-event-id]")
    await expect(events.first).to_be_visible()
    await page.get_by_label("Key", exact=True).select_option(key_id)
    await expect(events.locator(".action")).to_have_text(
        ["destroyed", "permissions_updated", "updated", "rotation_scheduled", "revealed", "created"]
    )
    await expect(events.first).to_contain_text("a@acme.test")
    await shot("08-audit")

    # "Last used" reads as a relative time (the server writes lastUsedAt every 30 s).
    assert await page.evaluate(RELATIVE % 180_000) == "3 minutes ago"
    assert await page.evaluate(RELATIVE % (2 * 86_400_000)) == "2 days ago"

    # Log out: the session ends on the server and leaves the tab.
    await page.get_by_role("button", name="Log out").click()
    await expect(page.locator("#login-form")).to_be_visible()
    assert await page.evaluate("sessionStorage.length") == 0
    assert (await post(server, token, "{ viewer { organizationId } }")).status_code == 401


async def test_the_console_works_by_keyboard_and_keeps_focus_in_dialogs(page, shot):
    async def focused(script: str) -> object:
        return await page.evaluate(f"(e => {script})(document.activeElement)")

    async def tab_to(name: str) -> None:
        for _ in range(60):
            await page.keyboard.press("Tab")
            label = await focused(
                "e.ariaLabel || (e.labels?.length ? e.labels[0].textContent : e.textContent).trim()"
            )
            if label == name:
                return
        raise AssertionError(f"Tab never reached {name!r}")

    await page.goto("/console/")
    await expect(page.locator("#login-email")).to_be_focused()
    await page.keyboard.type("a@acme.test")
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.locator("#keys-title")).to_be_focused()
    await expect(page.locator("#keys-table tbody tr[data-key-id]")).to_have_count(1)

    unlabelled = await page.evaluate(
        """[...document.querySelectorAll('input, select, textarea')]
           .filter(e => !e.labels?.length && !e.ariaLabel && !e.getAttribute('aria-labelledby'))
           .map(e => e.id || e.name)"""
    )
    assert unlabelled == []

    # A dialog keeps focus inside, both ways, and gives it back on Escape.
    await tab_to("Create key")
    await page.keyboard.press("Enter")
    await expect(page.locator("#key-name")).to_be_focused()
    for key in ["Tab"] * 30 + ["Shift+Tab"] * 30:
        await page.keyboard.press(key)
        assert await focused("e.closest('dialog[open]')?.id") == "key-dialog", key
    await page.keyboard.press("Escape")
    await expect(page.locator("#key-dialog")).to_be_hidden()
    await expect(page.get_by_role("button", name="Create key")).to_be_focused()

    # Create a key without the mouse: name, the Full access switch, submit.
    await page.keyboard.press("Enter")
    await page.keyboard.type("Keyboard key")
    await tab_to("Full access")
    await page.keyboard.press("Space")
    await expect(page.locator("#key-full-access")).to_be_checked()
    await expect(page.locator("#key-grid input").first).to_be_disabled()
    await tab_to("Create key")
    await page.keyboard.press("Enter")
    await expect(page.locator("#secret-copy")).to_be_focused()
    await shot("secret-by-keyboard")
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("button", name="Create key")).to_be_focused()

    # A destructive confirmation starts on Cancel; focus returns to the row's button.
    await tab_to("Delete Keyboard key")
    await page.keyboard.press("Enter")
    confirm = page.locator("#confirm-dialog")
    await expect(confirm.get_by_role("button", name="Cancel")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(confirm).to_be_hidden()
    await expect(page.get_by_role("button", name="Delete Keyboard key")).to_be_focused()
