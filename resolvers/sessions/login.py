from __future__ import annotations

from datetime import UTC, datetime, timedelta

from auth.keyring import Keyring
from auth.passwords import verify_password
from models import Member, Session
from resolvers.errors import Unauthenticated

SESSION_LIFETIME = timedelta(hours=12)


async def login(email: str, password: str, keyring: Keyring) -> tuple[Session, str]:
    """A new session and its token. Unknown e-mail and wrong password fail alike, in
    about the same time."""
    member = await Member.get_or_none(email=email.strip().lower())
    if not await verify_password(member.password_hash if member else None, password):
        raise Unauthenticated("wrong e-mail or password")
    assert member is not None
    secret = keyring.new_secret("session")
    session = await Session.create(
        member=member,
        token_digest=secret.digest,
        expires_at=datetime.now(UTC) + SESSION_LIFETIME,
    )
    return session, secret.token
