from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from auth.throttle import Limited
from jobs.outbox import instant
from models import Actor, AuditAction, AuditEvent, Notification, PasswordReset, User
from resolvers.errors import RateLimited
from resolvers.members.fields import check_email
from resolvers.members.memberships import memberships_of
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work

RESET_LIFETIME = timedelta(hours=1)
# Every request takes at least this long, whether the address is a user's or not: the
# work done for a user (a row, an outbox row, a queued mail) hides under it.
ANSWER_FLOOR = 0.25  # seconds
RESET_PAGE = "/console/#reset="
MAIL_KIND = "password_reset"  # a Notification's kind: not a key's


async def request_password_reset(
    email: str, services: Services, client_address: str | None
) -> bool:
    """Always True, in the same time: when the address is a user's (with an organization
    left), a one-hour, single-use token is e-mailed to it. Requests are counted per client
    address and per account (known or not), on counters of their own (a flood of requests
    does not lock the person's login), within the login limits."""
    started = time.monotonic()
    email = check_email(email)
    throttle = services.throttle
    subjects = (
        throttle.address(f"reset:{client_address}" if client_address else None),
        throttle.account(f"reset:{email}"),
    )
    try:
        await throttle.failed(*subjects)
    except Limited as limited:
        raise RateLimited("too many reset requests; retry later", limited.retry_after) from None
    try:
        await _mail_if_user(email, services, client_address)
    finally:
        await asyncio.sleep(max(0.0, ANSWER_FLOOR - (time.monotonic() - started)))
    return True


async def _mail_if_user(email: str, services: Services, client_address: str | None) -> None:
    user = await User.get_or_none(email=email)
    if user is None:
        return
    members = [member for member, _ in await memberships_of(user.id)]
    if not members:
        return
    secret = services.keyring.new_secret("reset")
    expires_at = datetime.now(UTC) + RESET_LIFETIME
    async with unit_of_work(services) as work:
        await PasswordReset.create(user=user, token_digest=secret.digest, expires_at=expires_at)
        mail = await Notification.create(
            # The outbox belongs to an organization: the user's first.
            organization_id=members[0].organization_id,
            recipient=user.email,
            kind=MAIL_KIND,
            subject="Reset your password",
            body=_body(secret.token, expires_at),
        )
        work.notify([str(mail.id)])
        for member in members:
            await AuditEvent.record(
                str(member.organization_id),
                AuditAction.PASSWORD_RESET_REQUESTED,
                Actor(client_address=client_address),
                member_id=str(member.id),
            )


def _body(token: str, expires_at: datetime) -> str:
    return "\n".join(
        [
            "Someone asked to reset the password of this address's account.",
            "",
            "To choose a new password, open the service's console at",
            f"  {RESET_PAGE}{token}",
            'or paste this token on its "Reset password" page:',
            f"  {token}",
            "",
            f"The token can be used once and expires at {instant(expires_at)}.",
            "Using it ends every session of the account. If you did not ask, ignore this message:",
            "your password stays as it is.",
            "",
        ]
    )
