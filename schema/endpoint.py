"""POST /graphql: media types, size limit, JSON, Bearer authentication, execution, error
mapping."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from graphql import DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode, parse
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html

from auth.addresses import IPAddress, client_address
from auth.bearer import AuthenticationFailed, authenticate
from auth.keyring import Keyring
from auth.last_used import last_used
from auth.principal import Principal
from auth.throttle import FailureThrottle, Limited
from models.database import expire_connections, is_unavailable
from schema import schema
from schema.context import Context
from schema.errors import error_body, format_error
from schema.media import GRAPHQL_RESPONSE, JSON, answer_type, is_json
from settings import Settings

MAX_BODY_BYTES = 1_000_000
_OPEN_FIELDS = frozenset({"login", "__schema", "__type", "__typename"})
# The high-traffic path does not update lastUsedAt.
_INGESTION_FIELDS = frozenset({"ingestEvents", "createEvent", "__typename"})


class RequestRefused(Exception):
    def __init__(self, status: int, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, error_body(message, code, **extensions)


def json_response(payload: dict[str, Any], status: int = 200, **headers: str) -> Response:
    return Response(orjson.dumps(payload), status, headers, media_type="application/json")


def refusal(error: RequestRefused, **headers: str) -> Response:
    if error.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if error.status == 429:
        headers["Retry-After"] = str(error.body["extensions"]["retryAfter"])
    return json_response({"data": None, "errors": [error.body]}, error.status, **headers)


_UNSUPPORTED_MEDIA_TYPE = RequestRefused(415, f"the body must be {JSON}", "UNSUPPORTED_MEDIA_TYPE")
_NOT_ACCEPTABLE = RequestRefused(
    406, f"Accept names neither {JSON} nor {GRAPHQL_RESPONSE}", "NOT_ACCEPTABLE"
)


class GraphQLEndpoint:
    def __init__(self, settings: Settings, keyring: Keyring, throttle: FailureThrottle) -> None:
        self.settings, self.keyring, self.throttle = settings, keyring, throttle

    async def handle(self, request: Request) -> Response:
        if request.method == "GET":
            return HTMLResponse(get_graphql_ide_html())
        answer = answer_type(request.headers.get("accept"))
        if not is_json(request.headers.get("content-type")):
            response = refusal(_UNSUPPORTED_MEDIA_TYPE)
        elif answer is None:
            response = refusal(_NOT_ACCEPTABLE)
        else:
            response = await self._execute(request)
            response.headers["Content-Type"] = answer
        # Any answer may carry a secret or a session token: no cache may keep it.
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _execute(self, request: Request) -> Response:
        peer = request.client.host if request.client else None
        forwarded = request.headers.get("x-forwarded-for")
        client = client_address(peer, forwarded, self.settings.trusted_proxies)
        address = str(client) if client else None
        try:
            payload = _payload(await _read_body(request))
            principal = await self._principal(request, payload, client)
        except RequestRefused as error:
            return refusal(error, **({"Retry-After": "1"} if error.status == 503 else {}))
        if (
            principal
            and principal.api_key_id
            and not _is_ingestion(payload["query"], payload.get("operationName"))
        ):
            last_used.record(principal.api_key_id, datetime.now(UTC))
        result = await schema.execute(
            payload["query"],
            variable_values=payload.get("variables"),
            context_value=Context(
                keyring=self.keyring,
                throttle=self.throttle,
                principal=principal,
                client_address=address,
            ),
            operation_name=payload.get("operationName"),
        )
        errors = [format_error(error) for error in result.errors or ()]
        body: dict[str, Any] = {"data": result.data}
        if errors:
            body["errors"] = errors
        codes = {e["extensions"]["code"] for e in errors}
        if "SERVICE_UNAVAILABLE" in codes:
            await expire_connections()
            return json_response(body, 503, **{"Retry-After": "1"})
        if "RATE_LIMITED" in codes:
            return json_response(body, 429, **{"Retry-After": _retry_after(errors)})
        if "UNAUTHENTICATED" in codes:
            return json_response(body, 401, **{"WWW-Authenticate": "Bearer"})
        return json_response(body)

    async def _principal(
        self, request: Request, payload: dict[str, Any], client: IPAddress | None
    ) -> Principal | None:
        if _needs_no_token(payload["query"], payload.get("operationName")):
            return None
        header = request.headers.get("authorization")
        try:
            return await authenticate(header, client, self.settings, self.throttle)
        except AuthenticationFailed:
            raise RequestRefused(
                401, "missing, unknown, revoked or expired credentials", "UNAUTHENTICATED"
            ) from None
        except Limited as limited:
            raise RequestRefused(
                429,
                "too many failed authentications from this address; retry later",
                "RATE_LIMITED",
                retryAfter=limited.retry_after,
            ) from None
        except Exception as error:
            if not is_unavailable(error):
                raise
            await expire_connections()
            raise RequestRefused(
                503, "the database is unavailable; retry", "SERVICE_UNAVAILABLE"
            ) from None


def _retry_after(errors: list[dict[str, Any]]) -> str:
    """The longest wait a RATE_LIMITED error asks for, in seconds."""
    limited = [e["extensions"] for e in errors if e["extensions"]["code"] == "RATE_LIMITED"]
    return str(max((int(e.get("retryAfter", 1)) for e in limited), default=1))


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RequestRefused(413, f"request body over {MAX_BODY_BYTES} bytes", "PAYLOAD_TOO_LARGE")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise RequestRefused(
                    413, f"request body over {MAX_BODY_BYTES} bytes", "PAYLOAD_TOO_LARGE"
                )
            chunks.append(chunk)
    except ClientDisconnect:
        raise RequestRefused(400, "the client went away", "BAD_REQUEST") from None
    return b"".join(chunks)


def _payload(body: bytes) -> dict[str, Any]:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise RequestRefused(400, "the body is not JSON", "BAD_REQUEST") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        raise RequestRefused(400, 'expected {"query": "...", "variables": {...}}', "BAD_REQUEST")
    if not isinstance(payload.get("variables") or {}, dict):
        raise RequestRefused(400, "variables must be an object", "BAD_REQUEST")
    if not isinstance(payload.get("operationName") or "", str):
        raise RequestRefused(400, "operationName must be a string", "BAD_REQUEST")
    return payload


@lru_cache(maxsize=256)
def _parsed(query: str) -> DocumentNode | None:
    try:
        return parse(query, max_tokens=5000)
    except GraphQLError:
        return None


def _only_fields(query: str, operation_name: str | None, names: frozenset[str]) -> bool:
    """Whether the operation to run selects nothing at its top but these fields."""
    document = _parsed(query)
    if document is None:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1:
        return False
    selections = operations[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in names for s in selections)


def _needs_no_token(query: str, operation_name: str | None) -> bool:
    """Only `login` and introspection run without a token."""
    return _only_fields(query, operation_name, _OPEN_FIELDS)


def _is_ingestion(query: str, operation_name: str | None) -> bool:
    return _only_fields(query, operation_name, _INGESTION_FIELDS)
