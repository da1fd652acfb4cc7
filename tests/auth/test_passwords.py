from __future__ import annotations

import asyncio
import os
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


async def test_a_flood_of_verifications_leaves_the_thread_pool_free():
    hashed = await hash_password("correct horse battery")
    started = time.perf_counter()
    await verify_password(hashed, "wrong")
    one_check = time.perf_counter() - started
    # More than the default executor's threads (min(32, CPUs + 4)), so without a cap
    # the flood would hold every one of them.
    flood = [
        asyncio.create_task(verify_password(hashed, "wrong"))
        for _ in range(min(32, (os.cpu_count() or 1) + 4) + 8)
    ]
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    await asyncio.to_thread(int)
    waited = time.perf_counter() - started
    for task in flood:
        task.cancel()
    await asyncio.gather(*flood, return_exceptions=True)
    assert waited < one_check / 2, (waited, one_check)


def test_the_stated_parameters_are_those_of_new_hashes_and_others_need_a_rehash():
    from argon2 import PasswordHasher, extract_parameters

    from auth.passwords import MEMORY_COST_KIB, PARALLELISM, TIME_COST, needs_rehash

    made = asyncio.run(hash_password("correct horse battery"))
    stated = extract_parameters(made)
    assert (stated.time_cost, stated.memory_cost, stated.parallelism) == (
        TIME_COST,
        MEMORY_COST_KIB,
        PARALLELISM,
    )
    assert (TIME_COST, MEMORY_COST_KIB, PARALLELISM) == (3, 65536, 4)  # as SECURITY.md says
    assert not needs_rehash(made)
    assert needs_rehash(PasswordHasher(time_cost=1, memory_cost=8192).hash("x"))
    assert needs_rehash("not a hash")
