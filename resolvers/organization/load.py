from __future__ import annotations

from collections.abc import Sequence

from models import Organization


async def load_max_key_age_days(ids: Sequence[str]) -> list[int | None]:
    """A DataLoader's batch: each organization's rotation policy (None: none). The caller's
    own organization only: the loader is made per request for it."""
    rows = await Organization.filter(id__in=list(ids)).values_list("id", "max_key_age_days")
    found = {str(row_id): days for row_id, days in rows}
    return [found.get(str(i)) for i in ids]
