"""`node(id:)` and `nodes(ids:)`: objects of any type by id, each readable only with READ
on its type's object. The type is known once the id is located (resolvers/nodes/locate.py),
so the use case takes the kind located and asks the policy about it first."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.models import Model

from auth.grants import Access
from auth.principal import Principal
from resolvers import policy
from resolvers.customer_limit import limit_of
from resolvers.nodes.locate import NodeKind, canonical


async def get_nodes(principal: Principal, kind: NodeKind, ids: Sequence[str]) -> list[Model | None]:
    """The organization's rows of `kind`, in the order of `ids` (None where absent)."""
    policy.require(principal, kind.object, Access.READ)
    pks = [canonical(i) for i in ids]
    rows = await kind.rows(principal.organization_id, [pk for pk in pks if pk is not None]).filter(
        limit_of(kind.model, principal)
    )
    found = {str(row.pk): row for row in rows}
    return [None if pk is None else found.get(pk) for pk in pks]
