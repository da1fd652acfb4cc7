"""The media types of POST /graphql: what it reads and what it answers with.

Only JSON bodies are read: a browser sends text/plain, form and multipart bodies
to another site without a CORS preflight, so refusing them keeps a page elsewhere
from running `login` (or anything) from a visitor's browser.
"""

from __future__ import annotations

from web.requests import JSON, is_json, media_type

__all__ = ["GRAPHQL_RESPONSE", "JSON", "answer_type", "is_json"]
GRAPHQL_RESPONSE = "application/graphql-response+json"
_JSON_RANGES = frozenset({JSON, "application/*", "*/*"})


def answer_type(accept: str | None) -> str | None:
    """The media type to answer with: GraphQL's own when Accept names it, JSON when Accept
    names JSON or a wildcard (or is absent), None when it names neither."""
    if accept is None or not accept.strip():
        return JSON
    accepted = _accepted(accept)
    if GRAPHQL_RESPONSE in accepted:
        return GRAPHQL_RESPONSE
    return JSON if accepted & _JSON_RANGES else None


def _accepted(accept: str) -> set[str]:
    """The media ranges of an Accept header, without those refused with q=0."""
    ranges = set()
    for item in accept.split(","):
        media, *parameters = item.split(";")
        if not any(_is_zero_quality(p) for p in parameters):
            ranges.add(media_type(media))
    return ranges


def _is_zero_quality(parameter: str) -> bool:
    name, _, value = parameter.partition("=")
    if name.strip().lower() != "q":
        return False
    try:
        return float(value) <= 0
    except ValueError:
        return False
