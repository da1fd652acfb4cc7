"""endRotationNow and previousSecretLastUsedAt: during a scheduled rotation's grace the key
shows when its previous secret was last used; once it is not, the grace ends early."""

from __future__ import annotations

from datetime import UTC, datetime

from jobs import maintenance
from models import AuditEvent, Notification
from tests.factories import data, error, gql
from tests.resolvers.api_keys.documents import ROTATE, create, works

END = "mutation($id: ID!) { endRotationNow(id: $id) { status rotationScheduledAt previousSecretLastUsedAt } }"
GET = "query($id: ID!) { apiKey(id: $id) { rotationScheduledAt previousSecretLastUsedAt } }"


async def _scheduled(client, org) -> tuple[str, str, str]:
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    rotated = await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_24_HOURS"})
    return key_id, created["secret"], rotated["rotateApiKey"]["secret"]


async def test_previous_secret_last_used_at_shows_the_old_secrets_use(client, org, services):
    key_id, old, new = await _scheduled(client, org)
    assert (await data(client, GET, org.key, id=key_id))["apiKey"][
        "previousSecretLastUsedAt"
    ] is None
    assert await works(client, new)
    await services.last_used.flush()
    assert (await data(client, GET, org.key, id=key_id))["apiKey"][
        "previousSecretLastUsedAt"
    ] is None, "the new secret is not the previous one"
    before = datetime.now(UTC)
    assert await works(client, old)
    await services.last_used.flush()
    seen = (await data(client, GET, org.key, id=key_id))["apiKey"]["previousSecretLastUsedAt"]
    assert seen is not None and datetime.fromisoformat(seen) >= before.replace(microsecond=0)


async def test_end_rotation_now_stops_the_previous_secret_at_once(client, org):
    key_id, old, new = await _scheduled(client, org)
    assert await works(client, old)
    ended = (await data(client, END, org.key, id=key_id))["endRotationNow"]
    assert ended == {
        "status": "ACTIVE",
        "rotationScheduledAt": None,
        "previousSecretLastUsedAt": None,
    }
    assert not await works(client, old) and await works(client, new)
    (row,) = await AuditEvent.filter(api_key_id=key_id, action="rotation_completed")
    assert set(row.after) == {"previousSecretEndedAt", "promisedUntil"}
    mail = await Notification.filter(api_key_id=key_id, kind="rotation_completed").first()
    assert mail is not None and "ended early" in mail.body
    assert f"stopped working at {row.after['previousSecretEndedAt']}" in mail.body


async def test_the_job_at_the_original_time_then_does_nothing(client, org):
    key_id, _, _ = await _scheduled(client, org)
    await data(client, END, org.key, id=key_id)
    assert await maintenance.complete_rotation(key_id) == []
    assert await AuditEvent.filter(api_key_id=key_id, action="rotation_completed").count() == 1


async def test_without_a_pending_rotation_it_is_a_conflict(client, org):
    created = await create(client, org.key)
    failure = await error(client, END, org.key, id=created["apiKey"]["id"])
    assert failure["extensions"]["code"] == "CONFLICT"


async def test_a_key_cannot_end_its_own_rotation(client, org):
    other = await create(client, org.key)
    rotated = await data(
        client, ROTATE, other["secret"], i={"id": org.key_id, "schedule": "IN_1_HOUR"}
    )
    new_admin_key = rotated["rotateApiKey"]["secret"]
    failure = await error(client, END, new_admin_key, id=org.key_id)
    assert failure["extensions"]["code"] == "CONFLICT" and "itself" in failure["message"]


async def test_another_organizations_key_is_not_found(client, org, other_org):
    key_id, _, _ = await _scheduled(client, org)
    response = await gql(client, END, other_org.key, id=key_id)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_session_ends_a_rotation_only_in_sudo_mode(client, org, services):
    """The previous secret dies at once, as with a rotation NOW: a session must have typed
    its password within 10 minutes."""
    from tests.factories import login
    from tests.resolvers.sessions.test_confirm_password import later

    key_id, old, _ = await _scheduled(client, org)
    admin = await login(client, org.admin_email)
    later(services, 11)
    refused = await error(client, END, admin, id=key_id)
    assert refused["extensions"]["code"] == "SUDO_REQUIRED"
    assert await works(client, old), "the previous secret still works"
