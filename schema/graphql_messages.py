"""Codes for the errors that graphql-core and Strawberry's limiters tell only in words.

Syntax errors, the token limit and bad variables (graphql-core), and the depth and alias
limits (Strawberry) arrive as plain GraphQLErrors: their message is all that tells them
apart. This module is the one place that reads that text;
tests/schema/test_graphql_messages.py makes each library produce each message and fails
when a release changes one.
"""

from __future__ import annotations

import re

# graphql-core 3.3 puts the path to the bad value first: "Variable '$i' has invalid
# value at [0].timestamp: ...". The innermost input field is the one to name.
_VARIABLE_RE = re.compile(
    r"^Variable '\$(\w+)'(?: has invalid (?:default )?value at ([\w.\[\]]+):)?"
)
_PATH_FIELD_RE = re.compile(r"\.(\w+)")
# An input object missing a required field, or given one its type does not have.
_NAMED_FIELD_RE = re.compile(r"to include (?:required|unknown) field '(\w+)'")


def field_named_in(message: str) -> str | None:
    """The input field a value error is about, when only its message names it."""
    named = _NAMED_FIELD_RE.search(message)
    return named[1] if named else None


def request_error_code(message: str) -> tuple[str, dict[str, str]]:
    """The code of an error in the request itself, and its extensions (`field`)."""
    if "more than" in message and "tokens" in message:
        return "QUERY_TOO_LARGE", {}
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED", {}
    variable = _VARIABLE_RE.match(message)
    if variable:
        field = field_named_in(message) or _innermost_field(variable[1], variable[2] or "")
        return "BAD_USER_INPUT", {"field": field}
    if "exceeds maximum operation depth" in message:
        return "QUERY_TOO_DEEP", {}
    if "aliases found" in message:
        return "TOO_MANY_ALIASES", {}
    return "GRAPHQL_VALIDATION_FAILED", {}


def _innermost_field(variable: str, path: str) -> str:
    fields = _PATH_FIELD_RE.findall(path)
    return fields[-1] if fields else variable
