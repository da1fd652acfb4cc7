from __future__ import annotations

from datetime import datetime

from auth.passwords import verify_password
from auth.principal import Principal
from models import Member, Session
from resolvers import policy
from resolvers.errors import BadUserInput
from resolvers.services import Services
from resolvers.sessions.attempts import password_attempt


async def confirm_password(principal: Principal, password: str, services: Services) -> datetime:
    """Sudo mode: the session's member types their password again; the riskiest
    operations are then allowed until the returned time (policy.SUDO_WINDOW later). An
    admin's session only: every operation it opens needs one.

    A wrong password is BAD_USER_INPUT (the session stays), counted by the same limits
    as logins, per address and per account."""
    policy.require_admin_session(principal, "confirm a password for sudo mode")
    assert principal.session_id is not None and principal.member_id is not None
    member = await Member.get(id=principal.member_id).prefetch_related("user")
    async with password_attempt(
        services.throttle,
        principal.client_address,
        member.email,
        failure=BadUserInput,
        limited="too many wrong passwords; retry later",
    ):
        if not await verify_password(member.user.password_hash, password):
            raise BadUserInput("password", "wrong password")
    now = services.clock()
    await Session.filter(id=principal.session_id).update(sudo_at=now)
    return now + policy.SUDO_WINDOW
