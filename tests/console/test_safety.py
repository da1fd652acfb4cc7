"""The console is safe by default (issue 22): no secret dies from two keystrokes, a half-made
form is not sent or lost by a stray key, and focus comes back to what opened a dialog."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import CUSTOMERS, billing_reader, key_row, log_in, post

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

ROWS = "#keys-table tbody tr[data-key-id]"


async def focused_label(page: Page) -> str:
    label: str = await page.evaluate(
        """(e => e.ariaLabel || (e.labels?.length ? e.labels[0].textContent
                : e.textContent).trim())(document.activeElement)"""
    )
    return label.strip()


async def tab_to(page: Page, name: str) -> None:
    for _ in range(80):
        await page.keyboard.press("Tab")
        if await focused_label(page) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


async def test_rotate_opens_on_24_hours_and_enter_enter_keeps_the_old_secret(page, server, admin):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    await key_row(page, key["id"]).get_by_role("button", name="Rotate").click()
    rotate = page.locator("#rotate-dialog")
    grace = rotate.get_by_label("In 24 hours")
    await expect(grace).to_be_focused()
    await expect(grace).to_be_checked()
    await expect(rotate.get_by_label("Now", exact=True)).not_to_be_checked()
    # The two keystrokes that used to end the secret at once.
    await page.keyboard.press("Enter")
    await expect(page.locator("#secret-intro")).to_contain_text("keeps working until")
    await page.keyboard.press("Enter")
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 200


async def test_rotate_now_needs_the_key_name_typed(page, server, admin, shot):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    await key_row(page, key["id"]).get_by_role("button", name="Rotate").click()
    rotate = page.locator("#rotate-dialog")
    submit = rotate.get_by_role("button", name="Rotate")
    typed = rotate.get_by_label("Type Billing reader to stop the current secret now")
    await expect(typed).to_be_hidden()
    await rotate.get_by_label("Now", exact=True).check()
    await expect(typed).to_be_visible()
    await expect(submit).to_be_disabled()
    await typed.fill("Billing")
    await expect(submit).to_be_disabled()
    await page.keyboard.press("Enter")  # an implicit submission is refused as well
    await expect(rotate).to_be_visible()
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 200
    await typed.fill("Billing reader")
    await expect(submit).to_be_enabled()
    await shot("rotate-now-typed")
    await submit.click()
    await expect(page.locator("#secret-intro")).to_contain_text("no longer works")
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 401
    # Back to a grace period: the typed name is no longer asked for.
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
    await key_row(page, key["id"]).get_by_role("button", name="Rotate").click()
    await expect(typed).to_be_hidden()
    await expect(typed).to_have_value("")
    await expect(submit).to_be_enabled()


async def test_enter_on_a_permission_checkbox_does_not_submit(page, server, admin):
    await log_in(page, admin)
    await page.get_by_role("button", name="Create key").click()
    editor = page.locator("#key-dialog")
    await editor.get_by_label("Name").fill("Half made")
    box = editor.get_by_label("Customers: read", exact=True)
    await box.focus()
    await page.keyboard.press("Space")
    await expect(box).to_be_checked()
    await page.keyboard.press("Enter")
    await expect(editor).to_be_visible()
    await expect(box).to_be_focused()
    await expect(page.locator(ROWS)).to_have_count(1)
    listed = await post(server, admin["api_key"], "{ apiKeys { totalCount } }")
    assert listed.json()["data"]["apiKeys"]["totalCount"] == 1


async def test_escape_on_a_half_filled_form_asks_before_discarding(page, admin, shot):
    await log_in(page, admin)
    opener = page.get_by_role("button", name="Create key")
    editor = page.locator("#key-dialog")
    ask = page.locator("#discard-dialog")
    # Untouched: Escape closes at once.
    await opener.click()
    await page.keyboard.press("Escape")
    await expect(editor).to_be_hidden()
    await expect(ask).to_be_hidden()
    # Half filled: Escape asks; "Keep editing" (and Escape) keep what was typed.
    await opener.click()
    await page.keyboard.type("Ingestion")
    await page.keyboard.press("Escape")
    await expect(ask).to_be_visible()
    await expect(ask.get_by_role("button", name="Keep editing")).to_be_focused()
    await shot("discard-question")
    await page.keyboard.press("Enter")
    await expect(ask).to_be_hidden()
    await expect(editor).to_be_visible()
    await expect(editor.get_by_label("Name")).to_have_value("Ingestion")
    await expect(editor.get_by_label("Name")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(ask).to_be_visible()
    await page.keyboard.press("Escape")
    await expect(ask).to_be_hidden()
    await expect(editor).to_be_visible()
    # "Discard" closes both, and focus goes back to the opener.
    await page.keyboard.press("Escape")
    await ask.get_by_role("button", name="Discard").click()
    await expect(ask).to_be_hidden()
    await expect(editor).to_be_hidden()
    await expect(opener).to_be_focused()
    await expect(page.locator(ROWS)).to_have_count(1)


async def test_keyboard_only_create_copy_rotate_in_24_hours_delete(page, server, admin):
    await log_in(page, admin)
    await tab_to(page, "Create key")
    await page.keyboard.press("Enter")
    await page.keyboard.type("Keyboard key")
    await tab_to(page, "Full access")
    await page.keyboard.press("Space")
    await tab_to(page, "Create key")
    await page.keyboard.press("Enter")
    await expect(page.locator("#secret-copy")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.locator("#secret-status")).to_have_text("Copied to the clipboard.")
    secret = await page.evaluate("navigator.clipboard.readText()")
    assert secret.startswith("lk_live_")
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("button", name="Create key")).to_be_focused()

    await tab_to(page, "Rotate Keyboard key")
    await page.keyboard.press("Enter")
    await expect(page.locator("#rotate-dialog").get_by_label("In 24 hours")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.locator("#secret-intro")).to_contain_text("keeps working until")
    rotated = await page.locator("#secret-value").input_value()
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("button", name="Rotate Keyboard key")).to_be_focused()
    for working in (secret, rotated):
        assert (await post(server, working, CUSTOMERS)).status_code == 200

    await tab_to(page, "Delete Keyboard key")
    await page.keyboard.press("Enter")
    await expect(
        page.locator("#confirm-dialog").get_by_role("button", name="Cancel")
    ).to_be_focused()
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await expect(page.locator("#confirm-dialog")).to_be_hidden()
    for revoked in (secret, rotated):
        assert (await post(server, revoked, CUSTOMERS)).status_code == 401


async def test_focus_returns_to_rotate_after_the_new_secret_ten_times(page, server, admin):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    for run in range(10):
        button = key_row(page, key["id"]).get_by_role("button", name="Rotate")
        await button.click()
        rotate = page.locator("#rotate-dialog")
        # A grace period once pending, the server takes only NOW: the typed name each time.
        await rotate.get_by_label("Now", exact=True).check()
        await rotate.get_by_label("Type Billing reader to stop").fill("Billing reader")
        await rotate.get_by_role("button", name="Rotate").click()
        await expect(page.locator("#secret-dialog")).to_be_visible()
        await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
        await expect(page.locator("#secret-dialog")).to_be_hidden()
        await expect(button, f"run {run}").to_be_focused()


async def test_the_only_admin_is_offered_no_demotion_nor_removal(page, server, admin):
    await log_in(page, admin)
    await page.get_by_role("link", name="Members").click()
    me = page.locator("#members-table tbody tr", has_text=admin["email"])
    await expect(me).to_contain_text("Only admin")
    await expect(me.get_by_role("button")).to_have_count(0)
    # A second admin: each may now be made a member or removed.
    await page.get_by_role("button", name="Add member").click()
    form = page.locator("#member-dialog")
    await form.get_by_label("Email").fill("bea@acme.test")
    await form.get_by_label("Role").select_option("ADMIN")
    await form.get_by_label("Initial password").fill("another horse battery")
    await form.get_by_role("button", name="Add member").click()
    await expect(form).to_be_hidden()
    await expect(me.get_by_role("button", name=f"Make member: {admin['email']}")).to_be_visible()
    await expect(me.get_by_role("button", name=f"Remove {admin['email']}")).to_be_visible()


async def test_revoked_keys_are_hidden_until_asked_for(page, server, admin):
    key = await billing_reader(server, admin)
    await post(
        server,
        admin["api_key"],
        "mutation($id: ID!) { destroyApiKey(id: $id) { id } }",
        id=key["id"],
    )
    await log_in(page, admin)
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(key_row(page, key["id"])).to_have_count(0)
    show = page.get_by_label("Show", exact=True)
    await show.select_option(label="All keys")
    await expect(page.locator(ROWS)).to_have_count(2)
    await show.select_option(label="Revoked keys")
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(key_row(page, key["id"]).locator(".status-revoked")).to_have_text("Revoked")
