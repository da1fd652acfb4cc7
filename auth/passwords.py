"""argon2id member passwords, hashed and verified off the event loop.

At most one hash per CPU runs at a time: a flood of logins queues here instead
of filling the event loop's thread pool, which the rest of the service needs.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHING_SLOTS = os.cpu_count() or 1
# argon2id, RFC 9106's second recommended option (argon2-cffi's defaults, stated here so a
# library upgrade cannot change them silently): 64 MiB, 3 passes, 4 lanes, 16-byte salt,
# 32-byte hash. A stored hash made with other parameters is redone at the next login.
TIME_COST = 3
MEMORY_COST_KIB = 65536
PARALLELISM = 4
_hasher = PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    hash_len=32,
    salt_len=16,
)
# One per event loop: an asyncio.Semaphore belongs to the loop that first waits on it.
_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _gate() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    gate = _gates.get(loop)
    if gate is None:
        gate = _gates[loop] = asyncio.Semaphore(HASHING_SLOTS)
    return gate


async def hash_password(password: str) -> str:
    async with _gate():
        return await asyncio.to_thread(_hasher.hash, password)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return _hasher.hash("decoy password for unknown e-mails")


def _verify(password_hash: str | None, password: str) -> bool:
    target = password_hash if password_hash is not None else _decoy_hash()
    try:
        _hasher.verify(target, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True if it matches. With no hash (unknown e-mail) a decoy is verified, so
    an unknown e-mail and a wrong password take about the same time."""
    async with _gate():
        return await asyncio.to_thread(_verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other parameters (or another variant)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


async def rehash_password(password: str) -> str:
    """A new hash with today's parameters, of a password that was just verified."""
    return await hash_password(password)
