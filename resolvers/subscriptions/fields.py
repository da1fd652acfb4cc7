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

    A null status or start is left as it is: a new subscription is ACTIVE from now. The
    customer and the plan are named by id or by `owned.By` (external_id, code); the caller's
    own externalId, unique in the organization, is the subscription's id when left out.
    """

    REQUIRED = frozenset({"customer_id", "plan_id"})

    customer_id: Any = UNCHANGED
    plan_id: Any = UNCHANGED
    external_id: Annotated[Any, checked(keeping_null(checks.text), "externalId")] = UNCHANGED
    status: Annotated[Any, checked(keeping_null(checks.choice), "status", SubscriptionStatus)] = (
        UNCHANGED
    )
    started_at: Annotated[Any, checked(keeping_null(checks.instant), "startedAt")] = UNCHANGED
