"""Rows named by a unique column (owned.By): inside the caller's organization, and a value
no row could hold never reaches the database."""

from __future__ import annotations

import pytest

from models import Customer
from resolvers import owned
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import NotFound


async def test_a_row_is_found_by_its_unique_column(org, other_org):
    made = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    found = await owned.find(Customer, org.admin, owned.By("external_id", "c-1"))
    assert found.id == made.id
    assert await owned.get(Customer, other_org.admin, owned.By("external_id", "c-1")) is None


@pytest.mark.parametrize("value", ["nul\x00", "x" * 256, 7])
async def test_a_value_no_row_could_hold_is_not_found_naming_the_field(org, value):
    with pytest.raises(NotFound) as missing:
        await owned.find(Customer, org.admin, owned.By("external_id", value), field="customerId")
    assert missing.value.extensions == {"field": "customerId"}
