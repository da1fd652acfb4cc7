"""login: a session token that authenticates until it expires; failures that look alike.
(Its guess limits and audit rows: test_login_guards.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import Session
from tests.factories import PASSWORD, data, gql, login
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
