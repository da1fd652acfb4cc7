"""The benchmark suite: every figure next to a baseline measured in the same run.

    make bench        (writes bench/RESULTS.md)

Starts its own uvicorn servers on 127.0.0.1 and drives them with wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx

from tests import processes, services

HERE = Path(__file__).parent
CUSTOMERS = json.dumps(
    {
        "query": "{ customers(first: 1) { totalCount edges { cursor node { id externalId name email currency createdAt } } } }"
    }
)
KEYS_PAGE = json.dumps(
    {"query": "{ apiKeys(first: 20) { edges { node { id name prefix status } } } }"}
)
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
SCALE_KEYS = int(os.environ.get("BENCH_SCALE_KEYS", "10000"))
ROTATIONS = int(os.environ.get("BENCH_ROTATIONS", "1000"))
REDIS_URL = "redis://127.0.0.1:6379/12"  # apart from the test suite's database
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))


def wrk(
    url: str, *, body: str = "", token: str = "", script: str = "post.lua", seconds: int = SECONDS
) -> dict[str, float]:
    env = {**os.environ, "BENCH_BODY": body, "BENCH_TOKEN": token}
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(HERE / script),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),  # type: ignore[index]
        "p50_ms": _ms(re.search(r"50%\s+([\d.]+\w+)", out)[1]),  # type: ignore[index]
        "p99_ms": _ms(re.search(r"99%\s+([\d.]+\w+)", out)[1]),  # type: ignore[index]
        "errors": float(non_2xx[1]) if non_2xx else 0.0,
    }


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _bare_app(log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_app:app",
            "--port",
            str(BARE_PORT),
            "--log-level",
            "warning",
        ],
        cwd=processes.ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


BARE_PORT = processes.free_port()


async def _graphql(base: str, token: str, query: str, **variables: Any) -> Any:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
        return response.json()


async def _in_process(env: dict[str, str], work: Any) -> Any:
    from models import database
    from settings import load_settings

    settings = load_settings(env)
    await database.open_database(settings)
    try:
        return await work(settings)
    finally:
        await database.close_database()


async def verification(settings: Any, token: str) -> dict[str, float]:
    from auth.bearer import Authenticator
    from auth.cache import CredentialCache
    from auth.tokens import digest_token

    cache = CredentialCache()
    authenticate = Authenticator(settings, cache, None).authenticate

    def rate(count: int, started: float) -> float:
        return count / (time.perf_counter() - started)

    header = f"Bearer {token}"
    started = time.perf_counter()
    for _ in range(20000):
        digest_token(settings.pepper, token)
    hmac_rate = rate(20000, started)
    await authenticate(header, None)
    started = time.perf_counter()
    for _ in range(20000):
        await authenticate(header, None)
    hit = rate(20000, started)
    started = time.perf_counter()
    for _ in range(1000):
        cache.clear()
        await authenticate(header, None)
    miss = rate(1000, started)
    return {"hmac_per_s": hmac_rate, "hit_per_s": hit, "miss_per_s": miss}


async def seed_keys(settings: Any, organization_id: str, count: int) -> None:
    from models import ApiKey

    rows = [
        ApiKey(
            organization_id=organization_id,
            name=f"bulk-{i}",
            prefix="lk_live_bulk",
            last_four="0000",
        )
        for i in range(count)
    ]
    await ApiKey.bulk_create(rows, batch_size=1000)


async def due_rotations(settings: Any, organization_id: str, count: int) -> dict[str, float]:
    from auth.principal import Principal
    from jobs import maintenance
    from models import ApiKey
    from resolvers.api_keys.create import CreateApiKey, create_api_key
    from resolvers.api_keys.rotate import RotationSchedule, rotate_api_key
    from resolvers.services import Services

    services, principal = (
        Services.for_settings(settings),
        Principal(organization_id=organization_id, full_access=True, grants=frozenset()),
    )
    ids = []
    for _ in range(count):
        key, _ = await create_api_key(principal, CreateApiKey(name="rot"), services)
        await rotate_api_key(principal, str(key.id), RotationSchedule.IN_1_HOUR, services)
        ids.append(key.id)
    await ApiKey.filter(id__in=ids).update(
        rotation_ends_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    started = time.perf_counter()
    await maintenance.complete_due_rotations()
    elapsed = time.perf_counter() - started
    left = await ApiKey.filter(id__in=ids, rotation_ends_at__isnull=False).count()
    return {"rotations": count, "seconds": elapsed, "left_pending": left}


async def api_key_updates(database_url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("SELECT pg_stat_force_next_flush()")
        return int(
            await conn.fetchval(
                "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'api_key'"
            )
        )
    finally:
        await conn.close()


async def revocation(env: dict[str, str], workdir: Path, admin_key: str) -> dict[str, float]:
    with processes.serving(env, workdir / "revocation.log", "--workers", "2") as base:
        created = await _graphql(
            base,
            admin_key,
            'mutation { createApiKey(input: {name: "r"}) { apiKey { id } secret } }',
        )
        key = created["data"]["createApiKey"]
        async with httpx.AsyncClient(base_url=base, headers={"Connection": "close"}) as client:
            for _ in range(40):
                await client.post(
                    "/graphql",
                    content=b'{"query":"{ viewer { fullAccess } }"}',
                    headers={
                        "Authorization": f"Bearer {key['secret']}",
                        "Content-Type": "application/json",
                    },
                )
        await _graphql(
            base,
            admin_key,
            "mutation($id: ID!) { destroyApiKey(id: $id) { id } }",
            id=key["apiKey"]["id"],
        )
        returned = time.perf_counter()
        streak, first_401 = 0, None
        while streak < 15 and time.perf_counter() - returned < 10:
            async with httpx.AsyncClient(base_url=base) as client:
                status = (
                    await client.post(
                        "/graphql",
                        json={"query": "{ viewer { fullAccess } }"},
                        headers={"Authorization": f"Bearer {key['secret']}"},
                    )
                ).status_code
            if status == 401:
                first_401 = first_401 or time.perf_counter() - returned
                streak += 1
            else:
                streak = 0
        return {
            "first_401_ms": (first_401 or 10) * 1000,
            "all_workers_401_ms": (time.perf_counter() - returned) * 1000,
        }


async def backend_run(backend: str, workdir: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    workdir.mkdir(parents=True, exist_ok=True)
    async with processes.environment(backend, workdir) as env:
        if backend == "postgres":
            env["REDIS_URL"] = REDIS_URL
            await services.flush_redis(REDIS_URL)
        admin_key = processes.bootstrap(env, "Bench", "b@bench.test")["api_key"]
        organization_id = await _in_process(env, lambda s: _org_id())
        updates_before = (
            await api_key_updates(env["DATABASE_URL"]) if backend == "postgres" else None
        )
        with processes.serving(env, workdir / f"{backend}.log") as base:
            await _graphql(
                base,
                admin_key,
                'mutation { createCustomer(input: {externalId: "bench-1", name: "Bench", email: "bench@example.test", currency: "EUR"}) { id } }',
            )
            results["auth"] = wrk(f"{base}/graphql", body=CUSTOMERS, token=admin_key)
            before = await api_key_updates(env["DATABASE_URL"]) if backend == "postgres" else None
            results["ingest"] = wrk(f"{base}/graphql", token=admin_key, script="ingest.lua")
            if before is not None:
                await asyncio.sleep(1)
                results["ingest"]["api_key_updates"] = (
                    await api_key_updates(env["DATABASE_URL"]) - before
                )
            await _in_process(env, lambda s: seed_keys(s, organization_id, SCALE_KEYS))
            results["list_10k"] = wrk(f"{base}/graphql", body=KEYS_PAGE, token=admin_key)
        if updates_before is not None:  # the server has stopped: its last flush is in
            await asyncio.sleep(1)
            results["last_used"] = {
                "requests": (results["auth"]["rps"] + results["list_10k"]["rps"]) * SECONDS,
                "updates": await api_key_updates(env["DATABASE_URL"]) - updates_before,
            }
        results["verification"] = await _in_process(env, lambda s: verification(s, admin_key))
        results["rotations"] = await _in_process(
            env, lambda s: due_rotations(s, organization_id, ROTATIONS)
        )
        if backend == "postgres":
            results["revocation"] = await revocation(env, workdir, admin_key)
    return results


async def _org_id() -> str:
    from models import Organization

    return str((await Organization.first()).id)  # type: ignore[union-attr]


def machine() -> dict[str, str]:
    packages = [
        "strawberry-graphql",
        "starlette",
        "uvicorn",
        "tortoise-orm",
        "asyncpg",
        "redis",
        "rq",
        "orjson",
    ]
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(
        "\n"
    )[0]
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "packages": ", ".join(f"{p} {version(p)}" for p in packages),
        "load": f"{wrk_version.strip()}; -t2 -c{CONNECTIONS} -d{SECONDS}s; servers: 1 uvicorn worker each",
    }


def report(info: dict[str, str], bare: dict[str, float], runs: dict[str, dict[str, Any]]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py). Every ratio is against a baseline measured in the same run.",
        "",
    ]
    lines += [f"- **{k}**: {v}" for k, v in info.items()]
    lines += [
        "",
        "## 1. Authentication overhead: `customers(first: 1)`",
        "",
        "| server | req/s | p50 ms | p99 ms | ratio to bare Strawberry (req/s) |",
        "| --- | --- | --- | --- | --- |",
        f"| bare Strawberry + Starlette (no auth, no DB) | {bare['rps']:.0f} | {bare['p50_ms']:.2f} | {bare['p99_ms']:.2f} | 1.00x |",
    ]
    for name, run in runs.items():
        a = run["auth"]
        lines.append(
            f"| this service, {name} | {a['rps']:.0f} | {a['p50_ms']:.2f} | {a['p99_ms']:.2f} | {a['rps'] / bare['rps']:.2f}x |"
        )
    lines += [
        "",
        "## 2. Verification alone (in process)",
        "",
        "| backend | HMAC-SHA256/s | cache hit/s | ratio | cache miss/s | ratio |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, run in runs.items():
        v = run["verification"]
        lines.append(
            f"| {name} | {v['hmac_per_s']:.0f} | {v['hit_per_s']:.0f} | {v['hit_per_s'] / v['hmac_per_s']:.2f}x | {v['miss_per_s']:.0f} | {v['miss_per_s'] / v['hmac_per_s']:.3f}x |"
        )
    lines += [
        "",
        "## 3. Scale",
        "",
        "| backend | list 20 of 10,000 keys: req/s | p99 ms | p99 vs 1-customer read | 1,000 due rotations completed in s | share of the 60 s tick | left pending |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, run in runs.items():
        s, r = run["list_10k"], run["rotations"]
        lines.append(
            f"| {name} | {s['rps']:.0f} | {s['p99_ms']:.2f} | {s['p99_ms'] / run['auth']['p99_ms']:.2f}x | {r['seconds']:.2f} | {r['seconds'] / 60:.2f}x | {r['left_pending']} |"
        )
    lines += [
        "",
        "## 4. Ingestion (`ingestEvents`, batches of 100)",
        "",
        "| backend | events/s | ratio to customers reads/s × 1 | p99 ms | api_key row updates during the run |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, run in runs.items():
        i = run["ingest"]
        lines.append(
            f"| {name} | {i['rps'] * 100:.0f} | {i['rps'] * 100 / run['auth']['rps']:.1f}x | {i['p99_ms']:.2f} | {i.get('api_key_updates', 'n/a')} |"
        )
    for name, run in runs.items():
        if "last_used" in run:
            u = run["last_used"]
            lines.append(
                f"\nlastUsedAt under load ({name}): about {u['requests']:.0f} authenticated reads by one key, "
                f"{u['updates']} UPDATE(s) of its api_key row (at most one per 30 s flush, plus one at shutdown); "
                "ingestion updates it never (column above)."
            )
    lines += ["", "## 5. Revocation across `serve --workers 2` (PostgreSQL + Redis)", ""]
    for run in runs.values():
        if "revocation" in run:
            r = run["revocation"]
            lines.append(
                f"- first 401 after destroyApiKey returned: {r['first_401_ms']:.0f} ms; 15 consecutive 401s on new connections (every worker) by {r['all_workers_401_ms']:.0f} ms, {r['all_workers_401_ms'] / 1000:.2f}x the 1,000 ms goal."
            )
    return "\n".join(lines) + "\n"


async def main_async(output: Path) -> None:
    info = machine()
    print(json.dumps(info, indent=2))
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    bare_server = _bare_app(workdir / "bare.log")
    try:
        time.sleep(2)
        bare = wrk(f"http://127.0.0.1:{BARE_PORT}/graphql", body=CUSTOMERS)
    finally:
        bare_server.terminate()
        bare_server.wait()
    runs = {
        "SQLite (embedded)": await backend_run("sqlite", workdir / "sqlite"),
        "PostgreSQL + Redis": await backend_run("postgres", workdir / "postgres"),
    }
    text = report(info, bare, runs)
    notes = HERE / "NOTES.md"
    output.write_text(text + ("\n" + notes.read_text() if notes.exists() else ""))
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    asyncio.run(main_async(args.output))


if __name__ == "__main__":
    main()
