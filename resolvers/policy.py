"""Who may do what: every authorization rule of the use cases, in one module.

Every use case calls a guard of this module first. The schema's directives
(`@requiresPermission`, `@requiresAdminSession`) are the visible first line of
defence; these guards hold whoever calls a use case (GraphQL, a job, a script).

The rules (SECURITY.md has them as a table):
- a principal needs the grant of the object and access it touches;
- session-only operations (revealing a secret, managing members, changing the
  reveal policy) need an ADMIN member's session, whatever grants a key holds;
- the ceiling: a principal creates, changes, rotates or destroys only keys whose
  grants (after the change) it holds itself; full access only by full access;
- a key never changes, rotates or destroys itself;
- an EXPIRED or REVOKED key is never brought back by editing it;
- a grant no key can ever use (MEMBER write, AUDIT_EVENT write) is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import product

from auth.grants import Access, Grants, PermissionObject, expand
from auth.principal import Principal
from models import ApiKey, ApiKeyStatus
from resolvers.errors import BadUserInput, Conflict, Forbidden, SudoRequired

ADMIN_SESSION = "ADMIN_SESSION"
_SINGLE = (Access.READ, Access.WRITE)
EVERY_GRANT: Grants = frozenset(product(PermissionObject, _SINGLE))
# What only an ADMIN member's session can do; a key holding it could never use it.
SESSION_ONLY: Grants = frozenset({(PermissionObject.MEMBER, Access.WRITE)})
# What no operation does: the audit trail is written by the service only.
NOBODY: Grants = frozenset({(PermissionObject.AUDIT_EVENT, Access.WRITE)})
KEY_GRANTABLE: Grants = EVERY_GRANT - SESSION_ONLY - NOBODY


def require(principal: Principal, obj: PermissionObject, access: Access) -> None:
    """The rule of `@requiresPermission`, for callers that are not the schema."""
    if not principal.allows(obj, access):
        raise Forbidden(
            f"this needs {access.value} access to {obj.value}",
            object=obj.value,
            access=access.value,
        )


def require_admin_session(principal: Principal, action: str) -> None:
    """The rule of `@requiresAdminSession`: no key, however strong, may do `action`."""
    if not principal.is_admin_session:
        raise Forbidden(f"only an ADMIN member's session may {action}", requires=ADMIN_SESSION)


def effective_grants(principal: Principal) -> Grants:
    """What the principal can actually do, one (object, READ or WRITE) per entry."""
    if principal.is_admin_session:
        return EVERY_GRANT - NOBODY
    if principal.full_access:
        return KEY_GRANTABLE
    return principal.grants & KEY_GRANTABLE


def require_grantable(grants: Iterable[tuple[PermissionObject, Access]] | None) -> None:
    """A key is never given a capability it could never use."""
    for obj, access in grants or ():
        unusable = expand([{"object": obj.value, "access": access.value}]) - KEY_GRANTABLE
        if unusable:
            what = ", ".join(f"{o.value} {a.value}" for o, a in sorted(unusable))
            raise BadUserInput(
                "permissions", f"no API key can use {what}: it needs an ADMIN member's session"
            )


def require_within_ceiling(principal: Principal, full_access: bool, grants: Grants) -> None:
    """The principal holds everything a key would hold (after the change)."""
    if principal.full_access:
        return
    if full_access:
        raise Forbidden("only a full-access caller may give full access", fullAccess=True)
    missing = sorted(grants - principal.grants)
    if missing:
        obj, access = missing[0]
        raise Forbidden(
            f"you cannot give {access.value} access to {obj.value}: you do not hold it",
            object=obj.value,
            access=access.value,
        )


def grants_of(key: ApiKey) -> Grants:
    return expand(key.permissions)


def may_create_key(
    principal: Principal,
    grants: list[tuple[PermissionObject, Access]] | None,
    customer_ids: Iterable[str] | None = None,
) -> None:
    """Creating a key with these grants (None: full access), limited to these customers
    (None: every customer)."""
    require(principal, PermissionObject.API_KEY, Access.WRITE)
    require_grantable(grants)
    require_within_ceiling(principal, grants is None, _as_grants(grants))
    require_customers_within(principal, customer_ids)


def may_change_key(principal: Principal, key: ApiKey, verb: str, now: datetime) -> None:
    """Updating, re-permissioning or rotating `key` as it is now (`verb` names which)."""
    _not_itself(principal, key, verb)
    _still_usable(key, now)
    require_within_ceiling(principal, key.full_access, grants_of(key))
    require_customers_within(principal, key.customer_ids)


def may_destroy_key(principal: Principal, key: ApiKey) -> None:
    _not_itself(principal, key, "destroy")
    require_within_ceiling(principal, key.full_access, grants_of(key))
    require_customers_within(principal, key.customer_ids)


def may_regrant_key(
    principal: Principal, grants: list[tuple[PermissionObject, Access]] | None
) -> None:
    """The grants a key would hold after `updatePermissions`."""
    require_grantable(grants)
    require_within_ceiling(principal, grants is None, _as_grants(grants))


def _not_itself(principal: Principal, key: ApiKey, verb: str) -> None:
    if str(key.id) == principal.api_key_id:
        raise Conflict(f"a key cannot {verb} itself: use another key or a member session")


def _as_grants(grants: list[tuple[PermissionObject, Access]] | None) -> Grants:
    stored = [{"object": obj.value, "access": access.value} for obj, access in grants or ()]
    return expand(stored)


# ------------------------------------------------------------ sudo mode
# Revealing a secret, rotating NOW, destroying a key, changing the reveal policy and
# managing members need a session whose member typed their password (login or
# confirmPassword) within the window, as GitHub's sudo mode. A key has no password to
# re-enter: its grants and the rules above hold it.
SUDO_WINDOW = timedelta(minutes=10)


def require_sudo(principal: Principal, action: str, now: datetime) -> None:
    if principal.session_id is None:
        return
    sudo_at = principal.sudo_at
    if sudo_at is None or now - sudo_at >= SUDO_WINDOW:
        raise SudoRequired(
            f"confirm your password to {action}: it was not entered in the last "
            f"{int(SUDO_WINDOW.total_seconds() // 60)} minutes",
            sudoWindowSeconds=int(SUDO_WINDOW.total_seconds()),
        )


# People (issue 18)
MEMBER_SESSION = "MEMBER_SESSION"


def require_member_session(principal: Principal, action: str) -> None:
    """What only a member's own session may do (switching organization): never a key."""
    if principal.member_id is None or principal.session_id is None:
        raise Forbidden(f"only a member's session may {action}", requires=MEMBER_SESSION)


