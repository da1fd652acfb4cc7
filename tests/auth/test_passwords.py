from __future__ import annotations

import time

from auth.passwords import hash_password, verify_password


async def test_a_password_verifies_against_its_argon2id_hash():
    hashed = await hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed
    assert await verify_password(hashed, "correct horse battery")
    assert not await verify_password(hashed, "wrong horse battery")


async def test_an_unknown_member_fails_in_about_the_time_of_a_wrong_password():
    hashed = await hash_password("correct horse battery")
    await verify_password(None, "warm-up")
    started = time.perf_counter()
    assert not await verify_password(hashed, "wrong")
    wrong = time.perf_counter() - started
    started = time.perf_counter()
    assert not await verify_password(None, "wrong")
    unknown = time.perf_counter() - started
    assert unknown > wrong / 3, (unknown, wrong)
