"""requestPasswordReset: the same answer for every address; a mail only to a user; its
own limits per address and per account."""

from __future__ import annotations

from models import AuditEvent, MemberRole, Notification, PasswordReset, User
from tests.factories import data, error, gql, make_member
from tests.resolvers.invitations.documents import fresh_email, mailed, mailed_token

REQUEST = "mutation($e: String!) { requestPasswordReset(email: $e) }"


async def test_a_user_and_an_unknown_address_get_the_same_answer(client, org, settings):
    known = await gql(client, REQUEST, None, e=org.admin_email.upper())
    unknown = await gql(client, REQUEST, None, e=fresh_email())
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert known.json() == {"data": {"requestPasswordReset": True}}
    # Only the user is mailed, with a one-hour reset token.
    assert await Notification.filter(kind="password_reset").count() == 1
    token = await mailed_token(settings, org.admin_email, "reset")
    body = await mailed(settings, org.admin_email)
    assert f"/console/#reset={token}" in body
    (reset,) = await PasswordReset.all()
    assert token not in reset.token_digest
    lifetime = (reset.expires_at - reset.created_at).total_seconds()
    assert 3500 < lifetime <= 3600
    (audit,) = await AuditEvent.filter(action="password_reset_requested")
    assert str(audit.member_id) == org.admin_id and str(audit.organization_id) == org.id


async def test_one_mail_for_a_user_of_two_organizations(client, org, other_org):
    user = await User.get(email=org.admin_email)
    await make_member(other_org.id, MemberRole.MEMBER, user=user)
    await data(client, REQUEST, None, e=org.admin_email)
    assert await Notification.filter(kind="password_reset").count() == 1
    audited = await AuditEvent.filter(action="password_reset_requested")
    assert {str(a.organization_id) for a in audited} == {org.id, other_org.id}


async def test_a_malformed_address_names_the_field(client, org):
    failure = await error(client, REQUEST, None, e="no address\x00")
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_requests_are_limited_per_account_known_or_not(client, org):
    for email in (org.admin_email, fresh_email()):
        answers = [await gql(client, REQUEST, None, e=email) for _ in range(11)]
        assert [a.status_code for a in answers[:10]] == [200] * 10
        assert answers[10].status_code == 429
        assert answers[10].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert int(answers[10].headers["retry-after"]) >= 1
    # Its own counter: the person can still log in.
    from tests.factories import login

    assert await login(client, org.admin_email)
