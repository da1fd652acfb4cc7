"""Run as a process by test_0012_usage_hour.py (migrating swaps Tortoise's global state): a
database at 0011 holding minute rows of two hours, migrated to the latest, then one more
flush into a migrated hour; the hour rows, as JSON.

argv: database URL."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime
from typing import Any

from tests.migrations.upgrade import settings_for, upgraded_from

ORG = "11111111-1111-1111-1111-111111111111"
KEY = "55555555-5555-5555-5555-555555555555"
MINUTES = (
    ("2026-03-01 10:00:00+00:00", "VALID", 2, '{"viewer": 2}'),
    ("2026-03-01 10:59:00+00:00", "VALID", 3, '{"viewer": 1, "me": 2}'),
    ("2026-03-01 10:59:00+00:00", "FORBIDDEN", 1, '{"members": 1}'),
    ("2026-03-01 11:30:00+00:00", "VALID", 4, '{"viewer": 4}'),
)


def _minute(at: str, outcome: str, count: int, operations: str) -> str:
    return (
        "INSERT INTO api_key_usage (api_key_id, organization_id, minute, outcome, count, "
        f"operations) VALUES ('{KEY}', '{ORG}', '{at}', '{outcome}', {count}, '{operations}')"
    )


async def main(url: str) -> list[Any]:
    minutes = [_minute(*row) for row in MINUTES]
    async with upgraded_from(settings_for(url), "0011_key_age", minutes):
        from models import ApiKeyUsageHour
        from models.usage import add_usage

        at = datetime(2026, 3, 1, 11, 45, tzinfo=UTC)
        await add_usage(KEY, ORG, at, "VALID", 5, {"viewer": 5})
        rows = ApiKeyUsageHour.filter(api_key_id=KEY).order_by("hour", "outcome")
        return [
            [hour.isoformat(), outcome, count, operations]
            for hour, outcome, count, operations in await rows.values_list(
                "hour", "outcome", "count", "operations"
            )
        ]


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
