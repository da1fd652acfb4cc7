"""resetPassword: the mailed token sets the password once, within the hour, and ends every
session of the user in every organization."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import AuditEvent, MemberRole, PasswordReset, User
from tests.factories import PASSWORD, data, error, gql, login, make_member
from tests.resolvers.invitations.documents import NEW_PASSWORD, mailed_token

REQUEST = "mutation($e: String!) { requestPasswordReset(email: $e) }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }"
LOGIN_IN = (
    "mutation($e: String!, $p: String!, $o: ID) "
    "{ login(email: $e, password: $p, organizationId: $o) { token } }"
)
VIEWER = "{ viewer { fullAccess } }"


async def _token(client, settings, email: str) -> str:
    await data(client, REQUEST, None, e=email)
    return await mailed_token(settings, email, "reset")


async def test_a_reset_sets_the_password_and_ends_every_session(client, org, other_org, settings):
    user = await User.get(email=org.admin_email)
    await make_member(other_org.id, MemberRole.MEMBER, user=user)
    sessions = [
        (await data(client, LOGIN_IN, None, e=user.email, p=PASSWORD, o=o))["login"]["token"]
        for o in (org.id, org.id, other_org.id)
    ]
    token = await _token(client, settings, user.email)
    assert (await data(client, RESET, None, t=token, p=NEW_PASSWORD))["resetPassword"] is True
    for session in sessions:
        assert (await gql(client, VIEWER, session)).status_code == 401
    old = await gql(client, LOGIN_IN, None, e=user.email, p=PASSWORD, o=org.id)
    assert old.status_code == 401
    assert await data(client, LOGIN_IN, None, e=user.email, p=NEW_PASSWORD, o=other_org.id)
    audited = await AuditEvent.filter(action="password_reset")
    assert {str(a.organization_id) for a in audited} == {org.id, other_org.id}
    # The organization's API key is no session: it keeps working.
    assert (await gql(client, VIEWER, org.key)).status_code == 200


async def test_a_reset_token_works_once(client, org, settings):
    token = await _token(client, settings, org.admin_email)
    await data(client, RESET, None, t=token, p=NEW_PASSWORD)
    again = await error(client, RESET, None, t=token, p="yet another long one")
    assert again["extensions"]["code"] == "NOT_FOUND"
    assert await login(client, org.admin_email, NEW_PASSWORD)


async def test_a_used_reset_voids_the_users_other_tokens(client, org, settings):
    first = await _token(client, settings, org.admin_email)
    second = await _token(client, settings, org.admin_email)
    assert first != second
    await data(client, RESET, None, t=second, p=NEW_PASSWORD)
    failure = await error(client, RESET, None, t=first, p="yet another long one")
    assert failure["extensions"]["code"] == "NOT_FOUND"


async def test_an_expired_token_is_refused(client, org, settings):
    token = await _token(client, settings, org.admin_email)
    await PasswordReset.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    failure = await error(client, RESET, None, t=token, p=NEW_PASSWORD)
    assert failure["extensions"]["code"] == "NOT_FOUND"
    assert await login(client, org.admin_email, PASSWORD)


async def test_a_weak_password_is_refused_and_the_token_kept(client, org, settings):
    token = await _token(client, settings, org.admin_email)
    for weak in ("too short", "qwertyuiop123", "Password1234"):
        failure = await error(client, RESET, None, t=token, p=weak)
        assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "newPassword"}
    assert await data(client, RESET, None, t=token, p=NEW_PASSWORD)


async def test_other_tokens_are_not_found(client, org, keyring):
    invite = keyring.new_secret("invite").token
    for token in ("nonsense", invite, keyring.new_secret("reset").token, org.key):
        failure = await error(client, RESET, None, t=token, p=NEW_PASSWORD)
        assert failure["extensions"]["code"] == "NOT_FOUND"
