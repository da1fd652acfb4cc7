"""Migration 0011: a key rotated before the rotation policy existed counts its age from its
newest secret; one never rotated from its creation (rotated_at stays null)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.migrations.run import BACKENDS, upgraded


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_key_rotated_before_the_migration_counts_from_its_newest_secret(backend, tmp_path):
    seen = await upgraded("tests.migrations.upgrade_0011", backend, tmp_path)
    never = seen["55555555-5555-5555-5555-555555555555"]
    rotated = seen["66666666-6666-6666-6666-666666666666"]
    assert never is None
    assert datetime.fromisoformat(rotated) == datetime(2026, 3, 1, 12, tzinfo=UTC)
