from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from models import PlanInterval
from resolvers import checks
from resolvers.checks import Fields, checked
from resolvers.unchanged import UNCHANGED


@dataclass(frozen=True)
class PlanFields(Fields):
    """A plan as a caller sets it; its code is unique in the organization.

    Left out of a new plan: MONTHLY, 0 cents.
    """

    REQUIRED = frozenset({"code", "name", "currency"})

    code: Annotated[Any, checked(checks.text, "code")] = UNCHANGED
    name: Annotated[Any, checked(checks.text, "name")] = UNCHANGED
    currency: Annotated[Any, checked(checks.currency, "currency")] = UNCHANGED
    interval: Annotated[Any, checked(checks.choice, "interval", PlanInterval)] = UNCHANGED
    amount_cents: Annotated[Any, checked(checks.cents, "amountCents")] = UNCHANGED
