"""One function turns every GraphQL error into what the client sees.

Expected failures (domain errors, permission refusals, request errors) keep
their code; anything else is logged and masked as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from models.database import is_unavailable
from resolvers.codes import ErrorCode
from resolvers.errors import DomainError
from schema.graphql_messages import request_error_code

log = logging.getLogger("apikeys.errors")


@dataclass(frozen=True)
class CodeInfo:
    status: int  # of an application/json answer; 200 when the error rides in `errors`
    meaning: str


C = ErrorCode
# README's table of errors is checked against this one (tests/schema/test_error_codes.py).
CODES: dict[ErrorCode, CodeInfo] = {
    C.BAD_REQUEST: CodeInfo(
        400, "the body is not JSON, or not `{query, variables, operationName}`"
    ),
    C.PAYLOAD_TOO_LARGE: CodeInfo(413, "a body over 1 MB"),
    C.UNSUPPORTED_MEDIA_TYPE: CodeInfo(415, "a body that is not `application/json`"),
    C.NOT_ACCEPTABLE: CodeInfo(406, "an `Accept` header naming no JSON type nor a wildcard"),
    C.GRAPHQL_PARSE_FAILED: CodeInfo(200, "the document is not valid GraphQL syntax"),
    C.GRAPHQL_VALIDATION_FAILED: CodeInfo(
        200, "the document asks for a field, argument or type the schema does not have"
    ),
    C.QUERY_TOO_LARGE: CodeInfo(200, "a document over 5,000 tokens"),
    C.QUERY_TOO_DEEP: CodeInfo(200, "a selection nested deeper than 10 levels"),
    C.TOO_MANY_ALIASES: CodeInfo(200, "more than 30 aliases"),
    C.UNAUTHENTICATED: CodeInfo(
        401,
        "no token; an unknown, revoked, expired or rotated-out one; a request from outside "
        "`allowedIps`; a wrong e-mail or password (with `WWW-Authenticate: Bearer`)",
    ),
    C.RATE_LIMITED: CodeInfo(
        429,
        "too many failed attempts from this address or at this account, or over the API key's "
        "rate limit (`Retry-After`)",
    ),
    C.FORBIDDEN: CodeInfo(
        200,
        "authenticated, but lacking a permission: `object` and `access`, `fullAccess`, "
        'or `requires: "ADMIN_SESSION"` name it',
    ),
    C.BAD_USER_INPUT: CodeInfo(
        200,
        "an argument or input field is invalid, written inline or in a variable: `field` names it",
    ),
    C.NOT_FOUND: CodeInfo(
        200, "no such object in the caller's organization (another organization's too)"
    ),
    C.CONFLICT: CodeInfo(
        200,
        "the operation breaks a rule: the last usable key, a key changing itself, a pending "
        "rotation, an expired or revoked key, a key that is not revealable",
    ),
    C.SUDO_REQUIRED: CodeInfo(
        200,
        "a session must confirm its password (`confirmPassword`) first: it has not in the "
        "last 10 minutes (`sudoWindowSeconds`); API keys are never asked",
    ),
    C.SERVICE_UNAVAILABLE: CodeInfo(
        503, "the database could not be reached; retry (`Retry-After`)"
    ),
    C.INTERNAL_SERVER_ERROR: CodeInfo(200, "anything unexpected; no detail, no stack trace"),
    # People (issue 18)
    C.ORGANIZATION_REQUIRED: CodeInfo(
        200,
        "right e-mail and password, but a member of several organizations: `organizations` "
        "lists them; log in again naming one (`organizationId`)",
    ),
    C.USAGE_EXCEEDED: CodeInfo(
        429, "the API key has no credits left until its next refill (`Retry-After` when it has one)"
    ),
}


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
