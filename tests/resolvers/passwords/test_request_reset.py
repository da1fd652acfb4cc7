"""requestPasswordReset: the same answer for every address; a mail only to a user; its
own limits per address and per account."""

from __future__ import annotations

import pytest

from models import AuditEvent, MemberRole, Notification, PasswordReset, User
from tests.factories import PASSWORD, data, error, gql, make_member
from tests.limits import THROTTLES, app_client, assert_rate_limited, limited_settings, post_from
from tests.resolvers.invitations.documents import fresh_email, mailed, mailed_token

REQUEST = "mutation($e: String!) { requestPasswordReset(email: $e) }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"


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
    (row,) = await Notification.filter(kind="password_reset")
    assert token not in row.body
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


@pytest.mark.parametrize("throttle", THROTTLES)
@pytest.mark.parametrize("email", ["known", "nobody@example.test"])
async def test_requests_are_limited_per_account_known_or_not(org, settings, throttle, email):
    email = org.admin_email if email == "known" else email
    async with (
        limited_settings(settings, throttle, login_attempts_per_account=3) as limited,
        app_client(limited) as client,
    ):
        answers = [await post_from(client, f"198.51.100.{n}", REQUEST, e=email) for n in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert_rate_limited(answers[3])
        # Counters of their own: the person still logs in.
        login = await post_from(client, "198.51.100.99", LOGIN, e=org.admin_email, p=PASSWORD)
        assert login.status_code == 200 and "errors" not in login.json()


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_requests_are_limited_per_client_address(org, settings, throttle):
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=3) as limited,
        app_client(limited) as client,
    ):
        answers = [
            await post_from(client, "198.51.100.7", REQUEST, e=fresh_email()) for _ in range(4)
        ]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert_rate_limited(answers[3])
