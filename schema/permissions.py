"""The directives that guard fields (`@requiresPermission`, `@requiresAdminSession`), their
synchronous checks, and the "Requires: ..." line each writes at the end of its field's
description, so that GraphiQL's docs, the SDL and introspection all show it."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location
from strawberry.types.field import StrawberryField

from auth.grants import Access, PermissionObject
from resolvers.policy import ADMIN_SESSION

# Registers the domain enums as GraphQL enums of the same names.
strawberry.enum(PermissionObject)
strawberry.enum(Access)
ADMIN_SESSION_TEXT = "an admin session"


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
        self.requirement = f"{obj.value} {access.value}"

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
    requirement = ADMIN_SESSION_TEXT

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and principal.is_admin_session


def with_requirement(description: str | None, requirement: str) -> str:
    """`description`, ending with the line that says what the field needs."""
    line = f"Requires: {requirement}"
    return f"{description.rstrip()}\n\n{line}" if description else line


class Guard(PermissionExtension):
    """Strawberry's permission check, which also writes its requirement into the field's
    description (once the schema is built, before the description is read)."""

    def apply(self, field: StrawberryField) -> None:
        super().apply(field)
        requirement = " and ".join(permission.requirement for permission in self.permissions)  # type: ignore[attr-defined]
        field.description = with_requirement(field.description, requirement)


def requires(obj: PermissionObject, access: Access) -> list[FieldExtension]:
    """Field extensions for `@strawberry.field(extensions=requires(...))`."""
    return [Guard([RequiresPermission(obj, access)], use_directives=True)]


def requires_admin_session() -> list[FieldExtension]:
    """Field extensions of a session-only operation (resolvers/policy.py says which)."""
    return [Guard([RequiresAdminSession()], use_directives=True)]


def admin_session_only(description: str | None = None) -> Any:
    """An input field that only an admin session may set: its directive and its line."""
    return strawberry.field(
        default=strawberry.UNSET,
        directives=[RequiresAdminSessionDirective()],
        description=with_requirement(description, ADMIN_SESSION_TEXT),
    )


READ, WRITE = Access.READ, Access.WRITE
