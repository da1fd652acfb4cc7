from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from auth.passwords import needs_rehash, rehash_password, verify_password
from auth.throttle import FailureThrottle
from models import Actor, AuditAction, AuditEvent, Member, Session, User
from resolvers.errors import (
    BadUserInput,
    NotFound,
    OrganizationRequired,
    Unauthenticated,
)
from resolvers.ids import parse_id
from resolvers.members.memberships import memberships_of
from resolvers.services import Services
from resolvers.sessions.attempts import password_attempt

SESSION_LIFETIME = timedelta(hours=12)


async def login(
    email: str,
    password: str,
    services: Services,
    client_address: str | None,
    organization_id: str | None = None,
) -> tuple[Session, str]:
    """A new session and its token, for one of the user's organizations: the only one, or
    the one named. Unknown e-mail and wrong password fail alike, in about the same time,
    and within the same limits per address and per account."""
    email = _login_email(email)
    wanted = parse_id(organization_id, "Organization") if organization_id is not None else None
    user, member = await _checked_member(email, password, wanted, services.throttle, client_address)
    if needs_rehash(user.password_hash):
        user.password_hash = await rehash_password(password)
        await user.save(update_fields=["password_hash"])
    return await open_session(member, services, client_address, services.clock())


async def open_session(
    member: Member, services: Services, client_address: str | None, sudo_at: datetime | None
) -> tuple[Session, str]:
    """A session of `member` (one membership), recorded in its organization's trail, in
    sudo mode from `sudo_at` (when the password was last typed; None: not yet)."""
    secret = services.keyring.new_secret("session")
    async with in_transaction():
        session = await Session.create(
            member=member,
            token_digest=secret.digest,
            expires_at=datetime.now(UTC) + SESSION_LIFETIME,
            sudo_at=sudo_at,
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
    email: str,
    password: str,
    organization_id: str | None,
    throttle: FailureThrottle,
    client_address: str | None,
) -> tuple[User, Member]:
    """The user these credentials name and the membership to open. The attempt is reserved
    on the address and on the account before anything is checked, and given back only when
    it succeeds; the account is limited whether or not it exists, so a refusal reveals
    nothing. A user with no membership left cannot log in, like an unknown one."""
    async with password_attempt(
        throttle,
        client_address,
        email,
        failure=Unauthenticated,
        limited="too many login attempts; retry later",
    ):
        user = await User.get_or_none(email=email)
        if not await verify_password(user.password_hash if user else None, password):
            if user is not None:
                for member in await Member.filter(user_id=user.id):
                    await _record(member, AuditAction.LOGIN_FAILED, client_address)
            raise Unauthenticated("wrong e-mail or password")
        assert user is not None
        return user, await _membership(user, organization_id)


async def _membership(user: User, organization_id: str | None) -> Member:
    if organization_id is not None:
        member = await Member.get_or_none(user_id=user.id, organization_id=organization_id)
        if member is None:
            raise NotFound("Organization not found")
        return member
    memberships = await memberships_of(user.id)
    if not memberships:
        raise Unauthenticated("wrong e-mail or password")
    if len(memberships) > 1:
        raise OrganizationRequired([{"id": str(o.id), "name": o.name} for _, o in memberships])
    return memberships[0][0]


async def _record(member: Member, action: AuditAction, client_address: str | None) -> None:
    succeeded = action is AuditAction.LOGIN_SUCCEEDED
    actor = Actor(member_id=str(member.id) if succeeded else None, client_address=client_address)
    await AuditEvent.record(str(member.organization_id), action, actor, member_id=str(member.id))
