"""updateOrganization: a rename with ORGANIZATION WRITE; the reveal policy by an admin
session only, SHOW_ONCE erasing every stored secret."""

from __future__ import annotations

import pytest

from auth.grants import Access, PermissionObject
from models import ApiKey, ApiKeySecret, AuditEvent, Organization
from tests.factories import data, error, login, make_key

UPDATE = (
    "mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { name revealPolicy } }"
)
WRITE = [(PermissionObject.ORGANIZATION, Access.WRITE)]


async def test_a_key_with_organization_write_renames_it(client, org, services):
    _, secret = await make_key(org, services, WRITE)
    renamed = await data(client, UPDATE, secret, i={"name": "  Acme Ltd  "})
    assert renamed == {"updateOrganization": {"name": "Acme Ltd", "revealPolicy": "REVEALABLE"}}


@pytest.mark.parametrize("name", ["", "x" * 256, "Acme\nBcc: x@y.z"])
async def test_a_bad_name_names_the_field(client, org, name):
    failure = await error(client, UPDATE, org.key, i={"name": name})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}


async def test_it_needs_organization_write(client, org, services):
    _, secret = await make_key(org, services, [(PermissionObject.ORGANIZATION, Access.READ)])
    refused = await error(client, UPDATE, secret, i={"name": "Other"})
    assert refused["extensions"] == {
        "code": "FORBIDDEN",
        "object": "ORGANIZATION",
        "access": "WRITE",
    }


async def test_the_reveal_policy_is_changed_by_an_admin_session_only(client, org):
    refused = await error(client, UPDATE, org.key, i={"revealPolicy": "SHOW_ONCE"})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert refused["extensions"]["requires"] == "ADMIN_SESSION"
    assert await ApiKeySecret.filter(sealed__isnull=False).count() == 1
    admin = await login(client, org.admin_email)
    changed = await data(client, UPDATE, admin, i={"revealPolicy": "SHOW_ONCE"})
    assert changed["updateOrganization"]["revealPolicy"] == "SHOW_ONCE"
    assert await ApiKeySecret.filter(sealed__isnull=False).count() == 0
    assert not await ApiKey.filter(organization_id=org.id, revealable=True).exists()


# Rotation policy (issue 20): maxKeyAgeDays.

POLICY = (
    "mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { maxKeyAgeDays } }"
)


async def test_the_rotation_policy_is_set_by_an_admin_session_only_and_audited(client, org):
    refused = await error(client, POLICY, org.key, i={"maxKeyAgeDays": 90})
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert refused["extensions"]["requires"] == "ADMIN_SESSION"
    admin = await login(client, org.admin_email)
    read = "{ organization { maxKeyAgeDays } }"
    assert await data(client, read, admin) == {"organization": {"maxKeyAgeDays": None}}
    changed = await data(client, POLICY, admin, i={"maxKeyAgeDays": 90})
    assert changed == {"updateOrganization": {"maxKeyAgeDays": 90}}
    assert await data(client, read, org.key) == {"organization": {"maxKeyAgeDays": 90}}
    audit = await AuditEvent.filter(organization_id=org.id, action="organization_updated").get()
    assert (audit.before["maxKeyAgeDays"], audit.after["maxKeyAgeDays"]) == (None, 90)
    cleared = await data(client, POLICY, admin, i={"maxKeyAgeDays": None})
    assert cleared == {"updateOrganization": {"maxKeyAgeDays": None}}
    renamed = await data(client, POLICY, admin, i={"name": "Acme 2"})
    assert renamed == {"updateOrganization": {"maxKeyAgeDays": None}}


@pytest.mark.parametrize("days", [0, -1, 3651])
async def test_a_rotation_policy_out_of_range_names_the_field(client, org, days):
    admin = await login(client, org.admin_email)
    failure = await error(client, POLICY, admin, i={"maxKeyAgeDays": days})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "maxKeyAgeDays"}
    organization = await Organization.get(id=org.id)
    assert organization.max_key_age_days is None
