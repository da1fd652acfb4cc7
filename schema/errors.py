"""One function turns every GraphQL error into what the client sees.

Expected failures (domain errors, permission refusals, request errors) keep
their code; anything else is logged and masked as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from graphql import GraphQLError

from models.database import is_unavailable
from resolvers.errors import DomainError
from schema.graphql_messages import request_error_code

log = logging.getLogger("apikeys.errors")


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extensions}}


def format_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, DomainError):
        body = error_body(original.message, original.code, **original.extensions)
    elif error.extensions and "code" in error.extensions:
        body = {"message": error.message, "extensions": dict(error.extensions)}
    elif original is None or isinstance(original, GraphQLError):
        code, extensions = request_error_code(error.message)
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
