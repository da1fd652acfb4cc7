"""axe-core (npm, pinned by tests/console/axe/package-lock.json) on every console page and
dialog, at a desktop and a phone width: no WCAG 2.0/2.1/2.2 A or AA violation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import billing_reader, key_row, log_in

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
    pytest.mark.skipif(not AXE.exists(), reason=f"{AXE} is missing: run `make axe` (npm ci)"),
]


async def violations(page: Page, where: str) -> list[str]:
    """axe's violations of the page as it is now, one line each."""
    if not await page.evaluate("typeof window.axe === 'object'"):
        await page.evaluate(AXE.read_text())
    options = json.dumps(
        {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    found = await page.evaluate(f"axe.run(document, {options})")
    assert len(found["passes"]) >= 10, f"{where}: axe checked almost nothing"
    assert found["testEngine"]["name"] == "axe-core"
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in found["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
async def test_every_page_and_dialog_has_no_wcag_violation(page, server, admin, width):
    await page.set_viewport_size({"width": width, "height": 900})
    key = await billing_reader(server, admin)
    found: list[str] = []
    await page.goto("/console/")
    await expect(page.locator("#login-form")).to_be_visible()
    found += await violations(page, "log in")
    await log_in(page, admin)
    found += await violations(page, "keys")
    row = key_row(page, key["id"])

    await page.get_by_role("button", name="Create key").click()
    found += await violations(page, "create dialog")
    await page.keyboard.type("Half made")
    await page.keyboard.press("Escape")
    await expect(page.locator("#discard-dialog")).to_be_visible()
    found += await violations(page, "discard question")
    await page.get_by_role("button", name="Discard").click()

    await row.get_by_role("button", name="Rotate").click()
    await page.locator("#rotate-dialog").get_by_label("Now", exact=True).check()
    found += await violations(page, "rotate dialog")
    await page.keyboard.press("Escape")

    await row.get_by_role("button", name="Reveal secret of Billing reader").click()
    await expect(page.locator("#secret-dialog")).to_be_visible()
    found += await violations(page, "secret dialog")
    await page.keyboard.press("Escape")

    await row.get_by_role("button", name="Delete").click()
    found += await violations(page, "confirm dialog")
    await page.keyboard.press("Escape")

    await page.get_by_role("link", name="Members").click()
    await expect(page.locator("#members-table tbody tr").first).to_be_visible()
    found += await violations(page, "members")
    await page.get_by_role("button", name="Add member").click()
    found += await violations(page, "member dialog")
    await page.keyboard.press("Escape")

    await page.get_by_role("link", name="Audit trail").click()
    await expect(page.locator("#audit-table tbody tr").first).to_be_visible()
    found += await violations(page, "audit trail")
    assert found == []


async def test_the_password_question_has_no_wcag_violation(page, server, admin, environment):
    from tests.console.test_sudo import eleven_minutes_pass

    key = await billing_reader(server, admin)
    await log_in(page, admin)
    eleven_minutes_pass(environment, admin["email"])
    await (
        key_row(page, key["id"])
        .get_by_role("button", name="Reveal secret of Billing reader")
        .click()
    )
    await expect(page.locator("#sudo-dialog")).to_be_visible()
    await page.keyboard.type("wrong")
    await page.keyboard.press("Enter")
    await expect(page.locator("#sudo-error")).to_have_text("Wrong password.")
    assert await violations(page, "sudo dialog") == []
