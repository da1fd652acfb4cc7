"""bootstrap, the operator's command: an organization, its first ADMIN and full-access key,
all or nothing. (Through the CLI: tests/test_e2e.py.)"""

from __future__ import annotations

import pytest

from models import ApiKey, Member, MemberRole, Organization
from resolvers.errors import BadUserInput, Conflict
from resolvers.organization.bootstrap import bootstrap
from tests.factories import data, login

VIEWER = "{ viewer { fullAccess organizationId organization { name } } }"


async def test_an_organization_its_admin_and_a_full_access_key(client, services):
    made = await bootstrap("  Initech ", "Boss@Initech.test", "long enough pw", services)
    viewer = (await data(client, VIEWER, made.api_key))["viewer"]
    assert viewer == {
        "fullAccess": True,
        "organizationId": made.organization_id,
        "organization": {"name": "Initech"},
    }
    admin = await Member.get(id=made.member_id)
    assert (admin.email, admin.role) == ("boss@initech.test", MemberRole.ADMIN)
    assert await login(client, "boss@initech.test", "long enough pw")
    key = await ApiKey.get(id=made.api_key_id)
    assert (key.name, key.full_access) == ("bootstrap", True)


async def test_a_taken_email_is_a_conflict_and_leaves_nothing_behind(services, org):
    with pytest.raises(Conflict):
        await bootstrap("Initech", org.admin_email.upper(), "long enough pw", services)
    assert await Organization.filter(name="Initech").count() == 0


@pytest.mark.parametrize(
    ("org_name", "email", "password", "field"),
    [
        ("", "a@b.test", "long enough pw", "org"),
        ("Initech", "not-an-email", "long enough pw", "email"),
        ("Initech", "a@b.test", "short", "password"),
    ],
)
async def test_bad_input_names_the_option(services, org_name, email, password, field):
    with pytest.raises(BadUserInput) as refused:
        await bootstrap(org_name, email, password, services)
    assert refused.value.extensions == {"field": field}
    assert await Organization.all().count() == 0


@pytest.mark.parametrize("name", ["Acme\x00", "Acme\r\nBcc: someone@example.test", "Acme\x1b"])
async def test_bootstrap_refuses_an_organization_name_with_control_characters(services, name):
    with pytest.raises(BadUserInput) as refused:
        await bootstrap(name, "admin@new.test", "long enough pw", services)
    assert refused.value.extensions == {"field": "org"}
    assert await Organization.all().count() == 0
