"""Resolving `Authorization: Bearer <token>` to a Principal (DESIGN.md, steps 1-4).

An API key found in the credential cache is checked with no I/O at all. Every
other check (a cache miss, a session, a malformed token) first takes one of the
client address's attempts (auth/throttle.py), given back when it succeeds. Requests
that miss the same key at once share one check (auth/cache.py).
"""

from __future__ import annotations

import time
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import UTC, datetime

from auth.activity import KeyOutcome
from auth.addresses import IPAddress, allowed, parse_networks
from auth.cache import CachedKey, CredentialCache
from auth.grants import MEMBER_ROLE_GRANTS, expand
from auth.limits import KeyLimits
from auth.principal import Principal
from auth.throttle import FailureThrottle
from auth.tokens import ParsedToken, digest_token, parse_token
from models import ApiKeySecret, MemberRole, Session
from settings import Settings


class AuthenticationFailed(Exception):
    """Missing, malformed, unknown, revoked, expired or out-of-range credentials.
    `metric` is for metrics only (telemetry/metrics.py): the answer never tells."""

    def __init__(self, message: str, metric: str = "unknown") -> None:
        super().__init__(message)
        self.metric = metric


# A refused key's outcome (its activity, auth/activity.py) as the metrics name it.
_METRIC_OF = {
    KeyOutcome.REVOKED: "revoked",
    KeyOutcome.EXPIRED: "expired",
    KeyOutcome.UNAUTHORIZED_IP: "ip_refused",
}


class KeyRefused(AuthenticationFailed):
    """A known API key refused (revoked, expired, outside its allowedIps): counted in the
    key's activity (auth/activity.py), answered as any other failure."""

    def __init__(self, message: str, api_key_id: str, organization_id: str, outcome: KeyOutcome):
        super().__init__(message, _METRIC_OF[outcome])
        self.api_key_id, self.organization_id, self.outcome = api_key_id, organization_id, outcome


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("expected Authorization: Bearer <token>")
    return token.strip()


class Authenticator:
    """The app's way from a bearer token to a principal: its settings, its credential
    cache and its limits on attempts (None: no limit, for scripts and tests)."""

    def __init__(
        self, settings: Settings, cache: CredentialCache, throttle: FailureThrottle | None
    ) -> None:
        self._settings, self._cache, self._throttle = settings, cache, throttle

    async def authenticate(self, authorization: str | None, client: IPAddress | None) -> Principal:
        """The caller's principal; raises AuthenticationFailed, or throttle.Limited when
        the client address has no attempt left for a check that needs one."""
        throttle = self._throttle
        parsed = _parsed(authorization, self._settings.token_prefix)
        if parsed is None or parsed.kind not in _CREDENTIALS:
            if throttle is not None:
                await throttle.failed(throttle.address(_text(client)))
            raise AuthenticationFailed("malformed token")
        digest = digest_token(self._settings.pepper, parsed.value)
        if parsed.kind == "session":
            async with _attempt(throttle, client):
                return await _session_principal(digest, client)
        entry = self._cache.get(digest)
        if entry is None:
            entry = await self._cache.get_or_load(digest, lambda: self._check(digest, client))
        return _api_key_principal(entry, client)

    async def _check(self, digest: str, client: IPAddress | None) -> CachedKey:
        """A key not in the cache, from the database, with an attempt of the address that
        missed first (the requests missing it meanwhile share its outcome)."""
        async with _attempt(self._throttle, client):
            return await _load_api_key(digest)


# The kinds of token that authenticate: an e-mailed one (invite, reset) is refused by its
# shape, as a malformed token is, before any lookup.
_CREDENTIALS = frozenset({"live", "test", "session"})


def _parsed(authorization: str | None, prefix: str) -> ParsedToken | None:
    try:
        return parse_token(bearer_token(authorization), prefix)
    except AuthenticationFailed:
        return None


def _text(client: IPAddress | None) -> str | None:
    return str(client) if client else None


def _attempt(
    throttle: FailureThrottle | None, client: IPAddress | None
) -> AbstractAsyncContextManager[None]:
    if throttle is None:
        return nullcontext()
    return throttle.attempt(throttle.address(_text(client)), failure=AuthenticationFailed)


def _api_key_principal(entry: CachedKey, client: IPAddress | None) -> Principal:
    now = datetime.now(UTC)
    key, org = entry.api_key_id, entry.organization_id
    if entry.secret_expires_at is not None and entry.secret_expires_at <= now:
        raise KeyRefused("rotated-out secret", key, org, KeyOutcome.EXPIRED)
    if entry.key_expires_at is not None and entry.key_expires_at <= now:
        raise KeyRefused("expired key", key, org, KeyOutcome.EXPIRED)
    if not allowed(client, entry.allowed_networks):
        raise KeyRefused("address outside allowedIps", key, org, KeyOutcome.UNAUTHORIZED_IP)
    return Principal(
        organization_id=entry.organization_id,
        full_access=entry.full_access,
        grants=entry.grants,
        api_key_id=entry.api_key_id,
        client_address=_text(client),
        customer_ids=entry.customer_ids,
        previous_secret=entry.secret_expires_at is not None,
        limits=entry.limits,
    )


async def _load_api_key(digest: str) -> CachedKey:
    secret = await ApiKeySecret.get_or_none(digest=digest).select_related("api_key")
    if secret is None:
        raise AuthenticationFailed("unknown key")
    if secret.api_key.revoked_at is not None:
        revoked = secret.api_key
        raise KeyRefused(
            "revoked key", str(revoked.id), str(revoked.organization_id), KeyOutcome.REVOKED
        )
    if secret.api_key.disabled_at is not None:
        raise AuthenticationFailed("disabled key", "revoked")
    key = secret.api_key
    return CachedKey(
        api_key_id=str(key.id),
        organization_id=str(key.organization_id),
        full_access=key.full_access,
        grants=expand(key.permissions),
        allowed_networks=parse_networks(key.allowed_ips),
        key_expires_at=key.expires_at,
        secret_expires_at=secret.expires_at,
        filled_at=time.monotonic(),
        customer_ids=None if key.customer_ids is None else frozenset(key.customer_ids),
        limits=KeyLimits.of(
            key.rate_limit_requests,
            key.rate_limit_seconds,
            key.credits_remaining,
            key.credits_generation,
            key.credits_refill_interval,
        ),
    )


async def _session_principal(digest: str, client: IPAddress | None) -> Principal:
    session = await Session.get_or_none(token_digest=digest).select_related("member")
    if session is None or session.expires_at <= datetime.now(UTC):
        raise AuthenticationFailed("unknown or expired session")
    member = session.member
    is_admin = member.role == MemberRole.ADMIN
    return Principal(
        organization_id=str(member.organization_id),
        full_access=is_admin,
        grants=frozenset() if is_admin else MEMBER_ROLE_GRANTS,
        member_id=str(member.id),
        session_id=str(session.id),
        is_admin=is_admin,
        client_address=_text(client),
        sudo_at=session.sudo_at,
    )
