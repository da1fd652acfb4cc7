"""Errors as Lago answers them: `{"status", "error"}`, with a `code` when the client can act
on one, and `error_details` for a 422. One function maps the use cases' failures
(resolvers/errors.py); the door (rest/door.py) refuses the rest itself.

| failure | status | code |
| --- | --- | --- |
| the body is not JSON, or lacks its object | 400 | `invalid_json`, `<root>_missing` |
| no key, or an unknown, revoked, expired or out-of-range one; a session token | 401 | |
| a permission the key lacks | 403 | `<object>_<access>_forbidden` |
| no such object in the key's organization | 404 | `<object>_not_found` |
| the object is in use (a customer with subscriptions) | 405 | `<object>_in_use` |
| a body over 1 MB | 413 | |
| a body that is not `application/json` | 415 | |
| a value of the wrong type, or refused by the use case | 422 | `validation_errors` |
| too many failed authentications from the address | 429 | (`Retry-After`) |
| over the key's rate limit | 429 | `rate_limited` (`Retry-After`, `RateLimit`) |
| the key has no credits left | 429 | `usage_exceeded` (`Retry-After` until a refill) |
| the database is unavailable | 503 | (`Retry-After`) |
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resolvers.errors import (
    BadUserInput,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RateLimited,
    Unauthenticated,
)

# The objects a NOT_FOUND names by the input field it came from (resolvers/owned.py);
# any other field is the operation's own object.
_REFERENCES = {"customerId": "customer", "planId": "plan", "subscriptionId": "subscription"}


class Refusal(Exception):
    """An answer in Lago's error shape."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        *,
        details: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(code or str(status))
        self.status, self.headers = status, dict(headers or {})
        self.body: dict[str, Any] = {"status": status, "error": error_text(status)}
        if code is not None:
            self.body["code"] = code
        if details is not None:
            self.body["error_details"] = dict(details)


# Lago's words, fixed here: Python's own phrases change between versions (413, 422).
_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def error_text(status: int) -> str:
    return _TEXT[status]


def invalid(details: Mapping[str, list[str]]) -> Refusal:
    return Refusal(422, "validation_errors", details=details)


UNAUTHORIZED = Refusal(401, headers={"WWW-Authenticate": "Bearer"})
UNAVAILABLE = Refusal(503, headers={"Retry-After": "1"})
TOO_LARGE = Refusal(413)
UNSUPPORTED_MEDIA_TYPE = Refusal(415)
INVALID_JSON = Refusal(400, "invalid_json")


def rate_limited(retry_after: int) -> Refusal:
    return Refusal(429, headers={"Retry-After": str(max(1, retry_after))})


def refusal_of(error: DomainError, own: str, names: Mapping[str, str]) -> Refusal | None:
    """A use case's failure, for an operation on the object `own` (`customer`) whose input
    fields are `names` (the use case's field name: the body's); None for one unforeseen."""
    if isinstance(error, Forbidden):
        obj, access = error.extensions.get("object"), error.extensions.get("access")
        code = f"{obj}_{access}_forbidden".lower() if obj and access else "forbidden"
        return Refusal(403, code)
    field = str(error.extensions.get("field", ""))
    if isinstance(error, NotFound):
        return Refusal(404, f"{_REFERENCES.get(field, own)}_not_found")
    if isinstance(error, BadUserInput):
        return invalid({names.get(field, snake_case(field)): [error.message]})
    if isinstance(error, Conflict):
        return Refusal(405, f"{own}_in_use")
    if isinstance(error, RateLimited):
        return rate_limited(error.retry_after)
    if isinstance(error, Unauthenticated):
        return UNAUTHORIZED
    return None


def snake_case(name: str) -> str:
    """`externalId` as Lago names it: `external_id`."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
