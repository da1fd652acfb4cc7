"""Resolving `Authorization: Bearer <token>` to a Principal (DESIGN.md, steps 1-4)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from auth.addresses import IPAddress, allowed, parse_networks
from auth.cache import CachedKey, credential_cache
from auth.grants import MEMBER_ROLE_GRANTS, expand
from auth.principal import Principal
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
    authorization: str | None, client: IPAddress | None, settings: Settings
) -> Principal:
    parsed = parse_token(bearer_token(authorization), settings.token_prefix)
    if parsed is None:
        raise AuthenticationFailed("malformed token")
    digest = digest_token(settings.pepper, parsed.value)
    if parsed.kind == "session":
        return await _session_principal(digest, client)
    return await _api_key_principal(parsed, digest, client)


async def _api_key_principal(
    parsed: ParsedToken, digest: str, client: IPAddress | None
) -> Principal:
    entry = credential_cache.get(digest) or await _load_api_key(digest)
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
        client_address=str(client) if client else None,
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
        client_address=str(client) if client else None,
    )
