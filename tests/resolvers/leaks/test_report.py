"""Leak reports: a live key's reported token stops working at once (REVOKED, or DISABLED
by the organization's choice), the admins are e-mailed where it was found, a `leaked`
audit row is written; nothing else changes, and nothing tells the reporter which."""

from __future__ import annotations

from typing import Any

from auth.tokens import generate_token
from models import ApiKey, ApiKeySecret, AuditEvent, MemberRole, Notification
from tests.factories import data, login, make_member
from tests.resolvers.api_keys.documents import ROTATE, create, works

GET = "query($id: ID!) { apiKey(id: $id) { status } }"
SET = "mutation($r: LeakResponse!) { setLeakResponse(response: $r) { leakResponse } }"
URL = "https://gist.example.test/acme/1234"


async def _post(client, reports: list[dict[str, Any]]) -> Any:
    response = await client.post("/leaks", json=reports)
    assert response.status_code == 202, response.text
    return response.json()


async def test_a_reported_token_stops_working_at_once(client, org):
    created = await create(client, org.key, name="ci")
    key_id, secret = created["apiKey"]["id"], created["secret"]
    assert await works(client, secret)  # in the credential cache now
    await _post(client, [{"token": secret, "url": URL, "source": "github"}])
    assert not await works(client, secret)
    assert (await data(client, GET, org.key, id=key_id))["apiKey"]["status"] == "REVOKED"
    assert await ApiKeySecret.filter(api_key_id=key_id).count() == 0


async def test_every_admin_is_e_mailed_where_it_was_found(client, org):
    second = await make_member(org.id, MemberRole.ADMIN)
    created = await create(client, org.key, name="ci")
    await _post(client, [{"token": created["secret"], "url": URL, "source": "github"}])
    mails = await Notification.filter(api_key_id=created["apiKey"]["id"], kind="key_leaked")
    assert sorted(m.recipient for m in mails) == sorted([org.admin_email, second.email])
    body = mails[0].body
    assert f"Found in public at: {URL}" in body and "Reported by: github" in body
    assert "By: a leak report (github)" in body and "revoked" in body
    assert created["secret"] not in body


async def test_the_audit_row_names_where_and_never_holds_the_token(client, org):
    created = await create(client, org.key)
    secret = created["secret"]
    url = f"https://paste.example.test/raw?text={secret}"
    await _post(client, [{"token": secret, "url": url, "source": "scanner\nBy: forged"}])
    (row,) = await AuditEvent.filter(api_key_id=created["apiKey"]["id"], action="leaked")
    assert row.after == {
        "url": "https://paste.example.test/raw?text=[token]",
        "source": "scanner By: forged",
        "response": "revoked",
    }
    assert row.client_address == "203.0.113.7"
    mail = await Notification.filter(kind="key_leaked").first()
    assert mail is not None and secret not in mail.body and "\nBy: forged" not in mail.body


async def test_the_organization_may_choose_to_disable_instead(client, org):
    admin = await login(client, org.admin_email)
    assert (await data(client, SET, admin, r="DISABLE"))["setLeakResponse"] == {
        "leakResponse": "DISABLE"
    }
    created = await create(client, org.key)
    key_id, secret = created["apiKey"]["id"], created["secret"]
    await _post(client, [{"token": secret}])
    assert not await works(client, secret)
    assert (await data(client, GET, org.key, id=key_id))["apiKey"]["status"] == "DISABLED"
    rotated = (await data(client, ROTATE, org.key, i={"id": key_id}))["rotateApiKey"]["secret"]
    enable = "mutation($id: ID!) { enableApiKey(id: $id) { status } }"
    await data(client, enable, org.key, id=key_id)
    assert await works(client, rotated) and not await works(client, secret)


async def test_even_the_last_usable_key_is_revoked(client, org):
    await _post(client, [{"token": org.key, "url": URL}])
    assert not await works(client, org.key)
    key = await ApiKey.get(id=org.key_id)
    assert key.revoked_at is not None


async def test_a_previous_secret_in_its_grace_period_ends_the_key(client, org):
    created = await create(client, org.key)
    key_id, first = created["apiKey"]["id"], created["secret"]
    rotated = await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_24_HOURS"})
    await _post(client, [{"token": first}])
    assert not await works(client, rotated["rotateApiKey"]["secret"])


async def test_unknown_malformed_and_session_tokens_are_accepted_and_ignored(client, org):
    admin = await login(client, org.admin_email)
    unknown = generate_token("lk", "live")
    answers = [
        await _post(client, [{"token": unknown}]),
        await _post(client, [{"token": "lk_live_not-a-token"}]),
        await _post(client, [{"token": admin}]),
        await _post(client, [{"token": org.key, "url": URL}]),
    ]
    assert all(answer == answers[0] for answer in answers), "the same answer for every token"
    assert await works(client, admin)
    assert await AuditEvent.filter(action="leaked").count() == 1


async def test_another_organizations_key_is_reported_to_its_own_admins(client, org, other_org):
    await _post(client, [{"token": other_org.key}])
    assert not await works(client, other_org.key) and await works(client, org.key)
    mails = await Notification.filter(kind="key_leaked")
    assert [m.recipient for m in mails] == [other_org.admin_email]


async def test_a_token_reported_twice_is_handled_once(client, org):
    created = await create(client, org.key)
    await _post(client, [{"token": created["secret"]}, {"token": created["secret"]}])
    await _post(client, [{"token": created["secret"]}])
    assert await AuditEvent.filter(action="leaked").count() == 1
