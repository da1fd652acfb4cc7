from __future__ import annotations

from collections.abc import Sequence

from models import Customer
from resolvers import owned


async def load_customers(organization_id: str, ids: Sequence[str]) -> list[Customer | None]:
    """A DataLoader's batch, for fields whose own permission the schema has checked."""
    return await owned.by_ids(Customer, organization_id, ids)
