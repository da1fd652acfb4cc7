"""inviteMember: an admin session invites an address; the e-mail carries a one-time token;
an address registered in another organization answers exactly as a new one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import AuditEvent, Invitation, Notification
from tests.factories import data, error, login
from tests.resolvers.invitations.documents import INVITE, fresh_email, mailed, mailed_token
from tests.resolvers.members.documents import non_admin_callers


async def test_an_admin_session_invites_and_the_token_is_mailed_once(client, org, settings):
    admin = await login(client, org.admin_email)
    email = fresh_email()
    invited = (await data(client, INVITE, admin, e=email.upper(), r="ADMIN"))["inviteMember"]
    assert (invited["email"], invited["role"], invited["status"]) == (email, "ADMIN", "PENDING")
    assert invited["acceptedAt"] is None and invited["revokedAt"] is None
    lifetime = datetime.fromisoformat(invited["expiresAt"]) - datetime.now(UTC)
    assert timedelta(days=6, hours=23) < lifetime <= timedelta(days=7)
    token = await mailed_token(settings, email)
    assert token.startswith("lk_invite_")
    body = await mailed(settings, email)
    assert "Acme" in body and f"/console/#accept={token}" in body
    # Once sent, the outbox row keeps the message without the token.
    (row,) = await Notification.filter(recipient=email)
    assert token not in row.body and "[token sent by e-mail]" in row.body
    stored = await Invitation.get(id=invited["id"])
    assert token not in str(stored.token_digest) and len(stored.token_digest) == 64
    (audit,) = await AuditEvent.filter(action="invitation_sent")
    assert audit.after["email"] == email and token not in str(audit.after)
    assert str(audit.actor_member_id) == org.admin_id


async def test_another_organizations_user_is_invited_exactly_as_a_new_address(
    client, org, other_org, settings
):
    admin = await login(client, org.admin_email)
    new = (await data(client, INVITE, admin, e=fresh_email(), r="MEMBER"))["inviteMember"]
    taken = (await data(client, INVITE, admin, e=other_org.admin_email, r="MEMBER"))["inviteMember"]
    assert taken.keys() == new.keys()
    assert {
        k: v for k, v in taken.items() if k not in ("id", "email", "createdAt", "expiresAt")
    } == {k: v for k, v in new.items() if k not in ("id", "email", "createdAt", "expiresAt")}
    # The e-mail is the same too: it says nothing of an existing account.
    body = await mailed(settings, other_org.admin_email)
    assert "account" not in body.lower() and "Other" not in body


async def test_a_member_of_this_organization_is_a_conflict(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, INVITE, admin, e=org.admin_email, r="MEMBER")
    assert failure["extensions"]["code"] == "CONFLICT"
    assert await Notification.filter(recipient=org.admin_email, kind="invitation").count() == 0


async def test_a_bad_address_names_the_field(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, INVITE, admin, e="not an address", r="MEMBER")
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_only_an_admin_session_invites(client, org):
    _, tokens = await non_admin_callers(client, org)
    for token in tokens:
        failure = await error(client, INVITE, token, e=fresh_email(), r="MEMBER")
        assert failure["extensions"]["code"] == "FORBIDDEN"
    assert await Invitation.all().count() == 0
