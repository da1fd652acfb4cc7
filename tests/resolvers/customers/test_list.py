from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.list import list_customers
from resolvers.errors import Forbidden
from resolvers.pagination import PageRequest
from tests.factories import data


async def test_the_organizations_customers_newest_first(org):
    for external_id in ("first", "second"):
        await create_customer(org.admin, CustomerFields(external_id=external_id))
    page = await list_customers(org.admin, PageRequest(first=10))
    assert [c.external_id for c in page.items] == ["second", "first"]
    assert page.total_count == 2


async def test_another_organization_sees_none_of_them(client, org, other_org):
    await create_customer(org.admin, CustomerFields(external_id="c-1"))
    assert (await data(client, "{ customers { totalCount } }", other_org.key)) == {
        "customers": {"totalCount": 0}
    }


async def test_it_needs_customer_read(org):
    with pytest.raises(Forbidden):
        await list_customers(
            Principal(org.id, full_access=False, grants=frozenset()), PageRequest(first=1)
        )
