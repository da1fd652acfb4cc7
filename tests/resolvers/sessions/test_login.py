"""login: a session token that authenticates until it expires; failures that look alike.
(Its guess limits and audit rows: test_login_guards.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import MemberRole, Session, User
from tests.factories import PASSWORD, data, error, gql, login, make_member
from tests.resolvers.sessions.documents import VIEWER

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt member { email role } } }"


async def test_login_gives_a_session_token_that_authenticates(client, org):
    session = (await data(client, LOGIN, None, e=org.admin_email, p=PASSWORD))["login"]
    assert session["token"].startswith("lk_session_")
    assert session["member"] == {"email": org.admin_email, "role": "ADMIN"}
    expires = datetime.fromisoformat(session["expiresAt"]) - datetime.now(UTC)
    assert timedelta(hours=11) < expires <= timedelta(hours=12)
    viewer = (await data(client, VIEWER, session["token"]))["viewer"]
    assert viewer == {"member": {"email": org.admin_email}, "apiKey": None}


async def test_unknown_email_and_wrong_password_fail_alike(client, org):
    unknown = await gql(client, LOGIN, None, e="nobody@example.test", p=PASSWORD)
    wrong = await gql(client, LOGIN, None, e=org.admin_email, p=PASSWORD + "!")
    for response in (unknown, wrong):
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
        assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert unknown.json()["errors"][0]["message"] == wrong.json()["errors"][0]["message"]


async def test_an_expired_session_is_refused(client, org):
    token = await login(client, org.admin_email)
    await Session.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert (await gql(client, VIEWER, token)).status_code == 401


async def test_only_login_works_without_a_token(client, org):
    assert (await gql(client, VIEWER, None)).status_code == 401
    mixed = 'mutation { login(email: "x@y.z", password: "p") { token } logout }'
    assert (await gql(client, mixed, None)).status_code == 401


LOGIN_IN = (
    "mutation($e: String!, $p: String!, $o: ID) "
    "{ login(email: $e, password: $p, organizationId: $o) { token member { email role } } }"
)


async def test_a_member_of_several_organizations_names_one(client, org, other_org):
    user = await User.get(email=org.admin_email)
    await make_member(other_org.id, MemberRole.MEMBER, user=user)
    unnamed = await gql(client, LOGIN_IN, None, e=org.admin_email, p=PASSWORD)
    failure = unnamed.json()["errors"][0]
    assert failure["extensions"]["code"] == "ORGANIZATION_REQUIRED"
    assert sorted((o["id"], o["name"]) for o in failure["extensions"]["organizations"]) == sorted(
        [(org.id, "Acme"), (other_org.id, "Other")]
    )
    named = await data(client, LOGIN_IN, None, e=org.admin_email, p=PASSWORD, o=other_org.id)
    assert named["login"]["member"] == {"email": org.admin_email, "role": "MEMBER"}
    viewer = await data(client, "{ viewer { organizationId } }", named["login"]["token"])
    assert viewer["viewer"]["organizationId"] == other_org.id


async def test_the_list_of_organizations_needs_the_right_password(client, org, other_org):
    user = await User.get(email=org.admin_email)
    await make_member(other_org.id, MemberRole.MEMBER, user=user)
    wrong = await gql(client, LOGIN_IN, None, e=org.admin_email, p=PASSWORD + "!")
    assert wrong.status_code == 401
    assert wrong.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_naming_an_organization_one_is_not_in_is_not_found(client, org, other_org):
    for target in (other_org.id, "not-an-id"):
        failure = await error(client, LOGIN_IN, None, e=org.admin_email, p=PASSWORD, o=target)
        assert failure["extensions"]["code"] == "NOT_FOUND"
    named = await data(client, LOGIN_IN, None, e=org.admin_email, p=PASSWORD, o=org.id)
    assert named["login"]["member"]["role"] == "ADMIN"


async def test_a_user_with_no_membership_left_cannot_log_in(client, org):
    member = await make_member(org.id)
    await member.delete()
    response = await gql(client, LOGIN, None, e=member.email, p=PASSWORD)
    assert response.status_code == 401


async def test_a_hash_made_with_old_parameters_is_redone_at_login(client, org):
    from argon2 import PasswordHasher

    from auth.passwords import needs_rehash

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    await User.filter(email=org.admin_email).update(password_hash=old)
    await login(client, org.admin_email)
    stored = (await User.get(email=org.admin_email)).password_hash
    assert stored != old and not needs_rehash(stored)
    assert await login(client, org.admin_email)  # the new hash verifies the same password
