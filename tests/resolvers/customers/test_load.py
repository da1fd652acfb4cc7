from __future__ import annotations

from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.load import load_customers


async def test_a_batch_in_the_order_asked_with_none_for_other_organizations(org, other_org):
    ours = await create_customer(org.admin, CustomerFields(external_id="ours"))
    theirs = await create_customer(other_org.admin, CustomerFields(external_id="theirs"))
    loaded = await load_customers(org.id, [str(theirs.id), str(ours.id)])
    assert [c.external_id if c else None for c in loaded] == [None, "ours"]
