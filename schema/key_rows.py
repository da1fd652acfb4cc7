"""A page of `apiKeys` read as the columns its selection needs.

A connection whose nodes select only fields that are columns, or computed from columns
alone (`status`), reads those columns into rows and makes nodes holding those fields and
no other: a page of 100 keys built 100 models of 32 fields, converted, and 100 full nodes,
for the five fields a list shows. Any other selection (a resolver, a fragment, a directive)
reads whole models, as before. The field's guard and the use case (its policy check, its
organization filter) run either way: only what is read of each row changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from models.api_key import key_status
from models.columns import Row

_Make = Callable[[Row, datetime], Any]
# A node's field (its GraphQL name): its attribute, the columns it needs, how it is made.
_FIELDS: dict[str, tuple[str, tuple[str, ...], _Make]] = {
    "id": ("id", ("id",), lambda row, now: strawberry.ID(str(row.id))),
    "name": ("name", ("name",), lambda row, now: row.name),
    "description": ("description", ("description",), lambda row, now: row.description),
    "prefix": ("prefix", ("prefix",), lambda row, now: row.prefix),
    "lastCharacters": ("last_characters", ("last_four",), lambda row, now: row.last_four),
    "status": (
        "status",
        ("revoked_at", "expires_at", "disabled_at"),
        lambda row, now: key_status(row.revoked_at, row.expires_at, row.disabled_at, now),
    ),
    "fullAccess": ("full_access", ("full_access",), lambda row, now: row.full_access),
    "createdAt": ("created_at", ("created_at",), lambda row, now: row.created_at),
    "expiresAt": ("expires_at", ("expires_at",), lambda row, now: row.expires_at),
    "lastUsedAt": ("last_used_at", ("last_used_at",), lambda row, now: row.last_used_at),
}
_NODE = frozenset({*_FIELDS, "__typename"})
# The connection's own fields, which read nothing of a node but its cursor.
_CONNECTION = frozenset({"edges", "pageInfo", "totalCount", "__typename"})
_EDGE = frozenset({"cursor", "node", "__typename"})


@dataclass(frozen=True)
class Selected:
    fields: tuple[str, ...]  # the node's, by GraphQL name
    cursor: bool  # whether an edge's cursor is

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(
            column for name in self.fields if name in _FIELDS for column in _FIELDS[name][1]
        )


def selected(info: strawberry.Info) -> Selected | None:
    """What the connection being resolved selects of its edges, when each node field is
    made of columns alone (and nothing is behind a fragment or a directive); None
    otherwise."""
    names: list[str] = []
    for connection in info.selected_fields:
        if not _plain(connection) or not _collect(connection.selections, _CONNECTION, names):
            return None
    fields = tuple(dict.fromkeys(name for name in names if name != "cursor"))
    return Selected(fields, "cursor" in names)


def _collect(selections: list[Selection], allowed: frozenset[str], names: list[str]) -> bool:
    for selection in selections:
        if not _plain(selection) or selection.name not in allowed:
            return False
        if selection.name == "edges" and not _collect(selection.selections, _EDGE, names):
            return False
        if selection.name == "cursor":
            names.append("cursor")
        if selection.name == "node":
            fields = selection.selections
            if not all(_plain(f) and f.name in _NODE for f in fields):
                return False
            names.extend(f.name for f in fields if isinstance(f, SelectedField))
    return True


def _plain(selection: Selection) -> TypeGuard[SelectedField]:
    return isinstance(selection, SelectedField) and not selection.directives


def node_of(kind: type[Any], fields: tuple[str, ...]) -> Callable[[Row], Any]:
    """Makes a `kind` (ApiKey) holding `fields` only, for one page: reading another field
    is an error."""
    makes = [(_FIELDS[name][0], _FIELDS[name][2]) for name in fields if name != "__typename"]
    now = datetime.now(UTC)  # one instant for a page's statuses

    def node(row: Row) -> Any:
        made = object.__new__(kind)
        for attribute, make in makes:
            setattr(made, attribute, make(row, now))
        return made

    return node
