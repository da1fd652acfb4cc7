"""POST /graphql, one step at a time: media types, the body, the caller, execution, the
answer. (GET is GraphiQL: schema/ide.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import ExecutionResult

from auth.activity import KeyOutcome
from auth.addresses import IPAddress
from auth.bearer import AuthenticationFailed, Authenticator, KeyRefused
from auth.caller import CredentialsUnavailable, identify, record_use
from auth.metering import Refused
from auth.principal import Principal
from auth.throttle import Limited
from models.database import expire_connections
from resolvers.codes import ErrorCode
from resolvers.services import Services
from schema import observed, schema
from schema.context import Context
from schema.document import TopLevel
from schema.errors import CODES, error_body, format_error
from schema.media import GRAPHQL_RESPONSE, JSON, answer_type, is_json
from schema.metering import request_cost
from telemetry import logs
from web.requests import MAX_BODY_BYTES, BodyTooLarge, ClientGone, client_of, read_body

# Only these run without a token.
_OPEN_FIELDS = frozenset({"login", "__schema", "__type", "__typename"}) | {
    # People (issue 18): a token from an e-mail stands for the credentials.
    "acceptInvitation",
    "requestPasswordReset",
    "resetPassword",
}
# The high-traffic path does not update lastUsedAt.
_INGESTION_FIELDS = frozenset({"ingestEvents", "createEvent", "__typename"})
# The codes that set the status of an executed request, the first found winning.
_DECISIVE = (ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.UNAUTHENTICATED)
# Where a request keeps its key's metering headers (and whether Retry-After has no meaning).
_METERING = "apikeys.metering"
_RAW_NAMES = {"RateLimit-Policy": b"ratelimit-policy", "RateLimit": b"ratelimit"}


class RequestRefused(Exception):
    """Refused before execution, with the status of its code (schema/errors.py)."""

    def __init__(self, code: ErrorCode, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.status, self.body = CODES[code].status, error_body(message, code, **extensions)


_UNSUPPORTED_MEDIA_TYPE = RequestRefused(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE, f"the body must be {JSON}"
)
_NOT_ACCEPTABLE = RequestRefused(
    ErrorCode.NOT_ACCEPTABLE, f"Accept names neither {JSON} nor {GRAPHQL_RESPONSE}"
)
_TOO_LARGE = RequestRefused(
    ErrorCode.PAYLOAD_TOO_LARGE, f"request body over {MAX_BODY_BYTES} bytes"
)
_UNAUTHENTICATED = RequestRefused(
    ErrorCode.UNAUTHENTICATED, "missing, unknown, revoked or expired credentials"
)
_UNAVAILABLE = RequestRefused(ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable; retry")


def json_response(payload: dict[str, Any], status: int = 200, media_type: str = JSON) -> Response:
    _name_the_request(payload)
    headers = _headers_for(status, payload.get("errors") or ())
    # Any answer may carry a secret or a session token: no cache may keep it.
    headers["Cache-Control"] = "no-store"
    return Response(orjson.dumps(payload), status, headers, media_type=media_type)


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


def _name_the_request(payload: dict[str, Any]) -> None:
    """An answer with errors names its request (`extensions.requestId` of the response,
    the X-Request-ID header's), so that a user's report finds its line in the logs."""
    record = logs.current.get()
    if record is None:
        return
    errors = payload.get("errors")
    record.outcome = str(errors[0]["extensions"]["code"]) if errors else "ok"
    if errors:
        extensions = {**payload.get("extensions", {}), "requestId": record.request_id}
        payload["extensions"] = extensions


def refusal(error: RequestRefused, media_type: str = JSON) -> Response:
    return json_response({"data": None, "errors": [error.body]}, error.status, media_type)


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
            raise RequestRefused(ErrorCode.BAD_REQUEST, "the body is not JSON") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            raise RequestRefused(
                ErrorCode.BAD_REQUEST, 'expected {"query": "...", "variables": {...}}'
            )
        if not isinstance(payload.get("variables") or {}, dict):
            raise RequestRefused(ErrorCode.BAD_REQUEST, "variables must be an object")
        if not isinstance(payload.get("operationName") or "", str):
            raise RequestRefused(ErrorCode.BAD_REQUEST, "operationName must be a string")
        return cls(payload["query"], payload.get("variables"), payload.get("operationName"))

    @cached_property
    def top(self) -> TopLevel:
        return TopLevel.of(self.query, self.operation_name)


class GraphQLEndpoint:
    def __init__(self, services: Services, authenticator: Authenticator) -> None:
        self.services, self.authenticator = services, authenticator

    async def handle(self, request: Request) -> Response:
        answer = answer_type(request.headers.get("accept"))
        try:
            _check_media(request, answer)
            response = await self._answer(request, answer or JSON)
        except RequestRefused as error:
            response = refusal(error, answer or JSON)
        _add_metering(request, response)
        return response

    async def _answer(self, request: Request, answer: str) -> Response:
        client = client_of(request, self.services.settings.trusted_proxies)
        graphql = GraphQLRequest.of(await _read_body(request))
        observed.describe(graphql.top.fields)
        principal = await self._caller(request, graphql, client)
        observed.caller(principal)
        if principal is not None and principal.limits is not None:
            try:
                await _metered(self.services, request, principal, graphql)
            except RequestRefused as refused:
                outcome = KeyOutcome(refused.body["extensions"]["code"])
                self._record_activity(principal, graphql, outcome)
                raise
        self._record_use(principal, graphql)
        result = await schema.execute(
            graphql.query,
            variable_values=graphql.variables,
            context_value=Context(self.services, principal, str(client) if client else None),
            operation_name=graphql.operation_name,
        )
        if principal is not None:
            self._record_activity(principal, graphql, _outcome_of(result))
        return await _response_of(result, answer)

    def _record_activity(
        self, principal: Principal, graphql: GraphQLRequest, outcome: KeyOutcome
    ) -> None:
        """An API key's request, counted by outcome and root fields (auth/activity.py)."""
        if principal.api_key_id is not None:
            self.services.activity.record(
                principal.api_key_id,
                principal.organization_id,
                outcome,
                graphql.top.names,
                principal.client_address,
            )

    async def _caller(
        self, request: Request, graphql: GraphQLRequest, client: IPAddress | None
    ) -> Principal | None:
        if graphql.top.only(_OPEN_FIELDS):
            return None
        header = request.headers.get("authorization")
        try:
            return await identify(self.authenticator, header, client)
        except KeyRefused as refused:
            self.services.activity.record(
                refused.api_key_id,
                refused.organization_id,
                refused.outcome,
                graphql.top.names,
                str(client) if client else None,
            )
            raise _UNAUTHENTICATED from None
        except AuthenticationFailed:
            raise _UNAUTHENTICATED from None
        except Limited as limited:
            raise RequestRefused(
                ErrorCode.RATE_LIMITED,
                "too many failed authentications from this address; retry later",
                retryAfter=limited.retry_after,
            ) from None
        except CredentialsUnavailable:
            raise _UNAVAILABLE from None

    def _record_use(self, principal: Principal | None, graphql: GraphQLRequest) -> None:
        if principal and not graphql.top.only(_INGESTION_FIELDS):
            record_use(self.services.last_used, principal)


async def _metered(
    services: Services, request: Request, principal: Principal, graphql: GraphQLRequest
) -> None:
    """The key's rate limit and credits (auth/metering.py): their headers go on the answer,
    refusals included."""
    assert principal.api_key_id is not None and principal.limits is not None
    limits = principal.limits
    cost = 1
    if limits.credits is not None and graphql.top.ingests:
        cost = request_cost(graphql.top, graphql.variables)
    try:
        headers = services.meter.held(principal.api_key_id, limits, cost)
        if headers is None:
            headers = await services.meter.asked(principal.api_key_id, limits, cost)
        request.scope[_METERING] = (headers, False)
    except Refused as refused:
        extensions = {} if refused.retry_after is None else {"retryAfter": refused.retry_after}
        if refused.outcome == "RATE_LIMITED":
            code, message = ErrorCode.RATE_LIMITED, "over the API key's rate limit; retry later"
        else:
            code, message = ErrorCode.USAGE_EXCEEDED, "the API key has no credits left"
        request.scope[_METERING] = (refused.headers, refused.retry_after is None)
        raise RequestRefused(code, message, **extensions) from None


def _outcome_of(result: ExecutionResult) -> KeyOutcome:
    for error in result.errors or ():
        original = error.original_error
        code = getattr(original, "code", None) or (error.extensions or {}).get("code")
        if code == ErrorCode.FORBIDDEN:
            return KeyOutcome.FORBIDDEN
    return KeyOutcome.VALID


def _add_metering(request: Request, response: Response) -> None:
    metering = request.scope.get(_METERING)
    if metering is not None:
        headers, no_retry = metering
        # Names no other header of the answer has (RateLimit, RateLimit-Policy): added
        # as they are, not each looked up among the others.
        response.raw_headers.extend(
            (_RAW_NAMES.get(name) or name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in headers.items()
        )
        if no_retry:  # no refill to wait for
            del response.headers["Retry-After"]


def _check_media(request: Request, answer: str | None) -> None:
    if not is_json(request.headers.get("content-type")):
        raise _UNSUPPORTED_MEDIA_TYPE
    if answer is None:
        raise _NOT_ACCEPTABLE


async def _response_of(result: ExecutionResult, answer: str) -> Response:
    errors = [format_error(error) for error in result.errors or ()]
    body: dict[str, Any] = {"data": result.data}
    if errors:
        body["errors"] = errors
    codes = {error["extensions"]["code"] for error in errors}
    status = next((CODES[code].status for code in _DECISIVE if code in codes), 200)
    if status == 200 and answer == GRAPHQL_RESPONSE and _not_executed(result):
        # GraphQL over HTTP: a request that never ran is a 4xx, with no `data` at all.
        status = 400
        del body["data"]
    if status == 503:
        await expire_connections()
    return json_response(body, status, answer)


def _not_executed(result: ExecutionResult) -> bool:
    """Refused before execution (parse, validation, limits, a bad variable): no data, and
    no error has a path."""
    return result.data is None and all(not error.path for error in result.errors or ())


async def _read_body(request: Request) -> bytes:
    try:
        return await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        raise _TOO_LARGE from None
    except ClientGone:
        raise RequestRefused(ErrorCode.BAD_REQUEST, "the client went away") from None
