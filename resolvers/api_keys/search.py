from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from functools import reduce
from operator import or_

from tortoise.expressions import Q, Subquery

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from auth.tokens import DISPLAY_BODY_CHARS
from models import ApiKey, ApiKeySecret, ApiKeyStatus
from models.api_key import status_filter
from resolvers import policy
from resolvers.errors import BadUserInput
from resolvers.ordered_pagination import Order, paginate_ordered
from resolvers.pagination import Page, PageRequest, paginate

MAX_SEARCH = 255
# Something shaped like a whole token (auth/tokens.py): its head and more body than shows.
_WHOLE_TOKEN = re.compile(
    rf"^(?P<head>[a-z][a-z0-9]{{0,15}}_(?:live|test|session)_[0-9A-Za-z]{{{DISPLAY_BODY_CHARS}}})"
    r"[0-9A-Za-z]{8,}$"
)


class ApiKeyOrderField(Enum):
    CREATED_AT = "created_at"
    LAST_USED_AT = "last_used_at"
    EXPIRES_AT = "expires_at"


@dataclass(frozen=True)
class ApiKeySearch:
    """`apiKeys(filter:, orderBy:)`: a name or prefix to look for, statuses, an order."""

    search: str | None = None
    statuses: Sequence[ApiKeyStatus] | None = None
    order_by: ApiKeyOrderField = ApiKeyOrderField.CREATED_AT
    descending: bool = True
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


async def search_api_keys(
    principal: Principal, request: PageRequest, wanted: ApiKeySearch
) -> Page[ApiKey]:
    """The organization's keys whose name holds `search` (any case) or whose current
    prefix starts with it, in the chosen statuses, in the chosen order, a page at a time.

    A whole token given as `search` is cut to its display prefix first (the console does
    so before sending; a script might not): the lookup never holds a secret."""
    policy.require(principal, PermissionObject.API_KEY, Access.READ)
    query = ApiKey.filter(organization_id=principal.organization_id)
    text = _search_text(wanted.search)
    if text:
        query = query.filter(_matches(text))
    if wanted.statuses is not None:
        if not wanted.statuses:
            query = query.filter(id__isnull=True)
        else:
            conditions = (status_filter(s, wanted.now) for s in set(wanted.statuses))
            query = query.filter(reduce(or_, conditions))
    default = wanted.order_by is ApiKeyOrderField.CREATED_AT and wanted.descending
    if default:
        return await paginate(query, request)
    return await paginate_ordered(
        query, request, Order(wanted.order_by.value, descending=wanted.descending)
    )


def _search_text(search: str | None) -> str | None:
    if search is None:
        return None
    text = search.strip()
    if len(text) > MAX_SEARCH:
        raise BadUserInput("filter.search", f"at most {MAX_SEARCH} characters")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise BadUserInput("filter.search", "no control characters")
    return display_prefix(text) or None


def display_prefix(text: str) -> str:
    """A whole token reduced to what the table shows of it (`lk_live_3Fq9`)."""
    match = _WHOLE_TOKEN.match(text)
    return match["head"] if match else text


def _matches(text: str) -> Q:
    """The name, the current prefix, or the prefix of an earlier secret (a token still
    working through a rotation's grace period finds its key)."""
    earlier = ApiKeySecret.filter(prefix__istartswith=text).values("api_key_id")
    return Q(name__icontains=text) | Q(prefix__istartswith=text) | Q(id__in=Subquery(earlier))
