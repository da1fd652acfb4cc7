"""An /api/v1 request, one step at a time, as POST /graphql takes them (schema/endpoint.py):
the caller (auth/caller.py: API keys only), lastUsedAt (not for ingestion), the body, the
operation's use case, and the answer: JSON, `no-store`, every failure in Lago's shape and
none with a trace."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from auth.activity import KeyOutcome
from auth.bearer import AuthenticationFailed, Authenticator, KeyRefused
from auth.caller import CredentialsUnavailable, identify, record_use
from auth.metering import Refused
from auth.principal import Principal
from auth.throttle import Limited
from models.database import expire_connections, is_unavailable
from resolvers.errors import DomainError
from resolvers.services import Services
from rest import errors
from rest.errors import Refusal
from rest.operations import Call, Operation
from web.requests import (
    JSON,
    MAX_BODY_BYTES,
    BodyTooLarge,
    ClientGone,
    client_of,
    is_json,
    read_body,
)

log = logging.getLogger("apikeys.rest")
_DUMPS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC
_METERING = "apikeys.metering"  # the key's metering headers, for its answer
_CALLER = "apikeys.caller"  # the authenticated key, for its activity
_OUTCOME = "apikeys.outcome"  # what metering refused, if it did
_REFUSED = "apikeys.refused"  # a known key refused at authentication


def json_response(
    payload: dict[str, Any], status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    # Any answer may carry what a key may read: no cache may keep it.
    response = Response(orjson.dumps(payload, option=_DUMPS), status, headers, media_type=JSON)
    response.headers["Cache-Control"] = "no-store"
    return response


def refused(refusal: Refusal) -> Response:
    return json_response(refusal.body, refusal.status, refusal.headers)


class Door:
    """The steps every operation takes, with the app's services and authenticator."""

    def __init__(self, services: Services, authenticator: Authenticator) -> None:
        self.services, self.authenticator = services, authenticator

    async def answer(self, operation: Operation, request: Request) -> Response:
        try:
            response = json_response(await self._run(operation, request))
        except Refusal as refusal:
            response = refused(refusal)
        principal = request.scope.get(_CALLER)
        known: KeyRefused | None = request.scope.get(_REFUSED)
        if known is not None:
            client = client_of(request, self.services.settings.trusted_proxies)
            self.services.activity.record(
                known.api_key_id,
                known.organization_id,
                known.outcome,
                operation.operation_id,
                str(client) if client else None,
            )
        elif principal is not None and principal.api_key_id is not None:
            self.services.activity.record(
                principal.api_key_id,
                principal.organization_id,
                _outcome(response.status_code, request),
                operation.operation_id,
                principal.client_address,
            )
        metering = request.scope.get(_METERING)
        if metering is not None:
            response.headers.update(metering)
        return response

    async def _run(self, operation: Operation, request: Request) -> dict[str, Any]:
        principal = await self._caller(request)
        request.scope[_CALLER] = principal
        if not operation.ingestion:
            record_use(self.services.last_used, principal)
        body = await json_body(request) if operation.body is not None else None
        if principal.limits is not None:
            await self._metered(request, principal, _cost(operation, body))
        call = Call(principal, request.path_params, request.query_params, body)
        try:
            return await operation.handle(call)
        except (Refusal, DomainError) as error:
            raise _refusal(error, operation) from None
        except Exception as error:  # noqa: BLE001 - answered as Lago would, logged, no trace
            raise await _unexpected(error, operation) from None

    async def _caller(self, request: Request) -> Principal:
        client = client_of(request, self.services.settings.trusted_proxies)
        header = request.headers.get("authorization")
        try:
            return await identify(self.authenticator, header, client, keys_only=True)
        except KeyRefused as refused:
            request.scope[_REFUSED] = refused
            raise errors.UNAUTHORIZED from None
        except AuthenticationFailed:
            raise errors.UNAUTHORIZED from None
        except Limited as limited:
            raise errors.rate_limited(limited.retry_after) from None
        except CredentialsUnavailable:
            raise errors.UNAVAILABLE from None

    async def _metered(self, request: Request, principal: Principal, cost: int) -> None:
        """The key's rate limit and credits (auth/metering.py); their headers go on the
        answer, refusals included."""
        assert principal.api_key_id is not None
        meter = self.services.meter
        try:
            headers = await meter.check(principal.api_key_id, principal.limits, cost)
            request.scope[_METERING] = headers
        except Refused as over:
            request.scope[_METERING] = over.headers
            request.scope[_OUTCOME] = over.outcome
            code = "rate_limited" if over.outcome is KeyOutcome.RATE_LIMITED else "usage_exceeded"
            wait = {} if over.retry_after is None else {"Retry-After": str(over.retry_after)}
            raise Refusal(429, code, headers=wait) from None


def _outcome(status: int, request: Request) -> KeyOutcome:
    refused: KeyOutcome | None = request.scope.get(_OUTCOME)
    if refused is not None:
        return refused
    return KeyOutcome.FORBIDDEN if status == 403 else KeyOutcome.VALID


def _cost(operation: Operation, body: Any) -> int:
    """The credits a call spends: one, or one per event of a batch."""
    if operation.ingestion and isinstance(body, dict) and isinstance(body.get("events"), list):
        return max(1, len(body["events"]))
    return 1


async def json_body(request: Request) -> Any:
    """The body's JSON: 415 when it is not JSON by its type, 413 over 1 MB, 400 unreadable."""
    if not is_json(request.headers.get("content-type")):
        raise errors.UNSUPPORTED_MEDIA_TYPE
    try:
        raw = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        raise errors.TOO_LARGE from None
    except ClientGone:
        raise Refusal(400, "client_gone") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise errors.INVALID_JSON from None


def _refusal(error: Refusal | DomainError, operation: Operation) -> Refusal:
    if isinstance(error, Refusal):
        return error
    names = operation.body.names if operation.body is not None else {}
    refusal = errors.refusal_of(error, operation.shape.name, names)
    if refusal is None:
        return _internal(error, operation)
    return refusal


async def _unexpected(error: Exception, operation: Operation) -> Refusal:
    if is_unavailable(error):
        await expire_connections()
        return errors.UNAVAILABLE
    return _internal(error, operation)


def _internal(error: Exception, operation: Operation) -> Refusal:
    # Type, place and frames, not the message: a message could hold a secret.
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("unexpected %s in %s\n%s", type(error).__name__, operation.operation_id, frames)
    return Refusal(500)
