from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from resolvers import checks
from resolvers.checks import Fields, checked
from resolvers.unchanged import UNCHANGED


@dataclass(frozen=True)
class CustomerFields(Fields):
    """A customer as a caller sets it; its externalId is unique in the organization."""

    REQUIRED = frozenset({"external_id"})

    external_id: Annotated[Any, checked(checks.text, "externalId")] = UNCHANGED
    name: Annotated[Any, checked(checks.text, "name", required=False)] = UNCHANGED
    email: Annotated[Any, checked(checks.email, "email")] = UNCHANGED
    currency: Annotated[Any, checked(checks.currency, "currency", required=False)] = UNCHANGED
