"""logout: the caller's own session ends at once; with an API key it does nothing."""

from __future__ import annotations

from tests.factories import data, gql, login
from tests.resolvers.sessions.documents import VIEWER


async def test_logout_revokes_the_session_at_once(client, org):
    token = await login(client, org.admin_email)
    assert (await data(client, "mutation { logout }", token)) == {"logout": True}
    assert (await gql(client, VIEWER, token)).status_code == 401


async def test_logout_with_an_api_key_is_false_and_harmless(client, org):
    assert (await data(client, "mutation { logout }", org.key)) == {"logout": False}
    assert (await gql(client, VIEWER, org.key)).status_code == 200
