"""Organization changes and member management land in the audit trail, like key changes."""

from __future__ import annotations

from models import AuditEvent, Member
from tests.factories import data, make_session, password_hash

EVENTS = (
    "{ auditEvents(first: 100) { edges { node { action apiKeyId memberId actorMemberId "
    "actorApiKeyId clientAddress before after } } } }"
)


async def _trail(client, token) -> list[dict]:
    edges = (await data(client, EVENTS, token))["auditEvents"]["edges"]
    return [edge["node"] for edge in reversed(edges)]


async def test_the_reveal_policy_and_the_name_are_audited_with_before_and_after(
    client, org, services
):
    admin = await make_session(services, await Member.get(id=org.admin_id))
    await data(
        client,
        'mutation { updateOrganization(input: {name: "Acme 2", revealPolicy: SHOW_ONCE}) { id } }',
        admin,
    )
    (event,) = [e for e in await _trail(client, org.key) if e["action"] == "organization_updated"]
    assert event["before"] == {"name": "Acme", "revealPolicy": "REVEALABLE"}
    assert event["after"] == {"name": "Acme 2", "revealPolicy": "SHOW_ONCE"}
    assert event["actorMemberId"] == org.admin_id and event["clientAddress"] == "203.0.113.7"


async def test_members_created_promoted_and_removed_are_audited_without_a_password(
    client, org, services
):
    admin = await make_session(services, await Member.get(id=org.admin_id))
    created = await data(
        client,
        'mutation { createMember(input: {email: "Pat@Example.test", name: "Pat", '
        'password: "a secret password"}) { id } }',
        admin,
    )
    member_id = created["createMember"]["id"]
    await data(
        client, f'mutation {{ updateMemberRole(id: "{member_id}", role: ADMIN) {{ id }} }}', admin
    )
    await data(client, f'mutation {{ removeMember(id: "{member_id}") {{ id }} }}', admin)
    trail = [e for e in await _trail(client, org.key) if e["action"].startswith("member_")]
    assert [(e["action"], e["before"], e["after"]) for e in trail] == [
        ("member_created", None, {"email": "pat@example.test", "name": "Pat", "role": "MEMBER"}),
        ("member_role_updated", {"role": "MEMBER"}, {"role": "ADMIN"}),
        ("member_removed", {"email": "pat@example.test", "name": "Pat", "role": "ADMIN"}, None),
    ]
    assert trail[0]["memberId"] == member_id and trail[1]["memberId"] == member_id
    assert all(e["actorMemberId"] == org.admin_id for e in trail)
    stored = str([row.before for row in await AuditEvent.all()]) + str(
        [row.after for row in await AuditEvent.all()]
    )
    assert "a secret password" not in stored and "argon2" not in stored
    assert password_hash() not in stored
