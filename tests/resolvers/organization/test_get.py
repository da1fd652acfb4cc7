"""organization: the caller's own, with ORGANIZATION READ; also under viewer."""

from __future__ import annotations

from auth.grants import Access, PermissionObject
from tests.factories import data, error, make_key

ORGANIZATION = "{ organization { id name revealPolicy } viewer { organization { name } } }"


async def test_the_callers_organization_is_read(client, org, other_org):
    mine = await data(client, ORGANIZATION, org.key)
    assert mine["organization"] == {"id": org.id, "name": "Acme", "revealPolicy": "REVEALABLE"}
    assert mine["viewer"] == {"organization": {"name": "Acme"}}
    theirs = await data(client, ORGANIZATION, other_org.key)
    assert (theirs["organization"]["id"], theirs["organization"]["name"]) == (other_org.id, "Other")


async def test_it_needs_organization_read(client, org, services):
    _, secret = await make_key(org, services, [(PermissionObject.CUSTOMER, Access.READ)])
    refused = await error(client, "{ organization { name } }", secret)
    assert refused["extensions"] == {
        "code": "FORBIDDEN",
        "object": "ORGANIZATION",
        "access": "READ",
    }
