from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from models import Aggregation
from resolvers import checks
from resolvers.checks import Fields, checked
from resolvers.errors import BadUserInput
from resolvers.unchanged import UNCHANGED


@dataclass(frozen=True)
class BillableMetricFields(Fields):
    """A metric as a caller sets it; its code is unique in the organization."""

    REQUIRED = frozenset({"code", "name"})

    code: Annotated[Any, checked(checks.text, "code")] = UNCHANGED
    name: Annotated[Any, checked(checks.text, "name")] = UNCHANGED
    aggregation: Annotated[Any, checked(checks.choice, "aggregation", Aggregation)] = UNCHANGED
    field_name: Annotated[Any, checked(checks.text, "fieldName", required=False)] = UNCHANGED


def check_consistent(aggregation: Aggregation, field_name: str | None) -> None:
    """Every aggregation but COUNT needs the event property it aggregates."""
    if aggregation is not Aggregation.COUNT and not field_name:
        raise BadUserInput(
            "fieldName", f"{aggregation.value} needs the event property to aggregate"
        )
