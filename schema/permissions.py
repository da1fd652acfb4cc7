"""The @requiresPermission directive and its synchronous check."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location

from auth.grants import Access, PermissionObject

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


def requires(obj: PermissionObject, access: Access) -> list[FieldExtension]:
    """Field extensions for `@strawberry.field(extensions=requires(...))`."""
    return [PermissionExtension([RequiresPermission(obj, access)], use_directives=True)]


READ, WRITE = Access.READ, Access.WRITE
