from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKey, AuditAction
from resolvers import policy
from resolvers.api_keys import fields
from resolvers.api_keys import limits as key_limits
from resolvers.api_keys.create import checked_customers
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import public_view, record
from resolvers.services import Services
from resolvers.unchanged import UNCHANGED
from resolvers.unit_of_work import unit_of_work


@dataclass(frozen=True)
class UpdateApiKey:
    id: str
    name: Any = UNCHANGED
    description: Any = UNCHANGED
    allowed_ips: Any = UNCHANGED
    expires_at: Any = UNCHANGED
    # Metering (resolvers/api_keys/limits.py): None removes it.
    rate_limit: Any = UNCHANGED
    credits: Any = UNCHANGED
    # Keys limited to chosen customers: None, every customer; a list, only those.
    customer_ids: Any = UNCHANGED


def _changes(data: UpdateApiKey) -> dict[str, Any]:
    checks: dict[str, Callable[[Any], Any]] = {
        "name": fields.check_name,
        "description": fields.check_description,
        "allowed_ips": fields.check_allowed_ips,
        "expires_at": fields.check_expires_at,
    }
    return {
        name: check(getattr(data, name))
        for name, check in checks.items()
        if getattr(data, name) is not UNCHANGED
    }


async def update_api_key(principal: Principal, data: UpdateApiKey, services: Services) -> ApiKey:
    """Change the key's name, description, addresses and expiry; its secret stays."""
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    changes = _changes(data)
    async with unit_of_work(services) as work:
        key = await find_api_key(principal, data.id, lock=True)
        policy.may_change_key(principal, key, "update", datetime.now(UTC))
        before, before_limit = public_view(key), key.customer_ids
        if "expires_at" in changes and changes["expires_at"] != key.expires_at:
            changes["expiry_notice"] = None  # a new expiry gets its notices again
        if data.rate_limit is not UNCHANGED:
            changes.update(key_limits.rate_limit_columns(data.rate_limit))
        if data.credits is not UNCHANGED:
            changes.update(key_limits.credits_columns(data.credits, key.credits_generation))
        if data.customer_ids is not UNCHANGED:
            changes["customer_ids"] = await _new_limit(principal, data.customer_ids)
        key.update_from_dict(changes)
        await key.save()
        after = public_view(key)
        if "customer_ids" in changes:
            before["customerIds"], after["customerIds"] = before_limit, key.customer_ids
        await record(principal, AuditAction.UPDATED, key, before=before, after=after)
        work.evict_api_key(str(key.id))
    return key


async def _new_limit(principal: Principal, customer_ids: list[str] | None) -> list[str] | None:
    """The key's new customers (None: every one), within the caller's own limit."""
    policy.require_customers_within(principal, customer_ids)
    return await checked_customers(principal, customer_ids)
