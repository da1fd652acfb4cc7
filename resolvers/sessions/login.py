from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from auth.passwords import verify_password
from auth.throttle import FailureThrottle, Limited
from models import Actor, AuditAction, AuditEvent, Member, Session
from resolvers.errors import BadUserInput, RateLimited, Unauthenticated
from resolvers.services import Services

SESSION_LIFETIME = timedelta(hours=12)


async def login(
    email: str,
    password: str,
    services: Services,
    client_address: str | None,
) -> tuple[Session, str]:
    """A new session and its token. Unknown e-mail and wrong password fail alike, in
    about the same time, and within the same limits per address and per account."""
    email = _login_email(email)
    member = await _checked_member(email, password, services.throttle, client_address)
    secret = services.keyring.new_secret("session")
    async with in_transaction():
        session = await Session.create(
            member=member,
            token_digest=secret.digest,
            expires_at=datetime.now(UTC) + SESSION_LIFETIME,
            sudo_at=services.clock(),  # the password was just typed
        )
        await _record(member, AuditAction.LOGIN_SUCCEEDED, client_address)
    return session, secret.token


def _login_email(email: str) -> str:
    # PostgreSQL refuses NUL in text, and no address holds a control character.
    email = email.strip().lower()
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in email):
        raise BadUserInput("email", "not an e-mail address")
    return email


async def _checked_member(
    email: str, password: str, throttle: FailureThrottle, client_address: str | None
) -> Member:
    """The member these credentials name. The attempt is reserved on the address and on
    the account before anything is checked, and given back only when it succeeds; the
    account is limited whether or not it exists, so a refusal reveals nothing."""
    subjects = (throttle.address(client_address), throttle.account(email))
    try:
        async with throttle.attempt(*subjects, failure=Unauthenticated):
            member = await Member.get_or_none(email=email)
            if await verify_password(member.password_hash if member else None, password):
                assert member is not None
                return member
            if member is not None:
                await _record(member, AuditAction.LOGIN_FAILED, client_address)
            raise Unauthenticated("wrong e-mail or password")
    except Limited as limited:
        raise RateLimited("too many login attempts; retry later", limited.retry_after) from None


async def _record(member: Member, action: AuditAction, client_address: str | None) -> None:
    succeeded = action is AuditAction.LOGIN_SUCCEEDED
    actor = Actor(member_id=str(member.id) if succeeded else None, client_address=client_address)
    await AuditEvent.record(str(member.organization_id), action, actor, member_id=str(member.id))
