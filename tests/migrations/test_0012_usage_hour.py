"""Migration 0012: the minute rows written before it are summed into hour rows (counts and
operations), in the form a flush then adds to: no history lost, one row per hour."""

from __future__ import annotations

import pytest

from tests.migrations.run import BACKENDS, upgraded


@pytest.mark.parametrize("backend", BACKENDS)
async def test_minute_rows_are_rolled_up_into_hours_a_flush_adds_to(backend, tmp_path):
    hours = await upgraded("tests.migrations.upgrade_0012", backend, tmp_path)
    assert hours == [
        ["2026-03-01T10:00:00+00:00", "FORBIDDEN", 1, {"members": 1}],
        ["2026-03-01T10:00:00+00:00", "VALID", 5, {"viewer": 3, "me": 2}],
        ["2026-03-01T11:00:00+00:00", "VALID", 9, {"viewer": 9}],
    ]
