"""The @requiresPermission directive and its synchronous check."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location

from auth.grants import Access, PermissionObject
from resolvers.policy import ADMIN_SESSION

# Registers the domain enums as GraphQL enums of the same names.
strawberry.enum(PermissionObject)
strawberry.enum(Access)


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="requiresPermission",
    description="Put on every field that reads or writes an object.",
)
class RequiresPermissionDirective:
    object: PermissionObject
    access: Access


class RequiresPermission(BasePermission):
    def __init__(self, obj: PermissionObject, access: Access) -> None:
        self.obj, self.access = obj, access
        self._schema_directive = RequiresPermissionDirective(object=obj, access=access)  # type: ignore[misc]
        self.message = f"this needs {access.value} access to {obj.value}"
        self.error_extensions = {"code": "FORBIDDEN", "object": obj.value, "access": access.value}

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and principal.allows(self.obj, self.access)


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION, Location.INPUT_FIELD_DEFINITION],
    name="requiresAdminSession",
    description="Only an ADMIN member's session may do this (or set this input field); "
    "never an API key, whatever it holds.",
)
class RequiresAdminSessionDirective:
    pass


class RequiresAdminSession(BasePermission):
    message = "only an ADMIN member's session may do this; never an API key"
    error_extensions = {"code": "FORBIDDEN", "requires": ADMIN_SESSION}
    _schema_directive = RequiresAdminSessionDirective()

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and principal.is_admin_session


def requires(obj: PermissionObject, access: Access) -> list[FieldExtension]:
    """Field extensions for `@strawberry.field(extensions=requires(...))`."""
    return [PermissionExtension([RequiresPermission(obj, access)], use_directives=True)]


def requires_admin_session() -> list[FieldExtension]:
    """Field extensions of a session-only operation (resolvers/policy.py says which)."""
    return [PermissionExtension([RequiresAdminSession()], use_directives=True)]


ADMIN_SESSION_ONLY = RequiresAdminSessionDirective()


READ, WRITE = Access.READ, Access.WRITE
