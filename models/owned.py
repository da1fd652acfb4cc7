from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.organization import Organization


class OrganizationOwned(Model):
    """A row an organization owns: a UUID id, the organization (its rows go with it), and
    when the row was made. Each subclass names its table in its own `Meta`."""

    # Tortoise shares these field objects among the subclasses (a field's `model` names the
    # last one: tortoise-orm issue #632). Queries and migrations read only names and columns
    # from them, the same in every subclass. A subclass that wants a reverse relation on
    # Organization declares its own `organization`.
    id = fields.UUIDField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name=False, on_delete=fields.CASCADE
    )
    organization_id: str
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True
