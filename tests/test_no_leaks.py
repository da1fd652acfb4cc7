"""The whole lifecycle at DEBUG: no secret, password or session token in any log line,
audit row, e-mail or error message."""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest

from jobs.inline import InlineRunner
from models import AuditEvent, Notification
from server import create_app
from telemetry import logs
from tests.factories import PASSWORD, data, gql, login
from web.observe import access_log

CREATE = (
    'mutation { createApiKey(input: {name: "n", permissions: [{object: CUSTOMER, access: READ}]})'
    " { apiKey { id } secret } }"
)
ROTATE = (
    "mutation($id: ID!, $s: RotationSchedule!)"
    " { rotateApiKey(input: {id: $id, schedule: $s}) { secret } }"
)
REVEAL = "mutation($id: ID!) { revealApiKey(id: $id) { secret } }"
UPDATE = (
    'mutation($id: ID!) { updateApiKey(input: {id: $id, name: "m", allowedIps: ["10.0.0.0/8"]})'
    " { id } }"
)
PERMISSIONS = "mutation($id: ID!) { updatePermissions(input: {id: $id, permissions: []}) { id } }"
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { id } }"


@pytest.fixture
def app(settings):
    """The app with LOG_FORMAT=json: every request's line and every log line as JSON."""
    return create_app(dataclasses.replace(settings, log_format="json"), manage_database=False)


class _JsonLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logs.JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def json_lines():
    """What LOG_FORMAT=json writes: the root logger's lines and the access lines."""
    lines = _JsonLines()
    logging.getLogger().addHandler(lines)
    access_log.addHandler(lines)
    yield lines.lines
    access_log.removeHandler(lines)
    logging.getLogger().removeHandler(lines)


async def test_no_secret_reaches_logs_audit_mail_or_errors(
    client, org, settings, services, tmp_path, caplog, json_lines
):
    caplog.set_level(logging.DEBUG)
    runner = InlineRunner(dataclasses.replace(settings, mail_dir=tmp_path), retry_intervals=[0])
    services.dispatcher = runner
    secrets = [org.key, PASSWORD]
    seen: list[str] = []
    try:
        session = await login(client, org.admin_email)
        secrets.append(session)
        created = (await data(client, CREATE, session))["createApiKey"]
        key_id = created["apiKey"]["id"]
        secrets.append(created["secret"])
        secrets.append((await data(client, REVEAL, session, id=key_id))["revealApiKey"]["secret"])
        for schedule in ("IN_1_HOUR", "NOW"):
            rotated = await data(client, ROTATE, session, id=key_id, s=schedule)
            secrets.append(rotated["rotateApiKey"]["secret"])
        await data(client, UPDATE, org.key, id=key_id)
        await data(client, PERMISSIONS, org.key, id=key_id)
        for bad in (created["secret"], created["secret"][:-1] + "x", session + "x"):
            seen.append((await gql(client, "{ viewer { fullAccess } }", bad)).text)
        seen.append((await gql(client, REVEAL, secrets[-1], id=key_id)).text)  # FORBIDDEN
        wrong = 'mutation { login(email: "%s", password: "%s") { token } }'
        seen.append((await gql(client, wrong % (org.admin_email, PASSWORD + "x"), None)).text)
        await data(client, DESTROY, session, id=key_id)
        await runner.drain()
    finally:
        await runner.close()

    seen += [r.getMessage() for r in caplog.records]
    assert any('"request_id"' in line and '"status":401' in line for line in json_lines)
    assert all(json.loads(line) for line in json_lines), "each line is one JSON object"
    seen += json_lines
    seen += [caplog.text]
    seen += [
        json.dumps([e.before, e.after, e.action, e.client_address]) for e in await AuditEvent.all()
    ]
    seen += [n.subject + n.body for n in await Notification.all()]
    seen += [p.read_text() for p in tmp_path.glob("*.eml")]
    assert len(list(tmp_path.glob("*.eml"))) >= 4, "the e-mails were written"
    assert any("SELECT" in line for line in seen), "DEBUG logging was on"
    for secret in secrets:
        leaks = [line[:200] for line in seen if secret in line]
        assert leaks == [], f"a secret leaked: {leaks}"
    assert not any(PASSWORD + "x" in line for line in seen)


@pytest.mark.parametrize("token_kind", ["api key", "session"])
async def test_error_messages_never_echo_the_presented_token(client, org, token_kind):
    token = org.key if token_kind == "api key" else await login(client, org.admin_email)
    tampered = token[:-3] + "abc"
    response = await gql(client, "{ viewer { fullAccess } }", tampered)
    assert response.status_code == 401 and tampered not in response.text
    assert token[8:30] not in response.text
