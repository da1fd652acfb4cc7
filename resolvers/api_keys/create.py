from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import notify_admins
from models import (
    ApiKey,
    ApiKeySecret,
    AuditAction,
    Customer,
    NotificationKind,
    Organization,
    RevealPolicy,
)
from resolvers import policy
from resolvers.api_keys import fields
from resolvers.api_keys import limits as key_limits
from resolvers.audit.record import public_view, record
from resolvers.errors import BadUserInput
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work


@dataclass(frozen=True)
class CreateApiKey:
    name: str | None = None
    description: str | None = None
    permissions: list[tuple[PermissionObject, Access]] | None = None
    allowed_ips: list[str] | None = None
    expires_at: datetime | None = None
    customer_ids: list[str] | None = None  # None: every customer
    # Metering (resolvers/api_keys/limits.py): None is none.
    rate_limit: key_limits.RateLimit | None = None
    credits: key_limits.Credits | None = None


async def create_api_key(
    principal: Principal, data: CreateApiKey, services: Services
) -> tuple[ApiKey, str]:
    """A new key and its secret, shown this once (and later only by revealApiKey)."""
    policy.may_create_key(principal, data.permissions, data.customer_ids)
    full_access, permissions = fields.check_permissions(data.permissions)
    values: dict[str, Any] = {
        "name": fields.check_name(data.name),
        "description": fields.check_description(data.description),
        "allowed_ips": fields.check_allowed_ips(data.allowed_ips),
        "expires_at": fields.check_expires_at(data.expires_at),
        **key_limits.rate_limit_columns(data.rate_limit),
        **key_limits.credits_columns(data.credits, 0),
    }
    values["customer_ids"] = await checked_customers(principal, data.customer_ids)
    organization = await Organization.get(id=principal.organization_id)
    revealable = organization.reveal_policy == RevealPolicy.REVEALABLE
    keyring = services.keyring
    secret = keyring.new_secret()
    async with unit_of_work(services) as work:
        key = await ApiKey.create(
            organization_id=principal.organization_id,
            full_access=full_access,
            permissions=permissions,
            created_by_id=principal.member_id,
            revealable=revealable,
            prefix=secret.prefix,
            last_four=secret.last_four,
            **values,
        )
        await ApiKeySecret.create(
            api_key=key,
            digest=secret.digest,
            prefix=secret.prefix,
            last_four=secret.last_four,
            sealed=keyring.sealer.seal(secret.token, str(key.id)) if revealable else None,
        )
        await record(principal, AuditAction.CREATED, key, after=public_view(key))
        work.evict_api_key(str(key.id))
        work.notify(await notify_admins(NotificationKind.KEY_CREATED, key, principal))
    return key, secret.token


MAX_CUSTOMERS = 100


async def checked_customers(
    principal: Principal, customer_ids: list[str] | None
) -> list[str] | None:
    """The ids, each a customer of the organization (BAD_USER_INPUT naming customerIds)."""
    if customer_ids is None:
        return None
    if len(customer_ids) > MAX_CUSTOMERS:
        raise BadUserInput("customerIds", f"at most {MAX_CUSTOMERS} customers")
    try:
        wanted = sorted({str(uuid.UUID(str(i))) for i in customer_ids})
    except ValueError:
        raise BadUserInput("customerIds", "every item must be a customer's id") from None
    found = await Customer.filter(organization_id=principal.organization_id, id__in=wanted).count()
    if found != len(wanted):
        raise BadUserInput("customerIds", "names a customer this organization does not have")
    return wanted
