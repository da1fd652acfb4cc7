from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKey, ApiKeyStatus
from models.api_key import status_filter
from resolvers import policy
from resolvers.pagination import Page, PageRequest, paginate


async def list_api_keys(
    principal: Principal, request: PageRequest, statuses: Sequence[ApiKeyStatus] | None
) -> Page[ApiKey]:
    policy.require(principal, PermissionObject.API_KEY, Access.READ)
    query = ApiKey.filter(organization_id=principal.organization_id)
    if statuses is not None:
        if not statuses:
            query = query.filter(id__isnull=True)
        else:
            now = datetime.now(UTC)
            query = query.filter(reduce(or_, (status_filter(s, now) for s in set(statuses))))
    return await paginate(query, request)
