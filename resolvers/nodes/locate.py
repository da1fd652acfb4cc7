"""Which object an id names, for `node(id:)`. Ids stay the plain UUIDs every object has
always had (the ones clients hold); the table that holds the id inside the caller's
organization tells its type. Another organization's id, an unknown one or one that is not a
UUID names nothing.

Locating reads ids only, never a row's content: the use case (resolvers/nodes/get.py)
reads the rows once the policy has allowed their type.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.models import Model
from tortoise.queryset import QuerySet

from auth.grants import PermissionObject as Obj
from models import (
    ApiKey,
    AuditEvent,
    BillableMetric,
    Customer,
    Event,
    Invoice,
    Member,
    Organization,
    Plan,
    Subscription,
)
from resolvers.errors import BadUserInput

MAX_IDS = 100


@dataclass(frozen=True)
class NodeKind:
    """A type of node: its model, the object its permission names, and the column that
    names its organization (the organization's own `id` for the organization)."""

    model: type[Model]
    object: Obj
    owner: str = "organization_id"

    @property
    def name(self) -> str:
        return self.model.__name__

    def rows(self, organization_id: str, ids: Sequence[str]) -> QuerySet[Model]:
        """The organization's rows of this kind among `ids` (UUIDs in canonical form)."""
        return self.model.filter(**{self.owner: organization_id}, id__in=list(ids))


KINDS = (
    NodeKind(ApiKey, Obj.API_KEY),
    NodeKind(Member, Obj.MEMBER),
    NodeKind(AuditEvent, Obj.AUDIT_EVENT),
    NodeKind(Organization, Obj.ORGANIZATION, owner="id"),
    NodeKind(Customer, Obj.CUSTOMER),
    NodeKind(Plan, Obj.PLAN),
    NodeKind(BillableMetric, Obj.BILLABLE_METRIC),
    NodeKind(Subscription, Obj.SUBSCRIPTION),
    NodeKind(Invoice, Obj.INVOICE),
    NodeKind(Event, Obj.EVENT),
)


def canonical(node_id: str) -> str | None:
    """The id as the tables hold it, or None for what is not a UUID."""
    try:
        return str(uuid.UUID(node_id))
    except (ValueError, AttributeError, TypeError):
        return None


async def locate(organization_id: str, ids: Sequence[str]) -> dict[NodeKind, list[str]]:
    """The ids of each kind, as given, that name a row of the organization; the others are
    left out. One query per kind at most, over the ids not found yet."""
    if len(ids) > MAX_IDS:
        raise BadUserInput("ids", f"at most {MAX_IDS} ids at a time")
    wanted: dict[str, list[str]] = {}
    for node_id in ids:
        if (pk := canonical(node_id)) is not None:
            wanted.setdefault(pk, []).append(node_id)
    located: dict[NodeKind, list[str]] = {}
    for kind in KINDS:
        if not wanted:
            break
        for found in await kind.rows(organization_id, list(wanted)).values_list("id", flat=True):
            located.setdefault(kind, []).extend(wanted.pop(str(found)))
    return located
