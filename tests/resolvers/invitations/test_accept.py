"""acceptInvitation: a new address becomes a user and a member; an existing user proves it
with their own password; an invitation works once, and never after expiry or revocation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models import AuditEvent, Invitation, Member, User
from tests.factories import PASSWORD, data, error, gql, login
from tests.resolvers.invitations.documents import (
    ACCEPT,
    INVITE,
    MEMBERSHIPS,
    NEW_PASSWORD,
    fresh_email,
    mailed_token,
)

SWITCH = (
    "mutation($o: ID!) { switchOrganization(organizationId: $o) { token member { email role } } }"
)


async def _invite(client, org, settings, email: str, role: str = "MEMBER") -> str:
    admin = await login(client, org.admin_email)
    await data(client, INVITE, admin, e=email, r=role)
    return await mailed_token(settings, email)


async def test_a_new_address_accepts_and_gets_a_session(client, org, settings):
    email = fresh_email()
    token = await _invite(client, org, settings, email, "ADMIN")
    accepted = (await data(client, ACCEPT, None, t=token, p=NEW_PASSWORD, n="Pat"))[
        "acceptInvitation"
    ]
    assert accepted["member"]["email"] == email
    assert (accepted["member"]["name"], accepted["member"]["role"]) == ("Pat", "ADMIN")
    viewer = (await data(client, MEMBERSHIPS, accepted["token"]))["viewer"]
    assert viewer["organizationId"] == org.id
    assert await login(client, email, NEW_PASSWORD)
    (audit,) = await AuditEvent.filter(action="invitation_accepted")
    assert str(audit.member_id) == accepted["member"]["id"] and str(audit.organization_id) == org.id
    invitations = await data(
        client, "{ invitations { edges { node { status } } } }", accepted["token"]
    )
    assert [e["node"]["status"] for e in invitations["invitations"]["edges"]] == ["ACCEPTED"]


async def test_an_invitation_cannot_be_used_twice(client, org, settings):
    token = await _invite(client, org, settings, fresh_email())
    await data(client, ACCEPT, None, t=token, p=NEW_PASSWORD)
    again = await error(client, ACCEPT, None, t=token, p=NEW_PASSWORD)
    assert again["extensions"]["code"] == "NOT_FOUND"
    assert await Member.filter(organization_id=org.id).count() == 2


async def test_two_concurrent_acceptances_make_one_member(client, org, settings):
    email = fresh_email()
    token = await _invite(client, org, settings, email)
    answers = await asyncio.gather(
        *(gql(client, ACCEPT, None, t=token, p=NEW_PASSWORD) for _ in range(4))
    )
    codes = sorted(
        (a.json().get("errors") or [{"extensions": {"code": "ok"}}])[0]["extensions"]["code"]
        for a in answers
    )
    assert codes.count("ok") == 1, codes
    assert await Member.filter(email=email).count() == 1
    assert await User.filter(email=email).count() == 1


async def test_an_expired_invitation_is_refused(client, org, settings):
    token = await _invite(client, org, settings, fresh_email())
    await Invitation.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    failure = await error(client, ACCEPT, None, t=token, p=NEW_PASSWORD)
    assert failure["extensions"]["code"] == "NOT_FOUND"
    assert await Member.filter(organization_id=org.id).count() == 1


async def test_a_malformed_or_unknown_token_is_not_found(client, org, keyring):
    for token in ("nonsense", "lk_invite_" + "A" * 49, keyring.new_secret("invite").token):
        failure = await error(client, ACCEPT, None, t=token, p=NEW_PASSWORD)
        assert failure["extensions"]["code"] == "NOT_FOUND"


async def test_a_weak_password_is_refused_and_the_invitation_stays(client, org, settings):
    token = await _invite(client, org, settings, fresh_email())
    for weak in ("short", "password1234"):
        failure = await error(client, ACCEPT, None, t=token, p=weak)
        assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    assert (await data(client, ACCEPT, None, t=token, p=NEW_PASSWORD))["acceptInvitation"]


async def test_an_existing_user_accepts_with_their_own_password(client, org, other_org, settings):
    token = await _invite(client, org, settings, other_org.admin_email)
    wrong = await gql(client, ACCEPT, None, t=token, p=NEW_PASSWORD)
    assert wrong.status_code == 401
    assert wrong.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    accepted = (await data(client, ACCEPT, None, t=token, p=PASSWORD))["acceptInvitation"]
    assert accepted["member"]["role"] == "MEMBER"
    # One user, one password, two memberships.
    assert await User.filter(email=other_org.admin_email).count() == 1
    assert await Member.filter(email=other_org.admin_email).count() == 2


async def test_a_person_invited_to_two_organizations_accepts_both_and_switches(
    client, org, other_org, settings
):
    email = fresh_email()
    first = await _invite(client, org, settings, email, "ADMIN")
    session = (await data(client, ACCEPT, None, t=first, p=NEW_PASSWORD, n="Pat"))[
        "acceptInvitation"
    ]["token"]
    second = await _invite(client, other_org, settings, email, "ADMIN")
    (await data(client, ACCEPT, None, t=second, p=NEW_PASSWORD))["acceptInvitation"]

    viewer = (await data(client, MEMBERSHIPS, session))["viewer"]
    assert viewer["organizationId"] == org.id
    memberships = {m["organizationName"]: m for m in viewer["memberships"]}
    assert sorted(memberships) == ["Acme", "Other"]
    assert (memberships["Acme"]["role"], memberships["Acme"]["current"]) == ("ADMIN", True)
    assert (memberships["Other"]["role"], memberships["Other"]["current"]) == ("ADMIN", False)

    switched = (await data(client, SWITCH, session, o=other_org.id))["switchOrganization"]
    assert switched["member"] == {"email": email, "role": "ADMIN"}
    there = (await data(client, MEMBERSHIPS, switched["token"]))["viewer"]
    assert there["organizationId"] == other_org.id
    # The new session sees the other organization's members, not Acme's.
    members = await data(client, "{ members { edges { node { email } } } }", switched["token"])
    emails = {e["node"]["email"] for e in members["members"]["edges"]}
    assert emails == {email, other_org.admin_email}
    # And login must now name the organization.
    both = await error(
        client,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
        None,
        e=email,
        p=NEW_PASSWORD,
    )
    assert both["extensions"]["code"] == "ORGANIZATION_REQUIRED"
    assert {o["id"] for o in both["extensions"]["organizations"]} == {org.id, other_org.id}
