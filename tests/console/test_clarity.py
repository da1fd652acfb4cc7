"""Expiry like GitHub, contrast and targets (issue 22): preset expirations, "never" asks why,
keys expiring within 7 days are marked; borders, the switch and the top bar's focus ring at
3:1 or more; row buttons 32 px or taller; a show-once key's reveal button says why."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import Page, expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import SHOW_ONCE, log_in, post, session_token

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

ROWS = "#keys-table tbody tr[data-key-id]"
EXPIRES = "query($id: ID!) { apiKey(id: $id) { expiresAt } }"


def luminance(css: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"[\d.]+", css)[:3])

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def style(page: Page, selector: str, prop: str) -> str:
    value: str = await page.eval_on_selector(
        selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')"
    )
    return value


async def create_with(page: Page, name: str, expiry: str, description: str = "") -> None:
    await page.get_by_role("button", name="Create key").click()
    editor = page.locator("#key-dialog")
    await editor.get_by_label("Name").fill(name)
    await editor.get_by_label("Description").fill(description)
    await editor.get_by_label("Expiration").select_option(label=expiry)
    await editor.get_by_role("switch", name="Full access").check()
    await editor.get_by_role("button", name="Create key").click()


async def new_key_id(page: Page, name: str) -> str:
    row = page.locator(ROWS, has_text=name)
    await expect(row).to_have_count(1)
    key_id: str = await row.get_attribute("data-key-id") or ""
    return key_id


async def test_expiry_presets_and_never_asks_why(page, server, admin, shot):
    await log_in(page, admin)
    editor = page.locator("#key-dialog")
    await page.get_by_role("button", name="Create key").click()
    await expect(editor.get_by_label("Expiration")).to_have_value("30")  # GitHub's default
    await page.keyboard.press("Escape")

    await create_with(page, "Weekly", "7 days")
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
    key_id = await new_key_id(page, "Weekly")
    found = await post(server, admin["api_key"], EXPIRES, id=key_id)
    expires = datetime.fromisoformat(found.json()["data"]["apiKey"]["expiresAt"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=5)
    badge = page.locator(ROWS, has_text="Weekly").locator(".status-expiring")
    await expect(badge).to_contain_text("Expires soon")

    # Never: refused until the description says why.
    await create_with(page, "Forever", "No expiration")
    await expect(page.locator("#key-error")).to_have_text(
        "Say in the description why this key never expires."
    )
    await expect(editor.get_by_label("Description")).to_be_focused()
    await shot("never-asks-why")
    await editor.get_by_label("Description").fill("Legacy batch job, retired in Q3")
    await editor.get_by_role("button", name="Create key").click()
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
    forever = await new_key_id(page, "Forever")
    found = await post(server, admin["api_key"], EXPIRES, id=forever)
    assert found.json()["data"]["apiKey"]["expiresAt"] is None
    await expect(page.locator(ROWS, has_text="Forever").locator(".status-expiring")).to_have_count(
        0
    )

    # 90 days: not marked; editing without touching the expiration keeps it.
    await create_with(page, "Quarterly", "90 days")
    await page.locator("#secret-dialog").get_by_role("button", name="Done").click()
    quarterly = page.locator(ROWS, has_text="Quarterly")
    await expect(quarterly.locator(".status-expiring")).to_have_count(0)
    before = (await post(server, admin["api_key"], EXPIRES, id=key_id)).json()
    await page.locator(ROWS, has_text="Weekly").get_by_role("button", name="Edit").click()
    await expect(editor.get_by_label("Expiration")).to_have_value("keep")
    await editor.get_by_label("Name").fill("Weekly sync")
    await editor.get_by_role("button", name="Save changes").click()
    await expect(editor).to_be_hidden()
    assert (await post(server, admin["api_key"], EXPIRES, id=key_id)).json() == before


async def test_contrast_of_borders_switch_and_the_top_bar_focus_ring(page, admin):
    await log_in(page, admin)
    await page.get_by_role("button", name="Create key").click()
    white = await style(page, "#key-dialog", "background-color")
    assert contrast(await style(page, "#key-name", "border-top-color"), white) >= 3
    assert contrast(await style(page, "#key-full-access", "background-color"), white) >= 3
    await page.keyboard.press("Escape")
    # Focus by keyboard on the top bar's Log out button: its ring against the bar.
    await page.locator("#keys-title").focus()
    for _ in range(10):
        await page.keyboard.press("Shift+Tab")
        if await page.evaluate("document.activeElement.id") == "logout":
            break
    bar = await style(page, ".topbar", "background-color")
    ring = await style(page, "#logout", "outline-color")
    assert await style(page, "#logout", "outline-style") != "none"
    assert contrast(ring, bar) >= 3, (ring, bar)


async def test_row_buttons_are_32_px_and_a_show_once_reveal_says_why(page, server, admin):
    await log_in(page, admin)
    policy = await post(server, await session_token(page), SHOW_ONCE)
    assert "errors" not in policy.json()
    await page.reload()
    await expect(page.locator(ROWS)).to_have_count(1)
    for button in await page.locator(f"{ROWS} .row-actions button").all():
        box = await button.bounding_box()
        assert box is not None and box["height"] >= 32 and box["width"] >= 32, box
    reveal = page.get_by_role("button", name="Reveal secret of bootstrap")
    await expect(reveal).to_be_disabled()  # aria-disabled: still focusable
    await reveal.focus()
    await expect(reveal).to_be_focused()
    await expect(reveal).to_have_accessible_description(re.compile("shown once"))
    await page.keyboard.press("Enter")
    await expect(page.locator("#toast")).to_contain_text("cannot be revealed")
