from __future__ import annotations

from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy
from resolvers.customers.fields import CustomerFields
from resolvers.errors import BadUserInput, NotFound


async def upsert_customer(principal: Principal, data: CustomerFields) -> Customer:
    """The customer of data's externalId: made, or changed in the fields given (Lago's
    `POST /customers`). Sending it again, or twice at once, leaves one customer."""
    policy.require(principal, PermissionObject.CUSTOMER, Access.WRITE)
    values, changes = data.for_creation(), data.changes()
    named = owned.By("external_id", values["external_id"])
    try:
        return await _made_or_changed(principal, named, values, changes)
    except BadUserInput as taken:
        if taken.extensions.get("field") != "externalId":
            raise
        # Another request made it meanwhile: this one changes it.
        return await _made_or_changed(principal, named, values, changes)


async def _made_or_changed(
    principal: Principal, named: owned.By, values: dict[str, Any], changes: dict[str, Any]
) -> Customer:
    async with owned.transaction(unique="externalId"):
        try:
            customer = await owned.find(Customer, principal, named, field="externalId", lock=True)
        except NotFound:
            policy.may_add_customer(principal)
            return await Customer.create(organization_id=principal.organization_id, **values)
        return await owned.save(customer, changes)
