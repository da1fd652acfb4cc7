"""Run as a process by test_0011_key_age.py (migrating swaps Tortoise's global state): a
database at 0010 holding a key never rotated and one rotated, migrated to the latest; each
key's rotated_at, as JSON.

argv: database URL."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from tests.migrations.upgrade import settings_for, upgraded_from

ORG = "11111111-1111-1111-1111-111111111111"
NEVER = "55555555-5555-5555-5555-555555555555"
ROTATED = "66666666-6666-6666-6666-666666666666"
KEY_COLUMNS = (
    "id, organization_id, created_at, full_access, permissions, allowed_ips, revealable, "
    "prefix, last_four, credits_generation"
)
SECRET_COLUMNS = "id, api_key_id, digest, prefix, last_four, created_at"


def _key(key_id: str) -> str:
    return (
        f"INSERT INTO api_key ({KEY_COLUMNS}) VALUES ('{key_id}', '{ORG}', "
        "'2026-01-01 00:00:00+00:00', TRUE, '[]', '[]', TRUE, 'lk_live_x', 'abcd', 0)"
    )


def _secret(n: int, key_id: str, at: str) -> str:
    return (
        f"INSERT INTO api_key_secret ({SECRET_COLUMNS}) VALUES "
        f"('7777777{n}-7777-7777-7777-777777777777', '{key_id}', 'digest{n}', 'lk_live_x', "
        f"'abcd', '{at}')"
    )


async def main(url: str) -> dict[str, Any]:
    rows = (
        f"INSERT INTO organization (id, name, reveal_policy, created_at, leak_response) "
        f"VALUES ('{ORG}', 'Acme', 'REVEALABLE', '2026-01-01 00:00:00+00:00', 'REVOKE')",
        _key(NEVER),
        _key(ROTATED),
        _secret(1, NEVER, "2026-01-01 00:00:00+00:00"),
        _secret(2, ROTATED, "2026-01-01 00:00:00+00:00"),
        _secret(3, ROTATED, "2026-03-01 12:00:00+00:00"),
    )
    async with upgraded_from(settings_for(url), "0010_webhooks", rows):
        from models import ApiKey

        keys = await ApiKey.filter(id__in=[NEVER, ROTATED]).order_by("id")
        return {str(k.id): None if k.rotated_at is None else k.rotated_at.isoformat() for k in keys}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
