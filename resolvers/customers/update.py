from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy
from resolvers.customers.fields import CustomerFields


async def update_customer(
    principal: Principal, customer_id: owned.Ref, data: CustomerFields
) -> Customer:
    """Change the fields given; the others stay as they are."""
    policy.require(principal, PermissionObject.CUSTOMER, Access.WRITE)
    changes = data.changes()
    return await owned.update(Customer, principal, customer_id, changes, unique="externalId")
