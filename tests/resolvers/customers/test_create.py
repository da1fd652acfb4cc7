from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import BadUserInput, Forbidden
from tests.factories import data, error

CUSTOMER = "mutation($i: CustomerInput!) { createCustomer(input: $i) { id externalId name email currency } }"


async def test_a_customer_is_created_with_its_email_in_lower_case(client, org):
    values = {"externalId": "c-1", "name": "Ada", "email": "ADA@example.test", "currency": "EUR"}
    made = (await data(client, CUSTOMER, org.key, i=values))["createCustomer"]
    assert (made["externalId"], made["email"]) == ("c-1", "ada@example.test")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"externalId": ""}, "externalId"),
        ({"externalId": "c", "email": "nope"}, "email"),
        ({"externalId": "c", "currency": "euro"}, "currency"),
    ],
)
async def test_invalid_input_names_the_field(client, org, values, field):
    failure = await error(client, CUSTOMER, org.key, i=values)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_unique_values_are_unique_per_organization(client, org, other_org):
    await data(client, CUSTOMER, org.key, i={"externalId": "dup"})
    failure = await error(client, CUSTOMER, org.key, i={"externalId": "dup"})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "externalId"}
    again = await data(client, CUSTOMER, other_org.key, i={"externalId": "dup"})
    assert again["createCustomer"]["externalId"] == "dup"


async def test_the_external_id_is_required(org):
    with pytest.raises(BadUserInput) as refused:
        await create_customer(org.admin, CustomerFields(name="Ada"))
    assert refused.value.extensions == {"field": "externalId"}


async def test_it_needs_customer_write(org):
    reader = Principal(org.id, full_access=False, grants=frozenset())
    with pytest.raises(Forbidden):
        await create_customer(reader, CustomerFields(external_id="c-1"))
