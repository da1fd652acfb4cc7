"""A typed password is a guess: counted per client address and per account, wherever it is
typed (login, accepting an invitation, sudo mode), and given back when it was right."""

from __future__ import annotations

import pytest

from auth.throttle import FailureThrottle
from resolvers.errors import BadUserInput, NotFound, RateLimited
from resolvers.sessions.attempts import password_attempt

ADDRESS = "198.51.100.7"
WRONG = BadUserInput("password", "wrong password")


async def _guess(
    throttle: FailureThrottle, email: str, raised: Exception | None, address: str = ADDRESS
) -> None:
    async with password_attempt(
        throttle, address, email, failure=BadUserInput, limited="too many guesses"
    ):
        if raised is not None:
            raise raised


async def test_wrong_guesses_limit_the_account_then_even_the_right_one_waits():
    throttle = FailureThrottle(address_limit=10, account_limit=2)
    for _ in range(2):
        with pytest.raises(BadUserInput):
            await _guess(throttle, "a@example.test", WRONG)
    with pytest.raises(RateLimited) as limited:
        await _guess(throttle, "a@example.test", None)
    assert limited.value.message == "too many guesses" and limited.value.retry_after >= 1
    await _guess(throttle, "b@example.test", None)  # another account from the same address


async def test_the_address_is_limited_across_accounts():
    throttle = FailureThrottle(address_limit=2, account_limit=10)
    for n in range(2):
        with pytest.raises(BadUserInput):
            await _guess(throttle, f"user{n}@example.test", WRONG)
    with pytest.raises(RateLimited):
        await _guess(throttle, "fresh@example.test", None)
    await _guess(throttle, "fresh@example.test", None, address="203.0.113.9")


async def test_a_right_guess_or_another_error_gives_the_attempt_back():
    throttle = FailureThrottle(address_limit=1, account_limit=1)
    for _ in range(3):
        await _guess(throttle, "a@example.test", None)
        with pytest.raises(NotFound):  # e.g. an organization the person is not in
            await _guess(throttle, "a@example.test", NotFound("Organization not found"))
    with pytest.raises(BadUserInput):
        await _guess(throttle, "a@example.test", WRONG)
    with pytest.raises(RateLimited):
        await _guess(throttle, "a@example.test", None)
