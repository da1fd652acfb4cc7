"""Resolving `Authorization: Bearer <token>` to a Principal (DESIGN.md, steps 1-4).

An API key found in the credential cache is checked with no I/O at all. Every
other check (a cache miss, a session, a malformed token) first takes one of the
client address's attempts (auth/throttle.py), given back when it succeeds.
"""

from __future__ import annotations

import time
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import UTC, datetime

from auth.addresses import IPAddress, allowed, parse_networks
from auth.cache import CachedKey, credential_cache
from auth.grants import MEMBER_ROLE_GRANTS, expand
from auth.principal import Principal
from auth.throttle import FailureThrottle
from auth.tokens import ParsedToken, digest_token, parse_token
from models import ApiKeySecret, MemberRole, Session
from settings import Settings


class AuthenticationFailed(Exception):
    """Missing, malformed, unknown, revoked, expired or out-of-range credentials."""


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("expected Authorization: Bearer <token>")
    return token.strip()


async def authenticate(
    authorization: str | None,
    client: IPAddress | None,
    settings: Settings,
    throttle: FailureThrottle | None = None,
) -> Principal:
    """The caller's principal; raises AuthenticationFailed, or throttle.Limited when the
    client address has no attempt left for a check that needs one."""
    parsed = _parsed(authorization, settings.token_prefix)
    if parsed is None:
        if throttle is not None:
            await throttle.failed(throttle.address(_text(client)))
        raise AuthenticationFailed("malformed token")
    digest = digest_token(settings.pepper, parsed.value)
    if parsed.kind == "session":
        async with _attempt(throttle, client):
            return await _session_principal(digest, client)
    entry = credential_cache.get(digest)
    if entry is not None:
        return _api_key_principal(entry, client)
    return await _loaded(digest, client, throttle)


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


async def _loaded(
    digest: str, client: IPAddress | None, throttle: FailureThrottle | None
) -> Principal:
    async with _attempt(throttle, client):
        return _api_key_principal(await _load_api_key(digest), client)


def _api_key_principal(entry: CachedKey, client: IPAddress | None) -> Principal:
    now = datetime.now(UTC)
    if entry.secret_expires_at is not None and entry.secret_expires_at <= now:
        raise AuthenticationFailed("rotated-out secret")
    if entry.key_expires_at is not None and entry.key_expires_at <= now:
        raise AuthenticationFailed("expired key")
    if not allowed(client, entry.allowed_networks):
        raise AuthenticationFailed("address outside allowedIps")
    return Principal(
        organization_id=entry.organization_id,
        full_access=entry.full_access,
        grants=entry.grants,
        api_key_id=entry.api_key_id,
        client_address=_text(client),
    )


async def _load_api_key(digest: str) -> CachedKey:
    secret = await ApiKeySecret.get_or_none(digest=digest).select_related("api_key")
    if secret is None or secret.api_key.revoked_at is not None:
        raise AuthenticationFailed("unknown or revoked key")
    key = secret.api_key
    entry = CachedKey(
        api_key_id=str(key.id),
        organization_id=str(key.organization_id),
        full_access=key.full_access,
        grants=expand(key.permissions),
        allowed_networks=parse_networks(key.allowed_ips),
        key_expires_at=key.expires_at,
        secret_expires_at=secret.expires_at,
        filled_at=time.monotonic(),
    )
    credential_cache.put(digest, entry)
    return entry


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
    )
