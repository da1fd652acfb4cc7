from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from resolvers import checks, text
from resolvers.errors import BadUserInput


@dataclass(frozen=True)
class EventFields:
    """One usage event as a caller sends it; its transactionId makes sending it again harmless.

    Left out: the time of arrival, no properties.
    """

    transaction_id: str
    external_customer_id: str
    code: str
    timestamp: datetime | None = None
    properties: Any = None

    def checked(self) -> dict[str, Any]:
        properties = self.properties or {}
        if not isinstance(properties, dict):
            raise BadUserInput("properties", "must be a JSON object")
        return {
            "transaction_id": checks.text("transactionId", self.transaction_id),
            "external_customer_id": checks.text("externalCustomerId", self.external_customer_id),
            "code": checks.text("code", self.code),
            "timestamp": checks.instant("timestamp", self.timestamp) or datetime.now(UTC),
            "properties": text.check_json("properties", properties),
        }
