from __future__ import annotations

from datetime import datetime

from auth.passwords import verify_password
from auth.principal import Principal
from auth.throttle import Limited
from models import Member, Session
from resolvers import policy
from resolvers.errors import BadUserInput, RateLimited
from resolvers.services import Services


async def confirm_password(principal: Principal, password: str, services: Services) -> datetime:
    """Sudo mode: the session's member types their password again; the riskiest
    operations are then allowed until the returned time (policy.SUDO_WINDOW later). An
    admin's session only: every operation it opens needs one.

    A wrong password is BAD_USER_INPUT (the session stays), counted by the same limits
    as logins, per address and per account."""
    policy.require_admin_session(principal, "confirm a password for sudo mode")
    assert principal.session_id is not None and principal.member_id is not None
    member = await Member.get(id=principal.member_id).prefetch_related("user")
    throttle = services.throttle
    subjects = (throttle.address(principal.client_address), throttle.account(member.email))
    try:
        async with throttle.attempt(*subjects, failure=BadUserInput):
            if not await verify_password(member.user.password_hash, password):
                raise BadUserInput("password", "wrong password")
    except Limited as limited:
        raise RateLimited("too many wrong passwords; retry later", limited.retry_after) from None
    now = services.clock()
    await Session.filter(id=principal.session_id).update(sudo_at=now)
    return now + policy.SUDO_WINDOW
