"""The console at every width (issue 22): at 1,366, 1,024 and 390 px the page never scrolls
sideways, every row's actions are on screen, names wrap, and under ~700 px the tables read
as cards; dialogs and toasts stay on screen. Screenshots go to test-artifacts/console/."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import CREATE, call, key_row, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

WIDTHS = {"desktop": (1366, 768), "laptop": (1024, 768), "phone": (390, 844)}
LONG_NAME = "Billing-reader-for-the-eu-west-production-ingestion-cluster-number-two"
ROTATE = "mutation($id: ID!) { rotateApiKey(input: {id: $id, schedule: IN_7_DAYS}) { secret } }"
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { id } }"
READER = {"permissions": [{"object": "CUSTOMER", "access": "READ"}]}
EVERY = [{"object": o, "access": "READ_WRITE"} for o in ("CUSTOMER", "PLAN", "INVOICE")]


async def keys_of_every_kind(server: str, admin: dict[str, str]) -> dict[str, str]:
    """A long unbroken name with a long description and many scopes, a key with a
    rotation pending, and a revoked one."""

    async def make(**fields: object) -> str:
        created = await call(server, admin["api_key"], CREATE, i=fields)
        key_id: str = created["createApiKey"]["apiKey"]["id"]
        return key_id

    long = await make(
        name=LONG_NAME,
        description="Reads customers for the nightly export; owned by the data team " * 2,
        permissions=EVERY,
    )
    rotating = await make(name="Rotating key", **READER)
    await call(server, admin["api_key"], ROTATE, id=rotating)
    revoked = await make(name="Old key", **READER)
    await call(server, admin["api_key"], DESTROY, id=revoked)
    return {"long": long, "rotating": rotating, "revoked": revoked}


async def page_width(page: Page) -> tuple[int, int]:
    width, viewport = await page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width, viewport


async def assert_no_sideways_scroll(page: Page, where: str) -> None:
    width, viewport = await page_width(page)
    assert width <= viewport, f"{where}: the page is {width} px wide in a {viewport} px viewport"


async def assert_on_screen(page: Page, locator, where: str) -> None:
    viewport = await page.evaluate("document.documentElement.clientWidth")
    box = await locator.bounding_box()
    assert box is not None, where
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport + 0.5, (where, box, viewport)


@pytest.mark.parametrize("size", list(WIDTHS))
async def test_no_sideways_scroll_and_actions_on_screen(page, server, admin, shot, size):
    width, height = WIDTHS[size]
    keys = await keys_of_every_kind(server, admin)
    await page.set_viewport_size({"width": width, "height": height})
    await log_in(page, admin)
    await expect(page.locator("#keys-table tbody tr[data-key-id]")).to_have_count(3)
    await assert_no_sideways_scroll(page, f"keys at {width}")
    for key_id in (keys["long"], keys["rotating"], admin["api_key_id"]):
        row = key_row(page, key_id)
        for action in ("Rotate", "Edit", "Delete"):
            button = row.get_by_role("button", name=action)
            await assert_on_screen(page, button, f"{action} of {key_id} at {width}")
    # The long name wraps inside its cell: it is never cut off or pushed out.
    name = key_row(page, keys["long"]).locator(".name")
    await assert_on_screen(page, name, f"the long name at {width}")
    await shot(f"keys-{width}")
    for section, title in (("Members", "#members-title"), ("Audit trail", "#audit-title")):
        await page.get_by_role("link", name=section).click()
        await expect(page.locator(title)).to_be_visible()
        await expect(
            page.locator(f"#{section.split()[0].lower()}-table tbody tr").first
        ).to_be_visible()
        await assert_no_sideways_scroll(page, f"{section} at {width}")
        await shot(f"{section.split()[0].lower()}-{width}")


async def test_dialogs_and_toasts_stay_on_screen_at_390(page, server, admin, shot):
    keys = await keys_of_every_kind(server, admin)
    await page.set_viewport_size({"width": 390, "height": 844})
    await log_in(page, admin)
    await key_row(page, keys["long"]).get_by_role("button", name="Edit").click()
    editor = page.locator("#key-dialog")
    await expect(editor).to_be_visible()
    await assert_on_screen(page, editor, "the edit dialog at 390")
    await editor.get_by_label("Name").fill("Short name")
    save = editor.get_by_role("button", name="Save changes")
    await save.scroll_into_view_if_needed()
    await assert_on_screen(page, save, "Save at 390")
    await shot("edit-390")
    await save.click()  # a real tap target: Playwright refuses one covered or off screen
    await expect(editor).to_be_hidden()
    toast = page.locator("#toast")
    await expect(toast).to_have_text(
        "Saved Billing-reader-for-the-eu-west-production-ingestion-cluster-number-two."
    )
    await assert_on_screen(page, toast, "the toast at 390")
    await shot("toast-390")
    await assert_no_sideways_scroll(page, "after saving at 390")
    await key_row(page, keys["rotating"]).get_by_role("button", name="Rotate").click()
    await assert_on_screen(page, page.locator("#rotate-dialog"), "the rotate dialog at 390")
