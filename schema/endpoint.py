"""POST /graphql, one step at a time: media types, the body, the caller, execution, the
answer. GET serves GraphiQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html
from strawberry.types import ExecutionResult

from auth.addresses import IPAddress, client_address
from auth.bearer import AuthenticationFailed, Authenticator
from auth.principal import Principal
from auth.throttle import Limited
from models.database import expire_connections, is_unavailable
from resolvers.services import Services
from schema import schema
from schema.context import Context
from schema.document import TopLevel
from schema.errors import error_body, format_error
from schema.media import GRAPHQL_RESPONSE, JSON, answer_type, is_json

MAX_BODY_BYTES = 1_000_000
# Only these run without a token.
_OPEN_FIELDS = frozenset({"login", "__schema", "__type", "__typename"})
# The high-traffic path does not update lastUsedAt.
_INGESTION_FIELDS = frozenset({"ingestEvents", "createEvent", "__typename"})
# The HTTP status of an executed request whose errors carry one of these codes.
_STATUS_OF_CODE = {"SERVICE_UNAVAILABLE": 503, "RATE_LIMITED": 429, "UNAUTHENTICATED": 401}


class RequestRefused(Exception):
    def __init__(self, status: int, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, error_body(message, code, **extensions)


_UNSUPPORTED_MEDIA_TYPE = RequestRefused(415, f"the body must be {JSON}", "UNSUPPORTED_MEDIA_TYPE")
_NOT_ACCEPTABLE = RequestRefused(
    406, f"Accept names neither {JSON} nor {GRAPHQL_RESPONSE}", "NOT_ACCEPTABLE"
)
_TOO_LARGE = RequestRefused(413, f"request body over {MAX_BODY_BYTES} bytes", "PAYLOAD_TOO_LARGE")
_UNAUTHENTICATED = RequestRefused(
    401, "missing, unknown, revoked or expired credentials", "UNAUTHENTICATED"
)
_UNAVAILABLE = RequestRefused(503, "the database is unavailable; retry", "SERVICE_UNAVAILABLE")


def json_response(payload: dict[str, Any], status: int = 200) -> Response:
    headers = _headers_for(status, payload.get("errors") or ())
    return Response(orjson.dumps(payload), status, headers, media_type=JSON)


def _headers_for(status: int, errors: Any) -> dict[str, str]:
    """What a client needs to act on an error status."""
    if status == 401:
        return {"WWW-Authenticate": "Bearer"}
    if status == 429:
        waits = [e["extensions"].get("retryAfter", 1) for e in errors]
        return {"Retry-After": str(max(int(wait) for wait in waits or [1]))}
    if status == 503:
        return {"Retry-After": "1"}
    return {}


def refusal(error: RequestRefused) -> Response:
    return json_response({"data": None, "errors": [error.body]}, error.status)


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None

    @classmethod
    def of(cls, body: bytes) -> GraphQLRequest:
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise RequestRefused(400, "the body is not JSON", "BAD_REQUEST") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            raise RequestRefused(
                400, 'expected {"query": "...", "variables": {...}}', "BAD_REQUEST"
            )
        if not isinstance(payload.get("variables") or {}, dict):
            raise RequestRefused(400, "variables must be an object", "BAD_REQUEST")
        if not isinstance(payload.get("operationName") or "", str):
            raise RequestRefused(400, "operationName must be a string", "BAD_REQUEST")
        return cls(payload["query"], payload.get("variables"), payload.get("operationName"))

    @cached_property
    def top(self) -> TopLevel:
        return TopLevel.of(self.query, self.operation_name)


class GraphQLEndpoint:
    def __init__(self, services: Services, authenticator: Authenticator) -> None:
        self.services, self.authenticator = services, authenticator

    async def handle(self, request: Request) -> Response:
        if request.method == "GET":
            return HTMLResponse(get_graphql_ide_html())
        answer = answer_type(request.headers.get("accept"))
        try:
            _check_media(request, answer)
            response = await self._answer(request)
        except RequestRefused as error:
            response = refusal(error)
        response.headers["Content-Type"] = answer or JSON
        # Any answer may carry a secret or a session token: no cache may keep it.
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _answer(self, request: Request) -> Response:
        client = self._client_address(request)
        graphql = GraphQLRequest.of(await _read_body(request))
        principal = await self._caller(request, graphql, client)
        self._record_use(principal, graphql)
        result = await schema.execute(
            graphql.query,
            variable_values=graphql.variables,
            context_value=Context(self.services, principal, str(client) if client else None),
            operation_name=graphql.operation_name,
        )
        return await _response_of(result)

    def _client_address(self, request: Request) -> IPAddress | None:
        peer = request.client.host if request.client else None
        forwarded = request.headers.get("x-forwarded-for")
        return client_address(peer, forwarded, self.services.settings.trusted_proxies)

    async def _caller(
        self, request: Request, graphql: GraphQLRequest, client: IPAddress | None
    ) -> Principal | None:
        if graphql.top.only(_OPEN_FIELDS):
            return None
        header = request.headers.get("authorization")
        try:
            return await self.authenticator.authenticate(header, client)
        except AuthenticationFailed:
            raise _UNAUTHENTICATED from None
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
            raise _UNAVAILABLE from None

    def _record_use(self, principal: Principal | None, graphql: GraphQLRequest) -> None:
        if principal and principal.api_key_id and not graphql.top.only(_INGESTION_FIELDS):
            self.services.last_used.record(principal.api_key_id, datetime.now(UTC))


def _check_media(request: Request, answer: str | None) -> None:
    if not is_json(request.headers.get("content-type")):
        raise _UNSUPPORTED_MEDIA_TYPE
    if answer is None:
        raise _NOT_ACCEPTABLE


async def _response_of(result: ExecutionResult) -> Response:
    errors = [format_error(error) for error in result.errors or ()]
    body: dict[str, Any] = {"data": result.data}
    if errors:
        body["errors"] = errors
    codes = {error["extensions"]["code"] for error in errors}
    status = next((s for code, s in _STATUS_OF_CODE.items() if code in codes), 200)
    if status == 503:
        await expire_connections()
    return json_response(body, status)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TOO_LARGE
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise _TOO_LARGE
            chunks.append(chunk)
    except ClientDisconnect:
        raise RequestRefused(400, "the client went away", "BAD_REQUEST") from None
    return b"".join(chunks)
