"""switchOrganization: a session of the same user in another of their organizations; never
one they do not belong to; never for an API key."""

from __future__ import annotations

from models import MemberRole, User
from tests.factories import data, error, gql, login, make_member
from tests.resolvers.invitations.documents import MEMBERSHIPS

SWITCH = (
    "mutation($o: ID!) { switchOrganization(organizationId: $o) { token member { email role } } }"
)
LOGIN_IN = (
    "mutation($e: String!, $p: String!, $o: ID) "
    "{ login(email: $e, password: $p, organizationId: $o) { token } }"
)


async def test_a_member_of_two_organizations_switches_and_both_sessions_work(
    client, org, other_org
):
    user = await User.get(email=org.admin_email)
    await make_member(other_org.id, MemberRole.MEMBER, user=user)
    session = (
        await data(client, LOGIN_IN, None, e=org.admin_email, p="correct horse battery", o=org.id)
    )["login"]["token"]
    switched = (await data(client, SWITCH, session, o=other_org.id))["switchOrganization"]
    assert switched["member"] == {"email": org.admin_email, "role": "MEMBER"}
    here = (await data(client, MEMBERSHIPS, session))["viewer"]
    there = (await data(client, MEMBERSHIPS, switched["token"]))["viewer"]
    assert (here["organizationId"], there["organizationId"]) == (org.id, other_org.id)
    assert [m["current"] for m in there["memberships"]] == [False, True]
    # The MEMBER session in Other has a MEMBER's rights there, not the ADMIN's of Acme.
    denied = await error(client, "{ members { totalCount } }", switched["token"])
    assert denied["extensions"]["code"] == "FORBIDDEN"


async def test_an_organization_the_user_is_not_in_is_not_found(client, org, other_org):
    session = await login(client, org.admin_email)
    for target in (other_org.id, "not-an-id"):
        failure = await error(client, SWITCH, session, o=target)
        assert failure["extensions"]["code"] == "NOT_FOUND"


async def test_an_api_key_cannot_switch(client, org):
    failure = await error(client, SWITCH, org.key, o=org.id)
    assert failure["extensions"] == {"code": "FORBIDDEN", "requires": "MEMBER_SESSION"}
    assert (await data(client, MEMBERSHIPS, org.key))["viewer"]["memberships"] == []


async def test_switching_needs_a_token(client, org):
    assert (await gql(client, SWITCH, None, o=org.id)).status_code == 401


async def test_switching_never_opens_sudo_mode(client, org, services):
    """Attack: a stolen session past its 10 minutes switched to its own organization (or
    another) to get a session in sudo mode without the password, then revealed a secret."""
    from tests.resolvers.api_keys.documents import REVEAL, create
    from tests.resolvers.sessions.test_confirm_password import later

    session = await login(client, org.admin_email)
    key = await create(client, org.key)
    later(services, 11)
    switched = (await data(client, SWITCH, session, o=org.id))["switchOrganization"]
    refused = await error(client, REVEAL, switched["token"], id=key["apiKey"]["id"])
    assert refused["extensions"]["code"] == "SUDO_REQUIRED"
