from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from models import SubscriptionStatus
from resolvers import checks
from resolvers.checks import Fields, checked, keeping_null
from resolvers.unchanged import UNCHANGED


@dataclass(frozen=True)
class SubscriptionFields(Fields):
    """A customer's subscription to a plan, both of the organization.

    A null status or start is left as it is: a new subscription is ACTIVE from now.
    """

    customer_id: Any = UNCHANGED
    plan_id: Any = UNCHANGED
    status: Annotated[Any, checked(keeping_null(checks.choice), "status", SubscriptionStatus)] = (
        UNCHANGED
    )
    started_at: Annotated[Any, checked(keeping_null(checks.instant), "startedAt")] = UNCHANGED
