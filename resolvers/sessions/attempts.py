"""A password typed by a person is a guess until checked: logging in, accepting an
invitation as an existing user and sudo mode count it by the same limits, per client
address and per account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from auth.throttle import FailureThrottle, Limited
from resolvers.errors import RateLimited


@asynccontextmanager
async def password_attempt(
    throttle: FailureThrottle,
    client_address: str | None,
    email: str,
    *,
    failure: type[Exception],
    limited: str,
) -> AsyncIterator[None]:
    """Reserve the attempt on the address and on the account, or answer RATE_LIMITED
    (`limited` says what); a `failure` raised inside counts against both, any other
    error (an outage, a choice still to make) gives the attempt back."""
    subjects = (throttle.address(client_address), throttle.account(email))
    try:
        async with throttle.attempt(*subjects, failure=failure):
            yield
    except Limited as used_up:
        raise RateLimited(limited, used_up.retry_after) from None
