from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.get import get_customer
from resolvers.errors import Forbidden
from tests.factories import data

READ = "query($id: ID!) { customer(id: $id) { name } }"


async def test_a_customer_is_read_by_id(client, org):
    made = await create_customer(org.admin, CustomerFields(external_id="c-1", name="Ada"))
    assert await data(client, READ, org.key, id=str(made.id)) == {"customer": {"name": "Ada"}}


async def test_another_organizations_customer_is_null(client, org, other_org):
    made = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    assert await data(client, READ, other_org.key, id=str(made.id)) == {"customer": None}
    assert await get_customer(other_org.admin, "not a uuid") is None


async def test_it_needs_customer_read(org):
    with pytest.raises(Forbidden):
        await get_customer(Principal(org.id, full_access=False, grants=frozenset()), "x")
