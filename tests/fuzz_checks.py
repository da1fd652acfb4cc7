"""The schemathesis check of our fuzz runs (loaded through SCHEMATHESIS_HOOKS).

Coded GraphQL errors (NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, ...) are the API
working as specified; a 5xx, a body that is not GraphQL-shaped, or an error
without a code or masked as INTERNAL_SERVER_ERROR is a failure.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.check
def coded_graphql_answer(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}")
    body = json.loads(response.content)
    if not isinstance(body, dict) or not ({"data", "errors"} & set(body)):
        raise AssertionError("not a GraphQL response")
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        if not code or code == "INTERNAL_SERVER_ERROR":
            raise AssertionError(f"uncoded or internal error: {error.get('message')}")
    return None