# Key lifecycle: a DISABLED key can still be changed (may_change_key), so that a leaked one
# is rotated before it is enabled again.


def _still_usable(key: ApiKey, now: datetime) -> None:
    """An EXPIRED or REVOKED key is never brought back by editing it."""
    status = key.status_at(now)
    if status not in (ApiKeyStatus.ACTIVE, ApiKeyStatus.DISABLED):
        raise Conflict(f"the key is {status.value} and cannot change", status=status.value)


# Keys limited to chosen customers (resolvers/customer_limit.py): the limit is part of the
# ceiling, and a limited key adds no customer (it could not see it).


def require_customers_within(principal: Principal, customer_ids: Iterable[str] | None) -> None:
    """A key limited to some customers acts only on keys limited to some of them."""
    mine = principal.customer_ids
    if mine is None:
        return
    if customer_ids is None:
        raise Forbidden(
            "you are limited to some customers: you cannot give access to every customer",
            customerIds=sorted(mine),
        )
    if not set(customer_ids) <= mine:
        raise Forbidden(
            "you cannot give access to a customer you may not use", customerIds=sorted(mine)
        )


def may_add_customer(principal: Principal) -> None:
    if principal.customer_ids is not None:
        raise Forbidden("a key limited to some customers cannot add a customer")


# Webhooks on key events: an ADMIN member's session only. An endpoint receives every key
# event of the organization (names, prefixes, who did what), more than API_KEY READ shows
# a key, and its signing secret is shown once; as the leak response and the members, no
# key and no MEMBER manages them.


def may_manage_webhooks(principal: Principal, action: str) -> None:
    require_admin_session(principal, action)
