"""Objects, access levels, and grants as the frozen set a Principal checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class PermissionObject(StrEnum):
    API_KEY = "API_KEY"
    AUDIT_EVENT = "AUDIT_EVENT"
    MEMBER = "MEMBER"
    ORGANIZATION = "ORGANIZATION"
    CUSTOMER = "CUSTOMER"
    PLAN = "PLAN"
    BILLABLE_METRIC = "BILLABLE_METRIC"
    SUBSCRIPTION = "SUBSCRIPTION"
    INVOICE = "INVOICE"
    EVENT = "EVENT"


class Access(StrEnum):
    READ = "READ"
    WRITE = "WRITE"
    READ_WRITE = "READ_WRITE"


Grant = tuple[PermissionObject, Access]
Grants = frozenset[Grant]

BILLING_OBJECTS = (
    PermissionObject.CUSTOMER,
    PermissionObject.PLAN,
    PermissionObject.BILLABLE_METRIC,
    PermissionObject.SUBSCRIPTION,
    PermissionObject.INVOICE,
    PermissionObject.EVENT,
)
MEMBER_ROLE_GRANTS: Grants = frozenset(
    (obj, Access.READ) for obj in (*BILLING_OBJECTS, PermissionObject.ORGANIZATION)
)


def expand(stored: Iterable[Mapping[str, str]]) -> Grants:
    """Stored permissions as single-access grants: READ_WRITE gives READ and WRITE."""
    grants: set[Grant] = set()
    for item in stored:
        obj, access = PermissionObject(item["object"]), Access(item["access"])
        if access in (Access.READ, Access.READ_WRITE):
            grants.add((obj, Access.READ))
        if access in (Access.WRITE, Access.READ_WRITE):
            grants.add((obj, Access.WRITE))
    return frozenset(grants)
