"""revealApiKey: the current secret, to an admin session only, while the policy allows."""

from __future__ import annotations

from models import ApiKeySecret
from tests.factories import data, error, login, make_member
from tests.resolvers.api_keys.documents import DESTROY, REVEAL, SHOW_ONCE, create


async def test_reveal_returns_the_current_secret_to_an_admin_session_only(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    admin = await login(client, org.admin_email)
    assert (await data(client, REVEAL, admin, id=key_id))["revealApiKey"]["secret"] == created[
        "secret"
    ]
    member = await make_member(org.id)
    for token in (org.key, await login(client, member.email)):
        refused = await error(client, REVEAL, token, id=key_id)
        assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_reveal_is_a_conflict_once_show_once_or_revoked(client, org):
    created = await create(client, org.key)
    doomed = await create(client, org.key)
    admin = await login(client, org.admin_email)
    await data(client, DESTROY, admin, id=doomed["apiKey"]["id"])
    assert (await error(client, REVEAL, admin, id=doomed["apiKey"]["id"]))["extensions"][
        "code"
    ] == "CONFLICT"
    await data(client, SHOW_ONCE, admin)
    assert await ApiKeySecret.filter(sealed__isnull=False).count() == 0
    assert (await error(client, REVEAL, admin, id=created["apiKey"]["id"]))["extensions"][
        "code"
    ] == "CONFLICT"
    later = await create(client, org.key)
    assert later["apiKey"]["revealable"] is False
