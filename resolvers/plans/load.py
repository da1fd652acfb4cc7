from __future__ import annotations

from collections.abc import Sequence

from models import Plan
from resolvers import owned


async def load_plans(organization_id: str, ids: Sequence[str]) -> list[Plan | None]:
    """A DataLoader's batch, for fields whose own permission the schema has checked."""
    return await owned.by_ids(Plan, organization_id, ids)
