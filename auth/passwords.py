"""argon2id member passwords, hashed and verified off the event loop."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return _hasher.hash("decoy password for unknown e-mails")


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True if it matches. With no hash (unknown e-mail) a decoy is verified, so
    an unknown e-mail and a wrong password take about the same time."""
    target = password_hash if password_hash is not None else await asyncio.to_thread(_decoy_hash)
    try:
        await asyncio.to_thread(_hasher.verify, target, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None
