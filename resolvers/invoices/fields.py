from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from models import InvoiceStatus
from resolvers import checks
from resolvers.checks import Fields, checked
from resolvers.unchanged import UNCHANGED


@dataclass(frozen=True)
class InvoiceFields(Fields):
    """An invoice as a caller sets it; its number is unique in the organization.

    Its customer and subscription are chosen once, at creation. Left out of a new
    invoice: DRAFT, 0 cents, not issued.
    """

    REQUIRED = frozenset({"number", "currency"})

    customer_id: Any = UNCHANGED
    subscription_id: Any = UNCHANGED
    number: Annotated[Any, checked(checks.text, "number", limit=64)] = UNCHANGED
    status: Annotated[Any, checked(checks.choice, "status", InvoiceStatus)] = UNCHANGED
    total_cents: Annotated[Any, checked(checks.cents, "totalCents")] = UNCHANGED
    currency: Annotated[Any, checked(checks.currency, "currency")] = UNCHANGED
    issued_at: Annotated[Any, checked(checks.instant, "issuedAt")] = UNCHANGED
