from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy
from resolvers.customers.fields import CustomerFields


async def create_customer(principal: Principal, data: CustomerFields) -> Customer:
    policy.require(principal, PermissionObject.CUSTOMER, Access.WRITE)
    policy.may_add_customer(principal)
    values = data.for_creation()
    return await owned.create(Customer, principal, values, unique="externalId")
