"""Migration 0007: today's members become users with memberships, keeping every password,
and every live session its member, organization and role."""

from __future__ import annotations

import pytest

from tests.migrations.run import BACKENDS, upgraded


@pytest.mark.parametrize("backend", BACKENDS)
async def test_members_keep_their_password_and_sessions_across_the_migration(backend, tmp_path):
    seen = await upgraded("tests.migrations.upgrade_0007", backend, tmp_path)
    expected = {
        "organizationId": "11111111-1111-1111-1111-111111111111",
        "member": {
            "id": "22222222-2222-2222-2222-222222222222",
            "email": "pat@acme.test",
            "name": "Pat",
            "role": "ADMIN",
        },
        "memberships": [{"role": "ADMIN"}],
    }
    assert seen["old"] == {"data": {"viewer": expected}}, seen
    assert seen["login"]["data"]["login"]["token"].startswith("lk_session_"), seen
    assert seen["new"] == {"data": {"viewer": expected}}, seen
    assert seen["wrong"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # The trail still names who acted.
    assert seen["audit"] == ["22222222-2222-2222-2222-222222222222"]
