"""The rotation policy (issue 20) in the keys table: a key due within 7 days is marked."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import key_row, log_in, post, session_token

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

POLICY = "mutation($d: Int) { updateOrganization(input: {maxKeyAgeDays: $d}) { maxKeyAgeDays } }"


async def test_a_key_due_for_rotation_gets_a_badge(page, server, admin):
    await log_in(page, admin)
    row = key_row(page, admin["api_key_id"])
    await expect(row.locator(".status-rotation-due")).to_have_count(0)  # no policy

    changed = await post(server, await session_token(page), POLICY, d=1)
    assert changed.json()["data"] == {"updateOrganization": {"maxKeyAgeDays": 1}}
    await page.reload()
    badge = key_row(page, admin["api_key_id"]).locator(".status-rotation-due")
    await expect(badge).to_contain_text("Rotation due soon")
