"""createMember: an admin session adds a member who can log in; the e-mail is unique."""

from __future__ import annotations

import pytest

from tests.factories import data, error, login
from tests.resolvers.members.documents import CREATE, MEMBERS, NEW, non_admin_callers


async def test_an_admin_session_creates_a_member_who_can_log_in(client, org):
    admin = await login(client, org.admin_email)
    created = (await data(client, CREATE, admin, i=NEW))["createMember"]
    assert (created["email"], created["name"], created["role"]) == (
        "new.person@example.test",
        "New",
        "MEMBER",
    )
    assert await login(client, "new.person@example.test", "long enough pw")
    listed = (await data(client, MEMBERS, admin))["members"]
    assert listed["totalCount"] == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "eleven char"}, "password"),
        ({"password": "Password1234"}, "password"),
        ({"name": "x" * 256}, "name"),
    ],
)
async def test_bad_member_input_names_the_field(client, org, change, field):
    admin = await login(client, org.admin_email)
    failure = await error(client, CREATE, admin, i={**NEW, **change})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_a_taken_email_is_a_conflict(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, CREATE, admin, i={**NEW, "email": org.admin_email})
    assert failure["extensions"]["code"] == "CONFLICT"


async def test_members_are_created_by_admin_sessions_only(client, org):
    _, tokens = await non_admin_callers(client, org)
    for token in tokens:
        assert (await error(client, CREATE, token, i=NEW))["extensions"]["code"] == "FORBIDDEN"


async def test_an_address_of_another_organization_answers_as_a_new_one(client, org, other_org):
    """No tenant learns that an address is registered elsewhere: creating a member whose
    address belongs to another organization's member answers as for an unknown address."""
    admin = await login(client, org.admin_email)
    new = (await data(client, CREATE, admin, i=NEW))["createMember"]
    elsewhere = {**NEW, "email": other_org.admin_email.upper()}
    taken = (await data(client, CREATE, admin, i=elsewhere))["createMember"]
    assert taken.keys() == new.keys()
    assert (taken["email"], taken["name"], taken["role"]) == (
        other_org.admin_email,
        NEW["name"],
        "MEMBER",
    )
