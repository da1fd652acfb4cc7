"""Validation of what an integrator configures on a key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from auth.addresses import parse_networks
from auth.grants import Access, PermissionObject
from resolvers import text
from resolvers.errors import BadUserInput

MAX_NAME = 255
MAX_DESCRIPTION = 1000


def check_name(name: str | None) -> str | None:
    if name is not None and len(text.check_line("name", name)) > MAX_NAME:
        raise BadUserInput("name", f"at most {MAX_NAME} characters")
    return name


def check_description(description: str | None) -> str | None:
    if description is None:
        return None
    if len(text.check_paragraph("description", description)) > MAX_DESCRIPTION:
        raise BadUserInput("description", f"at most {MAX_DESCRIPTION} characters")
    return description


def check_allowed_ips(values: Sequence[str] | None) -> list[str]:
    try:
        networks = parse_networks([text.refuse_nul("allowedIps", v) for v in values or ()])
    except ValueError as error:
        raise BadUserInput("allowedIps", str(error)) from None
    return list(dict.fromkeys(str(network) for network in networks))


def check_expires_at(expires_at: datetime | None) -> datetime | None:
    if expires_at is None:
        return None
    expires_at = text.check_instant("expiresAt", expires_at)
    if expires_at <= datetime.now(UTC):
        raise BadUserInput("expiresAt", "must be in the future")
    return expires_at


def check_permissions(
    grants: Sequence[tuple[PermissionObject, Access]] | None,
) -> tuple[bool, list[dict[str, Any]]]:
    """(full access, stored permissions). None means full access."""
    if grants is None:
        return True, []
    seen: set[PermissionObject] = set()
    for obj, _ in grants:
        if obj in seen:
            raise BadUserInput("permissions", f"{obj.value} is listed twice")
        seen.add(obj)
    return False, [{"object": obj.value, "access": access.value} for obj, access in grants]
