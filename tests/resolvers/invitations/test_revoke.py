"""revokeInvitation: a pending invitation stops working at once; only pending ones, only
in the caller's organization, only by an admin session."""

from __future__ import annotations

from models import AuditEvent
from tests.factories import PASSWORD, data, error, login
from tests.resolvers.invitations.documents import (
    ACCEPT,
    INVITE,
    NEW_PASSWORD,
    REVOKE,
    fresh_email,
    mailed_token,
)
from tests.resolvers.members.documents import non_admin_callers


async def test_a_revoked_invitation_cannot_be_accepted(client, org, settings):
    admin = await login(client, org.admin_email)
    email = fresh_email()
    invited = (await data(client, INVITE, admin, e=email, r="MEMBER"))["inviteMember"]
    token = await mailed_token(settings, email)
    revoked = (await data(client, REVOKE, admin, id=invited["id"]))["revokeInvitation"]
    assert revoked["status"] == "REVOKED" and revoked["revokedAt"]
    failure = await error(client, ACCEPT, None, t=token, p=NEW_PASSWORD)
    assert failure["extensions"]["code"] == "NOT_FOUND"
    again = await error(client, REVOKE, admin, id=invited["id"])
    assert again["extensions"]["code"] == "CONFLICT"
    (audit,) = await AuditEvent.filter(action="invitation_revoked")
    assert audit.before["email"] == email


async def test_an_accepted_invitation_cannot_be_revoked(client, org, settings):
    admin = await login(client, org.admin_email)
    email = fresh_email()
    invited = (await data(client, INVITE, admin, e=email, r="MEMBER"))["inviteMember"]
    await data(client, ACCEPT, None, t=await mailed_token(settings, email), p=NEW_PASSWORD)
    assert (await error(client, REVOKE, admin, id=invited["id"]))["extensions"][
        "code"
    ] == "CONFLICT"


async def test_another_organizations_invitation_is_not_found(client, org, other_org):
    theirs = await login(client, other_org.admin_email)
    invited = (await data(client, INVITE, theirs, e=fresh_email(), r="MEMBER"))["inviteMember"]
    admin = await login(client, org.admin_email)
    for ident in (invited["id"], "not-an-id"):
        assert (await error(client, REVOKE, admin, id=ident))["extensions"]["code"] == "NOT_FOUND"


async def test_only_an_admin_session_revokes(client, org):
    admin = await login(client, org.admin_email)
    invited = (await data(client, INVITE, admin, e=fresh_email(), r="MEMBER"))["inviteMember"]
    _, tokens = await non_admin_callers(client, org)
    for token in tokens:
        failure = await error(client, REVOKE, token, id=invited["id"])
        assert failure["extensions"]["code"] == "FORBIDDEN"


async def test_revoking_is_managing_members_and_needs_sudo_mode(client, org, services):
    from tests.resolvers.sessions.test_confirm_password import later

    admin = await login(client, org.admin_email)
    invited = (await data(client, INVITE, admin, e=fresh_email(), r="MEMBER"))["inviteMember"]
    later(services, 11)
    refused = await error(client, REVOKE, admin, id=invited["id"])
    assert refused["extensions"]["code"] == "SUDO_REQUIRED"
    # The password typed again, it goes through.
    await data(client, "mutation($p: String!) { confirmPassword(password: $p) }", admin, p=PASSWORD)
    revoked = (await data(client, REVOKE, admin, id=invited["id"]))["revokeInvitation"]
    assert revoked["status"] == "REVOKED"
