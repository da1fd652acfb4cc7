"""The OpenAPI 3.1 document of /api/v1 (GET /api/v1/openapi.json), made from the operations
themselves (rest/resources/): their paths, bodies, answers and failures, the bearer scheme,
and each one's `x-required-permission`. Nothing here is kept by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest.errors import error_text
from rest.fields import Schema, Shape
from rest.operations import Operation

TITLE = "API keys: the Lago-compatible REST API"
DESCRIPTION = """The billing objects of the API-key service, in the paths and shapes of
Lago's REST API (`/api/v1`), for connectors built for Lago: change the base URL and the key.

Every operation needs `Authorization: Bearer <API key>` (member sessions are refused) and
the permission it names in `x-required-permission`: the same keys, grants, allowed IPs and
limits as `POST /graphql`. Lists page with `page` and `per_page` (at most 100)."""
# Each failure's response component, and the header a client acts on.
_FAILURES: dict[int, tuple[str, str | None]] = {
    400: ("BadRequest", None),
    401: ("Unauthorized", "WWW-Authenticate"),
    403: ("Forbidden", None),
    404: ("NotFound", None),
    405: ("NotAllowed", "Allow"),
    413: ("PayloadTooLarge", None),
    415: ("UnsupportedMediaType", None),
    422: ("UnprocessableEntity", None),
    429: ("TooManyRequests", "Retry-After"),
    503: ("ServiceUnavailable", "Retry-After"),
}
_WHEN = {
    400: "The body is not JSON (`invalid_json`), or lacks its object (`<object>_missing`).",
    401: "No API key, or an unknown, revoked, expired or out-of-range one, or a session token.",
    403: "The key lacks the permission: `<object>_<access>_forbidden`.",
    404: "No such object in the key's organization: `<object>_not_found`.",
    405: "The object is in use: `<object>_in_use`.",
    413: "A body over 1 MB.",
    415: "A body that is not `application/json`.",
    422: "A value the operation refuses: `validation_errors`, `error_details` naming each field.",
    429: "Too many failed authentications from this address, the key's rate limit "
    "(`rate_limited`, with `RateLimit` and `RateLimit-Policy`), or no credits left "
    "(`usage_exceeded`; ingestion spends one per event): retry after `Retry-After` s "
    "(absent when the key's credits have no refill).",
    503: "The database is unavailable: retry.",
}
_META: Schema = {
    "type": "object",
    "required": ["current_page", "next_page", "prev_page", "total_pages", "total_count"],
    "properties": {
        "current_page": {"type": "integer"},
        "next_page": {"type": ["integer", "null"]},
        "prev_page": {"type": ["integer", "null"]},
        "total_pages": {"type": "integer"},
        "total_count": {"type": "integer"},
    },
}


def document(operations: Iterable[Operation]) -> dict[str, Any]:
    operations = list(operations)
    paths: dict[str, dict[str, Any]] = {}
    for operation in operations:
        paths.setdefault(operation.path, {})[operation.method.lower()] = _operation(operation)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": "1", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": name} for name in dict.fromkeys(o.shape.plural for o in operations)],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key (`lk_live_...`); member sessions are refused.",
                }
            },
            "schemas": _schemas(operations),
            "responses": {name: _failure(status) for status, (name, _) in _FAILURES.items()},
        },
    }


def _ref(kind: str, name: str) -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def _answer_name(operation: Operation) -> str:
    title = operation.shape.title
    return {"one": title, "page": f"{title}sPaginated", "list": f"{title}s"}[operation.answer]


def _schemas(operations: list[Operation]) -> dict[str, Schema]:
    schemas: dict[str, Schema] = {"PaginationMeta": _META, "ApiError": _API_ERROR}
    for operation in operations:
        shape = operation.shape
        schemas[f"{shape.title}Object"] = shape.schema()
        schemas[_answer_name(operation)] = _answer(operation.answer, shape)
        if operation.body is not None:
            body = operation.body
            schemas[body.title] = body.schema(body.item_schema())
    return dict(sorted(schemas.items()))


def _answer(kind: str, shape: Shape) -> Schema:
    item = _ref("schemas", f"{shape.title}Object")
    if kind == "one":
        return {"type": "object", "required": [shape.name], "properties": {shape.name: item}}
    listed = {shape.plural: {"type": "array", "items": item}}
    if kind == "page":
        listed["meta"] = _ref("schemas", "PaginationMeta")
    return {"type": "object", "required": list(listed), "properties": listed}


def _operation(operation: Operation) -> dict[str, Any]:
    obj, access = operation.permission
    requires = f"Requires the API key's permission {obj.value} {access.value}."
    described = " ".join(filter(None, [operation.description, requires]))
    spec: dict[str, Any] = {
        "operationId": operation.operation_id,
        "summary": operation.summary,
        "description": described,
        "tags": [operation.shape.plural],
        "x-required-permission": {"object": obj.value, "access": access.value},
    }
    if operation.params:
        spec["parameters"] = [
            {
                "name": param.name,
                "in": param.where,
                "required": param.where == "path",
                "description": param.description,
                "schema": param.schema,
            }
            for param in operation.params
        ]
    if operation.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref("schemas", operation.body.title)}},
        }
    answer = {"application/json": {"schema": _ref("schemas", _answer_name(operation))}}
    spec["responses"] = {"200": {"description": operation.summary, "content": answer}} | {
        str(status): _ref("responses", _FAILURES[status][0])
        for status in sorted(operation.statuses)
    }
    return spec


_API_ERROR: Schema = {
    "type": "object",
    "required": ["status", "error"],
    "properties": {
        "status": {"type": "integer"},
        "error": {"type": "string", "examples": ["Not Found"]},
        "code": {"type": "string", "examples": ["customer_not_found"]},
        "error_details": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def _failure(status: int) -> dict[str, Any]:
    schema = {"allOf": [_ref("schemas", "ApiError")], "properties": {"status": {"const": status}}}
    response: dict[str, Any] = {
        "description": f"{error_text(status)}. {_WHEN[status]}",
        "content": {"application/json": {"schema": schema}},
    }
    header = _FAILURES[status][1]
    if header is not None:
        # A key out of credits with no refill has nothing to wait for (auth/metering.py).
        required = status != 429
        response["headers"] = {header: {"schema": {"type": "string"}, "required": required}}
    return response
