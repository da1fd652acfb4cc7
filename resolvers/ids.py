from __future__ import annotations

import uuid

from resolvers.errors import NotFound


def parse_id(value: str, kind: str) -> str:
    """An ID that is not a UUID names no object: NOT_FOUND, like another organization's."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise NotFound(f"{kind} not found") from None
