from __future__ import annotations

import pytest

from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.update import update_customer
from resolvers.errors import BadUserInput, NotFound
from tests.factories import data

UPDATE = 'mutation($id: ID!) { updateCustomer(input: {id: $id, name: "Bea"}) { name email } }'


async def test_the_fields_given_change_and_the_others_stay(client, org):
    made = await create_customer(
        org.admin, CustomerFields(external_id="c-1", name="Ada", email="ada@example.test")
    )
    updated = await data(client, UPDATE, org.key, id=str(made.id))
    assert updated["updateCustomer"] == {"name": "Bea", "email": "ada@example.test"}


async def test_null_clears_a_nullable_field(org):
    made = await create_customer(org.admin, CustomerFields(external_id="c-1", name="Ada"))
    changed = await update_customer(org.admin, str(made.id), CustomerFields(name=None))
    assert (changed.name, changed.external_id) == (None, "c-1")


async def test_an_external_id_taken_in_the_organization_is_refused(org):
    await create_customer(org.admin, CustomerFields(external_id="taken"))
    made = await create_customer(org.admin, CustomerFields(external_id="c-2"))
    with pytest.raises(BadUserInput) as refused:
        await update_customer(org.admin, str(made.id), CustomerFields(external_id="taken"))
    assert refused.value.extensions == {"field": "externalId"}


async def test_another_organizations_customer_is_not_found(org, other_org):
    theirs = await create_customer(other_org.admin, CustomerFields(external_id="c-1"))
    with pytest.raises(NotFound):
        await update_customer(org.admin, str(theirs.id), CustomerFields(name="Mallory"))
