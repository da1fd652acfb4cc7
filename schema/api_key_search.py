"""`apiKeys(filter:, orderBy:)` (issue 22): find a key by name or prefix, by status, in the
order of creation, last use or expiry."""

from __future__ import annotations

from enum import Enum

import strawberry

from models import ApiKeyStatus
from resolvers.api_keys.search import ApiKeyOrderField as OrderField
from resolvers.api_keys.search import ApiKeySearch
from resolvers.errors import BadUserInput


@strawberry.enum(description="What apiKeys are sorted by; keys without the value come last.")
class ApiKeyOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    LAST_USED_AT = "LAST_USED_AT"
    EXPIRES_AT = "EXPIRES_AT"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class ApiKeyFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Part of the name (any case), or the start of the prefix (`lk_live_3Fq9`). "
        "A whole token is cut to its prefix before the lookup; better, send only the prefix.",
    )
    status: list[ApiKeyStatus] | None = strawberry.field(
        default=None, description="Only keys in these statuses (null: every status)."
    )


@strawberry.input
class ApiKeyOrder:
    field: ApiKeyOrderField
    direction: OrderDirection = OrderDirection.DESC


def api_key_search(
    status: list[ApiKeyStatus] | None, filter: ApiKeyFilter | None, order_by: ApiKeyOrder | None
) -> ApiKeySearch:
    if filter is not None and filter.status is not None and status is not None:
        raise BadUserInput("filter.status", "give status or filter.status, not both")
    statuses = filter.status if filter is not None and filter.status is not None else status
    return ApiKeySearch(
        search=filter.search if filter is not None else None,
        statuses=statuses,
        order_by=OrderField[order_by.field.value] if order_by else OrderField.CREATED_AT,
        descending=order_by is None or order_by.direction is OrderDirection.DESC,
    )
