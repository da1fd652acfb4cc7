"""login under attack: limits that hold under concurrency, per address and per account,
an audit row for every login of a known member, and input that cannot crash it."""

from __future__ import annotations

import asyncio
import json

import pytest

from models import AuditEvent
from tests.factories import PASSWORD
from tests.limits import THROTTLES, app_client, assert_rate_limited, limited_settings, post_from

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
WRONG = "wrong horse battery"


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_concurrent_wrong_logins_from_one_address_check_at_most_the_limit(
    org, settings, throttle
):
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=5) as limited,
        app_client(limited) as client,
    ):
        answers = await asyncio.gather(
            *(
                post_from(client, "198.51.100.9", LOGIN, e=org.admin_email, p=WRONG)
                for _ in range(30)
            )
        )
        statuses = [a.status_code for a in answers]
        assert statuses.count(401) == 5 and statuses.count(429) == 25, statuses
        for refused in (a for a in answers if a.status_code == 429):
            assert_rate_limited(refused)
        right = await post_from(client, "198.51.100.9", LOGIN, e=org.admin_email, p=PASSWORD)
        assert_rate_limited(right)


@pytest.mark.parametrize("throttle", THROTTLES)
@pytest.mark.parametrize("email", ["known", "nobody@example.test"])
async def test_many_addresses_guessing_one_account_hit_its_limit(org, settings, throttle, email):
    email = org.admin_email if email == "known" else email
    async with (
        limited_settings(settings, throttle, login_attempts_per_account=3) as limited,
        app_client(limited) as client,
    ):
        guesses = [post_from(client, f"198.51.100.{n}", LOGIN, e=email, p=WRONG) for n in range(12)]
        answers = await asyncio.gather(*guesses)
        statuses = [a.status_code for a in answers]
        # The same for an e-mail that exists and one that does not: no existence leak.
        assert statuses.count(401) == 3 and statuses.count(429) == 9, statuses
        for refused in (a for a in answers if a.status_code == 429):
            assert_rate_limited(refused)
        upper = await post_from(client, "203.0.113.99", LOGIN, e=email.upper(), p=PASSWORD)
        assert_rate_limited(upper)


async def test_successful_logins_give_their_attempts_back(org, settings):
    async with (
        limited_settings(settings, "in-process", auth_attempts_per_address=3) as limited,
        app_client(limited) as client,
    ):
        for password in (WRONG, WRONG, PASSWORD, PASSWORD, PASSWORD, PASSWORD, WRONG):
            expected = 200 if password == PASSWORD else 401
            response = await post_from(client, "198.51.100.5", LOGIN, e=org.admin_email, p=password)
            assert response.status_code == expected, response.text
        assert_rate_limited(
            await post_from(client, "198.51.100.5", LOGIN, e=org.admin_email, p=PASSWORD)
        )


async def test_logins_of_a_known_member_are_audited_without_the_password(org, settings):
    async with limited_settings(settings, "in-process") as limited, app_client(limited) as client:
        for email, password in ((org.admin_email, WRONG), (org.admin_email, PASSWORD)):
            await post_from(client, "198.51.100.23", LOGIN, e=email, p=password)
        await post_from(client, "198.51.100.23", LOGIN, e="nobody@example.test", p=WRONG)
    rows = await AuditEvent.filter(organization_id=org.id, action__startswith="login").order_by(
        "created_at"
    )
    assert [
        (r.action, _text(r.actor_member_id), _text(r.member_id), r.client_address) for r in rows
    ] == [
        ("login_failed", None, org.admin_id, "198.51.100.23"),
        ("login_succeeded", org.admin_id, org.admin_id, "198.51.100.23"),
    ]
    assert await AuditEvent.filter(action__startswith="login").count() == 2, "none when unknown"
    stored = json.dumps(await AuditEvent.filter(action__startswith="login").values(), default=str)
    assert PASSWORD not in stored and WRONG not in stored and "horse" not in stored


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize("email", ["admin\x00@example.test", "a\x01b@example.test", "a\x7f@b.c"])
async def test_a_control_character_in_the_email_is_bad_user_input(client, org, email):
    response = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": WRONG}}
    )
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}, response.text
