"""Sudo mode in the console: after 10 minutes without the password, revealing or deleting
asks for it again, then carries on. The served process keeps real time, so the test moves
the session's own clock instead: its last password entry, 11 minutes back."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import (
    CUSTOMERS,
    billing_reader,
    key_row,
    log_in,
    post,
    session_token,
)
from tests.processes import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]


def eleven_minutes_pass(environment: dict[str, str], email: str) -> None:
    """Every session of `email` last saw its password 11 minutes earlier than it did."""
    path = Path(environment["DATABASE_URL"].removeprefix("sqlite://"))
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT s.id, s.sudo_at FROM session s JOIN member m ON m.id = s.member_id "
            "WHERE m.email = ?",
            (email,),
        ).fetchall()
        assert rows
        for session_id, sudo_at in rows:
            earlier = datetime.fromisoformat(sudo_at) - timedelta(minutes=11)
            db.execute("UPDATE session SET sudo_at = ? WHERE id = ?", (str(earlier), session_id))


async def test_reveal_asks_for_the_password_after_ten_minutes(
    page, server, admin, environment, shot
):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    eleven_minutes_pass(environment, admin["email"])
    reveal = key_row(page, key["id"]).get_by_role("button", name="Reveal secret of Billing reader")
    await reveal.click()
    sudo = page.locator("#sudo-dialog")
    await expect(sudo).to_be_visible()
    password = sudo.get_by_label("Password")
    await expect(password).to_be_focused()
    await page.keyboard.type("not it")
    await page.keyboard.press("Enter")
    await expect(page.locator("#sudo-error")).to_have_text("Wrong password.")
    await expect(page.locator("#secret-dialog")).to_be_hidden()
    await shot("sudo-wrong-password")
    await password.fill(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(sudo).to_be_hidden()
    await expect(page.locator("#secret-dialog")).to_be_visible()
    assert await page.locator("#secret-value").input_value() == key["secret"]
    await page.keyboard.press("Escape")
    await expect(reveal).to_be_focused()
    # Renewed for ten minutes: the next reveal asks nothing.
    await reveal.click()
    await expect(page.locator("#secret-dialog")).to_be_visible()
    await expect(sudo).to_be_hidden()


async def test_delete_cancelled_at_the_password_keeps_the_key(page, server, admin, environment):
    key = await billing_reader(server, admin)
    await log_in(page, admin)
    eleven_minutes_pass(environment, admin["email"])
    await key_row(page, key["id"]).get_by_role("button", name="Delete").click()
    confirm = page.locator("#confirm-dialog")
    await confirm.get_by_role("button", name="Delete key").click()
    sudo = page.locator("#sudo-dialog")
    await expect(sudo).to_be_visible()
    await sudo.get_by_role("button", name="Cancel").click()
    await expect(sudo).to_be_hidden()
    await expect(page.locator("#confirm-error")).to_contain_text("confirm your password")
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 200
    # The API holds it too, whatever the page does.
    refused = await post(
        server,
        await session_token(page),
        "mutation($id: ID!) { destroyApiKey(id: $id) { id } }",
        id=key["id"],
    )
    assert refused.json()["errors"][0]["extensions"]["code"] == "SUDO_REQUIRED"
    # Confirmed: the delete goes through.
    await confirm.get_by_role("button", name="Delete key").click()
    await sudo.get_by_label("Password").fill(PASSWORD)
    await sudo.get_by_role("button", name="Confirm").click()
    await expect(confirm).to_be_hidden()
    await expect(key_row(page, key["id"])).to_have_count(0)  # revoked: hidden by default
    assert (await post(server, key["secret"], CUSTOMERS)).status_code == 401
