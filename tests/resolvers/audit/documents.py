"""The audit trail as the tests of what is recorded and of how it is listed read it."""

from __future__ import annotations

TRAIL = (
    "query($k: ID, $a: String) { auditEvents(first: 100, apiKeyId: $k, after: $a) { totalCount "
    "edges { node { action apiKeyId actorMemberId actorApiKeyId clientAddress before after } } } }"
)
