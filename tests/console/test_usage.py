"""A key's detail view in the console: its requests charted by outcome (an SVG the page
draws), its rate limit and credits edited, its recent requests; in real headless Chromium."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import expect

from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.console.test_console import CREATE, call, key_row, log_in, post
from tests.waits import wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

VIEWER = "{ viewer { fullAccess } }"
USAGE = (
    "query($id: ID!, $f: DateTime!, $t: DateTime!) { apiKey(id: $id) { "
    "rateLimit { requests perSeconds } credits { remaining refill { amount interval } } "
    "usage(from: $f, to: $t, granularity: HOUR) { outcome count } } }"
)


async def _usage(server: str, token: str, key_id: str) -> dict:
    now = datetime.now(UTC)
    window = {
        "f": (now - timedelta(days=1)).isoformat(),
        "t": (now + timedelta(hours=1)).isoformat(),
    }
    return (await call(server, token, USAGE, id=key_id, **window))["apiKey"]


async def test_a_keys_usage_chart_limits_and_recent_requests(page, server, admin, shot):
    made = await call(
        server,
        admin["api_key"],
        CREATE,
        i={"name": "Metered", "rateLimit": {"requests": 3, "perSeconds": 3600}},
    )
    key_id, secret = made["createApiKey"]["apiKey"]["id"], made["createApiKey"]["secret"]
    statuses = [(await post(server, secret, VIEWER)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]

    async def counted() -> bool:
        return (
            sum(b["count"] for b in (await _usage(server, admin["api_key"], key_id))["usage"]) == 5
        )

    await wait_until(counted, timeout=30, what="the served process to write the key's activity")

    await log_in(page, admin)
    await key_row(page, key_id).get_by_role("button", name="Usage of Metered").click()
    dialog = page.locator("#usage-dialog")
    await expect(dialog.locator("#usage-title")).to_have_text("Usage of Metered")
    charts = dialog.locator("svg.usage-chart")
    await expect(charts).to_have_count(2)
    for chart in (charts.nth(0), charts.nth(1)):
        drawn = await chart.locator("rect[data-outcome]").evaluate_all(
            "rects => rects.reduce((t, r) => ({...t, [r.dataset.outcome]: "
            "(t[r.dataset.outcome] || 0) + Number(r.dataset.count)}), {})"
        )
        assert drawn == {"VALID": 3, "RATE_LIMITED": 2}
    await expect(charts.nth(0).locator("g.bar")).to_have_count(24)
    await expect(charts.nth(1).locator("g.bar")).to_have_count(30)
    rows = dialog.locator(".recent-requests tbody tr")
    await expect(rows).to_have_count(5)
    await expect(rows.first).to_contain_text("Rate limited")
    await expect(rows.first).to_contain_text("viewer")
    await shot("usage")

    await dialog.get_by_label("Requests", exact=True).fill("10")
    await dialog.get_by_label("Remaining", exact=True).fill("500")
    await dialog.get_by_label("Refill amount", exact=True).fill("1000")
    await dialog.locator("#usage-interval").select_option("MONTHLY")
    await dialog.get_by_role("button", name="Save limits").click()
    await expect(page.locator("#toast")).to_have_text("Limits saved.")
    shown = await _usage(server, admin["api_key"], key_id)
    assert shown["rateLimit"] == {"requests": 10, "perSeconds": 3600}
    assert shown["credits"] == {"remaining": 500, "refill": {"amount": 1000, "interval": "MONTHLY"}}
    await expect(dialog.get_by_label("Remaining", exact=True)).to_have_value("500")
    await shot("limits-saved")
