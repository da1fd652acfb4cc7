"""The browser console at /console, as an admin uses it, in real headless Chromium: one test
per feature, each in an organization of its own (the `admin` fixture)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.async_api import Locator, Page, expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.processes import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

SESSION = "JSON.parse(sessionStorage.getItem('apikeys.console.session'))"
KEY = "query($id: ID!) { apiKey(id: $id) { rotationScheduledAt } }"
SHOW_ONCE = "mutation { updateOrganization(input: {revealPolicy: SHOW_ONCE}) { revealPolicy } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token member { role } } }"
CREATE = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } secret } }"
BILLING_READER = {
    "name": "Billing reader",
    "description": "Reads customers, sends events",
    "allowedIps": ["127.0.0.0/8"],
    "permissions": [
        {"object": "CUSTOMER", "access": "READ"},
        {"object": "EVENT", "access": "WRITE"},
    ],
}
CUSTOMERS = "{ customers { totalCount } }"
RELATIVE = (
    "import('./js/format.js').then(f => f.relativeTime(new Date(Date.now() - %d).toISOString()))"
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def post(server: str, token: str | None, query: str, **variables: object) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server) as client:
        return await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers=bearer(token) if token else {},
        )


async def call(server: str, token: str | None, query: str, **variables: object) -> Any:
    """The `data` of a request that must succeed."""
    body = (await post(server, token, query, **variables)).json()
    assert "errors" not in body, body
    return body["data"]


async def log_in(page: Page, admin: dict[str, str]) -> None:
    await page.goto("/console/")
    form = page.locator("#login-form")
    await form.get_by_label("Email").fill(admin["email"])
    await form.get_by_label("Password").fill(PASSWORD)
    await form.get_by_role("button", name="Log in").click()
    await expect(page.locator("#keys-table tbody tr[data-key-id]").first).to_be_visible()


async def session_token(page: Page) -> str:
    token: str = await page.evaluate(f"{SESSION}.token")
    return token


async def billing_reader(server: str, admin: dict[str, str]) -> dict[str, str]:
    """The key that test_create_a_scoped_key_and_copy_its_secret makes in the console, made
    through the API: its `id` and `secret`."""
    created = (await call(server, admin["api_key"], CREATE, i=BILLING_READER))["createApiKey"]
    return {"id": created["apiKey"]["id"], "secret": created["secret"]}


def key_row(page: Page, key_id: str) -> Locator:
    return page.locator(f"#keys-table tr[data-key-id='{key_id}']")


async def test_sign_in_shows_the_organization_and_its_keys(page, server, admin):
    await page.goto("/console")
    assert page.url == f"{server}/console/"
    await log_in(page, admin)
    token = await session_token(page)
    assert token.startswith("lk_session_")
    await expect(page.locator("#org-name")).to_have_text("Acme")
    rows = page.locator("#keys-table tbody tr[data-key-id]")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Full access")


async def test_create_a_scoped_key_and_copy_its_secret(page, server, admin, shot):
    await log_in(page, admin)
    # The dialog shows the secret once, with a Copy button.
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
    rows = page.locator("#keys-table tbody tr[data-key-id]")
    await expect(rows).to_have_count(2)
    row = rows.first
    await expect(row).to_contain_text("Billing reader")
    await expect(row.locator(".scope")).to_have_text(["Customers R", "Events W"])
    await expect(row.locator("td").nth(3)).to_have_text("never")
    await expect(row.locator(".status-active")).to_have_text("Active")
    await shot("03-keys")

    # The secret works against /graphql, within its scopes.
    reads = await post(server, secret, CUSTOMERS)
    assert reads.json() == {"data": {"customers": {"totalCount": 0}}}
    refused = await post(server, secret, "{ apiKeys { totalCount } }")
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_reveal_shows_the_same_secret(page, server, admin):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    row = key_row(page, key["id"])
    await row.get_by_role("button", name="Reveal secret of Billing reader").click()
    secret_dialog = page.locator("#secret-dialog")
    await expect(secret_dialog).to_be_visible()
    assert await page.locator("#secret-value").input_value() == key["secret"]
    await page.keyboard.press("Escape")
    await expect(secret_dialog).to_be_hidden()


async def test_rotate_in_24_hours_keeps_the_old_secret_until_then(page, server, admin, shot):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    row = key_row(page, key["id"])
    # A new secret now, the old one until then; the time on hover.
    await row.get_by_role("button", name="Rotate").click()
    rotate = page.locator("#rotate-dialog")
    await rotate.get_by_label("In 24 hours").check()
    await rotate.get_by_role("button", name="Rotate").click()
    await expect(page.locator("#secret-intro")).to_contain_text("keeps working until")
    rotated = await page.locator("#secret-value").input_value()
    assert rotated not in ("", key["secret"])
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
    found = await post(server, admin["api_key"], KEY, id=key["id"])
    scheduled = found.json()["data"]["apiKey"]["rotationScheduledAt"]
    ends = datetime.fromisoformat(scheduled)
    assert abs(ends - (datetime.now(UTC) + timedelta(hours=24))) < timedelta(minutes=5)
    await expect(row).to_have_attribute("title", re.compile(re.escape(scheduled)))
    await row.locator(".status-rotating").hover()
    await shot("04-rotation-pending")
    for working in (key["secret"], rotated):
        assert (await post(server, working, CUSTOMERS)).status_code == 200


async def test_edit_renames_a_key_and_adds_a_grant(page, server, admin):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    row = key_row(page, key["id"])
    editor = page.locator("#key-dialog")
    await row.get_by_role("button", name="Edit").click()
    await editor.get_by_label("Name").fill("Billing sync")
    await editor.get_by_label("Invoices: read", exact=True).check()
    await editor.get_by_role("button", name="Save changes").click()
    await expect(editor).to_be_hidden()
    await expect(row).to_contain_text("Billing sync")
    await expect(row.locator(".scope")).to_have_text(["Customers R", "Invoices R", "Events W"])


async def test_delete_revokes_at_once_but_never_the_last_key(page, server, admin, shot):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    row = key_row(page, key["id"])
    # Behind a confirmation; the key is revoked at once.
    await row.get_by_role("button", name="Delete").click()
    confirm = page.locator("#confirm-dialog")
    await expect(confirm).to_contain_text("Applications using this key lose access at once")
    await confirm.get_by_role("button", name="Delete key").click()
    await expect(confirm).to_be_hidden()
    # Revoked keys are hidden by default; the status filter shows them.
    await expect(row).to_have_count(0)
    await page.get_by_label("Show", exact=True).select_option(label="Revoked keys")
    await expect(row.locator(".status-revoked")).to_have_text("Revoked")
    await page.get_by_label("Show", exact=True).select_option(label="Active and expired keys")
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 401

    # The last usable key: the server's CONFLICT message, as it comes.
    last = key_row(page, admin["api_key_id"])
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


async def test_under_show_once_the_secret_is_shown_once(page, server, admin, shot):
    await log_in(page, admin)
    # Changing the policy needs an admin's session: the console's own.
    policy = await post(server, await session_token(page), SHOW_ONCE)
    assert policy.json()["data"]["updateOrganization"]["revealPolicy"] == "SHOW_ONCE"
    editor = page.locator("#key-dialog")
    await page.get_by_role("button", name="Create key").click()
    await editor.get_by_label("Name").fill("Ingestion")
    await editor.get_by_role("switch", name="Full access").check()
    await editor.get_by_role("button", name="Create key").click()
    await expect(page.locator("#secret-once")).to_be_visible()
    await expect(page.locator("#secret-once")).to_have_text(
        "Copy it now: it will not be shown again."
    )
    await shot("06-show-once")
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
    rows = page.locator("#keys-table tbody tr[data-key-id]")
    await expect(rows.first).to_contain_text("Ingestion")
    await expect(rows.first.locator(".scope")).to_have_text("Full access")
    await expect(rows.first.get_by_role("button", name="Reveal secret")).to_be_disabled()


async def test_add_a_member_who_can_log_in_and_make_them_an_admin(page, server, admin, shot):
    await log_in(page, admin)
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
    login = await post(server, None, LOGIN, e="bea@acme.test", p="another horse battery")
    assert login.json()["data"]["login"]["member"]["role"] == "ADMIN"


async def test_the_audit_trail_filtered_by_key(page, server, admin, shot):
    # Each action the console offers, by an admin's session.
    session = (await call(server, None, LOGIN, e=admin["email"], p=PASSWORD))["login"]["token"]
    key_id = (await call(server, session, CREATE, i=BILLING_READER))["createApiKey"]["apiKey"]["id"]
    for document in (
        "mutation($id: ID!) { revealApiKey(id: $id) { secret } }",
        "mutation($id: ID!) { rotateApiKey(input: {id: $id, schedule: IN_24_HOURS}) { secret } }",
        'mutation($id: ID!) { updateApiKey(input: {id: $id, name: "Billing sync"}) { id } }',
        "mutation($id: ID!) { updatePermissions(input: {id: $id, permissions: [{object: CUSTOMER,"
        " access: READ}, {object: INVOICE, access: READ}, {object: EVENT, access: WRITE}]}) { id } }",
        "mutation($id: ID!) { destroyApiKey(id: $id) { id } }",
    ):
        await call(server, session, document, id=key_id)
    await log_in(page, admin)
    await page.get_by_role("link", name="Audit trail").click()
    events = page.locator("#audit-table tbody tr[data-event-id]")
    await expect(events.first).to_be_visible()
    await page.get_by_label("Key", exact=True).select_option(key_id)
    # Actions read as words, not as the API's codes.
    await expect(events.locator(".action")).to_have_text(
        [
            "Key deleted",
            "Permissions changed",
            "Key updated",
            "Rotation scheduled",
            "Secret revealed",
            "Key created",
        ]
    )
    await expect(events.first).to_contain_text(admin["email"])
    await shot("08-audit")


async def test_last_used_reads_as_a_relative_time(page):
    # The server writes lastUsedAt every 30 s: minutes and days read best.
    await page.goto("/console/")
    assert await page.evaluate(RELATIVE % 180_000) == "3 minutes ago"
    assert await page.evaluate(RELATIVE % (2 * 86_400_000)) == "2 days ago"


async def test_log_out_ends_the_session_on_the_server_and_in_the_tab(page, server, admin):
    await log_in(page, admin)
    token = await session_token(page)
    await page.get_by_role("button", name="Log out").click()
    await expect(page.locator("#login-form")).to_be_visible()
    assert await page.evaluate("sessionStorage.length") == 0
    assert (await post(server, token, "{ viewer { organizationId } }")).status_code == 401


async def test_the_console_works_by_keyboard_and_keeps_focus_in_dialogs(page, admin, shot):
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
    await page.keyboard.type(admin["email"])
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
