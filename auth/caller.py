"""A request's caller, from its `Authorization` header and its client address: the steps
that both doors, POST /graphql (schema/endpoint.py) and /api/v1 (rest/), take before they
run anything. Each door answers a refusal in its own shape.

`identify` raises AuthenticationFailed (401), throttle.Limited (429, with its wait) or
CredentialsUnavailable (503: the database did not answer; its connections are dropped,
so that the next request reconnects).
"""

from __future__ import annotations

from datetime import UTC, datetime

from auth.addresses import IPAddress
from auth.bearer import AuthenticationFailed, Authenticator, bearer_token
from auth.last_used import LastUsedRecorder
from auth.principal import Principal
from auth.throttle import Limited
from models.database import expire_connections, is_unavailable
from telemetry import metrics


class CredentialsUnavailable(Exception):
    """The credentials could not be checked: the database is unavailable; retry."""


async def identify(
    authenticator: Authenticator,
    authorization: str | None,
    client: IPAddress | None,
    *,
    keys_only: bool = False,
) -> Principal:
    """The caller's principal. With `keys_only`, a member's session token is refused by its
    shape alone, before any lookup or guess count (/api/v1 takes API keys, as Lago does)."""
    if keys_only and _is_session_token(authorization):
        raise AuthenticationFailed("this door takes API keys only")
    try:
        principal = await authenticator.authenticate(authorization, client)
    except AuthenticationFailed as failed:
        metrics.authentication(failed.metric)
        raise
    except Limited:
        metrics.authentication("rate_limited")
        raise
    except Exception as error:
        if not is_unavailable(error):
            raise
        await expire_connections()
        raise CredentialsUnavailable from None
    metrics.authentication("valid")
    return principal


def record_use(recorder: LastUsedRecorder, principal: Principal) -> None:
    """The key's lastUsedAt, in memory until the next flush (auth/last_used.py). The doors
    leave out event ingestion, the high-traffic path."""
    if principal.api_key_id:
        recorder.record(principal.api_key_id, datetime.now(UTC))
        if principal.previous_secret:
            recorder.record_previous(principal.api_key_id, datetime.now(UTC))


def _is_session_token(authorization: str | None) -> bool:
    """`<prefix>_session_...`: the prefix has no underscore (auth/tokens.py)."""
    try:
        token = bearer_token(authorization)
    except AuthenticationFailed:
        return False
    parts = token.split("_", 2)
    return len(parts) == 3 and parts[1] == "session"
