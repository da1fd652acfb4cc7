"""One function turns every GraphQL error into what the client sees.

Expected failures (domain errors, permission refusals, request errors) keep
their code; anything else is logged and masked as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from graphql import GraphQLError

from models.database import is_unavailable
from resolvers.errors import DomainError

log = logging.getLogger("apikeys.errors")
# graphql-core 3.3 puts the path to the bad value first: "Variable '$i' has invalid
# value at [0].timestamp: ...". The innermost input field is the one to name.
_VARIABLE_RE = re.compile(
    r"^Variable '\$(\w+)'(?: has invalid (?:default )?value at ([\w.\[\]]+):)?"
)
_PATH_FIELD_RE = re.compile(r"\.(\w+)")


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extensions}}


def format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, DomainError):
        body = error_body(original.message, original.code, **original.extensions)
    elif error.extensions and "code" in error.extensions:
        body = {"message": error.message, "extensions": dict(error.extensions)}
    elif original is None or isinstance(original, GraphQLError):
        code, extensions = _request_error_code(error.message)
        body = error_body(error.message, code, **extensions)
    elif is_unavailable(original):
        body = error_body("the database is unavailable; retry", "SERVICE_UNAVAILABLE")
    else:
        # Type, place and frames, not the message: a message could hold a secret.
        frames = "".join(traceback.format_tb(original.__traceback__))
        log.error("unexpected %s at %s\n%s", type(original).__name__, error.path, frames)
        body = error_body("Internal server error", "INTERNAL_SERVER_ERROR")
    if error.locations:
        body["locations"] = [loc._asdict() for loc in error.locations]
    if error.path:
        body["path"] = error.path
    return body


def _request_error_code(message: str) -> tuple[str, dict[str, str]]:
    if "more than" in message and "tokens" in message:
        return "QUERY_TOO_LARGE", {}
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED", {}
    variable = _VARIABLE_RE.match(message)
    if variable:
        return "BAD_USER_INPUT", {"field": _innermost_field(variable[1], variable[2] or "")}
    if "exceeds maximum operation depth" in message:
        return "QUERY_TOO_DEEP", {}
    if "aliases found" in message:
        return "TOO_MANY_ALIASES", {}
    return "GRAPHQL_VALIDATION_FAILED", {}


def _innermost_field(variable: str, path: str) -> str:
    fields = _PATH_FIELD_RE.findall(path)
    return fields[-1] if fields else variable
