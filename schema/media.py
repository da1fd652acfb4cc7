"""The media types of POST /graphql: what it reads and what it answers with.

Only JSON bodies are read: a browser sends text/plain, form and multipart bodies
to another site without a CORS preflight, so refusing them keeps a page elsewhere
from running `login` (or anything) from a visitor's browser.
"""

from __future__ import annotations

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_JSON_RANGES = frozenset({JSON, "application/*", "*/*"})


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type is application/json (parameters such as charset allowed)."""
    return content_type is not None and _media(content_type) == JSON


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
            ranges.add(_media(media))
    return ranges


def _is_zero_quality(parameter: str) -> bool:
    name, _, value = parameter.partition("=")
    if name.strip().lower() != "q":
        return False
    try:
        return float(value) <= 0
    except ValueError:
        return False


def _media(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()
