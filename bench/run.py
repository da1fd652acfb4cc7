"""The benchmark suite: this service against plain Strawberry apps, in one interleaved session.

    make bench                       (writes bench/RESULTS.md and bench/throughput.png)
    .venv/bin/python -m bench.run --smoke --output /tmp/RESULTS.md     (seconds; no figures to read)

Starts its own servers on 127.0.0.1 (the baselines' uvicorn; `server.py serve` on SQLite and
on PostgreSQL + Redis with 1 and 2 workers; `server.py worker`) and drives them with wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import platform
import resource
import shutil
import subprocess
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import figures, pairs, plot, report, servers
from bench.fleet import Fleet, check, check_costs, check_usage, start
from bench.load import Load, Sample, at_once, cpu_seconds, interleave, wrk
from bench.pairs import Paired
from bench.report import COST_PAIRS, Results
from settings import load_settings

HERE = Path(__file__).parent
STARTED = time.monotonic()
MACHINE_LOAD: list[str] = []  # how busy the machine's cores were during each figure


@dataclass(frozen=True)
class Plan:
    rounds: int = 3
    seconds: int = 3  # each run at -c16
    c1_seconds: int = 2  # each run at -c1
    keys: int = 10_000
    rotations: int = 1_000
    revocations: int = 5
    calls: int = 20_000  # verification, per round
    profile_requests: int = 100
    usage_days: int = 30  # the busy key's activity, one row a minute
    # The cost figures' pairs (bench/pairs.py): each round runs every pair, its two loads at once.
    cost_rounds: int = 5
    cost_seconds: int = 3
    smoke: bool = False  # every variant of a figure at once: the code runs, figures mean nothing

    @classmethod
    def of(cls, smoke: bool) -> Plan:
        plan = cls(1, 1, 1, 50, 5, 1, 500, 10, 2, 1, 1, smoke=True) if smoke else cls()
        overrides = {
            "rounds": "BENCH_ROUNDS",
            "seconds": "BENCH_SECONDS",
            "cost_rounds": "BENCH_COST_ROUNDS",
            "cost_seconds": "BENCH_COST_SECONDS",
            "keys": "BENCH_SCALE_KEYS",
            "rotations": "BENCH_ROTATIONS",
        }
        given: dict[str, Any] = {
            k: int(os.environ[v]) for k, v in overrides.items() if os.environ.get(v)
        }
        return dataclasses.replace(plan, **given)


def _busy(fleet: Fleet) -> tuple[float, float, float]:
    """Seconds of CPU time: the machine's cores busy (/proc/stat), this run's servers and
    wrk (its children) and this process; and the clock."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    pids = [pid for server in fleet.servers for pid in server.worker_pids()]
    children, me = (
        resource.getrusage(resource.RUSAGE_CHILDREN),
        resource.getrusage(resource.RUSAGE_SELF),
    )
    own = cpu_seconds(pids) + sum(r.ru_utime + r.ru_stime for r in (children, me))
    return busy, own, time.monotonic()


def _cores(before: tuple[float, float, float], after: tuple[float, float, float]) -> str:
    busy, own, clock = (a - b for a, b in zip(after, before, strict=True))
    return (
        f"{busy / clock:.2f} cores busy, {own / clock:.2f} of them this run's servers and wrk, "
        f"{(busy - own) / clock:.2f} PostgreSQL, Redis and other work"
    )


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {text}", flush=True)


async def _under_load(plan: Plan, fleet: Fleet) -> Results:
    """The wrk figures: each its variants, interleaved over its rounds; the costs' pairs,
    each pair's two variants at once, the pairs interleaved over their rounds."""
    runs = {  # figure: its variants, the seconds of a run, its rounds
        "viewer -c16": (fleet.viewer(16), plan.seconds, plan.rounds),
        "viewer -c1": (fleet.viewer(1), plan.c1_seconds, plan.rounds),
        "list 20": (fleet.lists(), plan.c1_seconds, plan.rounds),
        "100 × 5": (fleet.hundred(), plan.seconds, plan.rounds),
        "ingestEvents": (fleet.ingest(), plan.seconds, plan.rounds),
        "costs": (fleet.costs(), plan.cost_seconds, plan.cost_rounds),  # in pairs
        "usage": (fleet.usage(), plan.c1_seconds, plan.rounds),
    }
    for loads, _, _ in runs.values():
        await check(loads)
    await check_costs(fleet)
    await check_usage(fleet)
    if plan.smoke:
        before = _busy(fleet)
        samples = await asyncio.to_thread(_all_at_once, {k: v[0] for k, v in runs.items()})
        MACHINE_LOAD.append(f"every figure at once {_cores(before, _busy(fleet))}")
        costs = samples.pop("costs")
        cost_pairs = {
            pair.key: Paired(list(costs[pair.numerator]), list(costs[pair.denominator]))
            for pair in COST_PAIRS
        }
        cost_how = "at once with every other variant of every figure, for a second (a smoke run)"
    else:
        # The service's warm-up, not counted: each server, and the metered key.
        warm = {**fleet.viewer(16), **fleet.costs()}
        for name, load in warm.items():
            if load.token and name != report.COST_DEFAULTS:  # PG1 with the admin's key again
                await asyncio.to_thread(wrk, load, 1)
        samples = {}
        cost_pairs, cost_how = {}, report.COST_TOGETHER
        for title, (loads, seconds, rounds) in runs.items():
            before = _busy(fleet)
            if title == "costs":
                if not pairs.can_pin():
                    cost_how = "back to back (this machine lets the run use one core only)"
                say(f"costs: {len(COST_PAIRS)} pairs × {rounds} rounds of {seconds} s, {cost_how}")
                keys = [pair.key for pair in COST_PAIRS]
                cost_pairs = await asyncio.to_thread(pairs.run, loads, keys, rounds, seconds)
            else:
                say(f"{title}: {len(loads)} variants × {rounds} rounds of {seconds} s")
                samples[title] = await asyncio.to_thread(interleave, loads, rounds, seconds)
            MACHINE_LOAD.append(f"{title} {_cores(before, _busy(fleet))}")
    return Results(
        viewer=samples["viewer -c16"],
        viewer_c1=samples["viewer -c1"],
        lists=samples["list 20"],
        hundred=samples["100 × 5"],
        ingest=samples["ingestEvents"],
        keys=plan.keys,
        rotation_count=plan.rotations,
        cost_pairs=cost_pairs,
        cost_how=cost_how,
        usage=samples["usage"],
        usage_days=plan.usage_days,
        usage_rows=fleet.pg_busy.rows,
    )


def _all_at_once(runs: dict[str, dict[str, Load]]) -> dict[str, dict[str, list[Sample]]]:
    """A smoke run: every variant of every figure at the same time, for one second."""
    flat = {
        f"{title}\0{name}": load for title, loads in runs.items() for name, load in loads.items()
    }
    samples = at_once(flat, 1)
    return {
        title: {name: samples[f"{title}\0{name}"] for name in loads}
        for title, loads in runs.items()
    }


async def _revocation(plan: Plan, fleet: Fleet) -> list[float]:
    rounds = max(plan.revocations, plan.rounds)
    say(f"revocation across 2 workers: {rounds} rounds")
    timings = [
        await asyncio.to_thread(figures.revocation_ms, fleet.pg2, fleet.pg_key)
        for _ in range(rounds)
    ]
    say("revocation: " + ", ".join(f"{t:.1f} ms" for t in timings))
    return timings


async def _rotations(plan: Plan, fleet: Fleet) -> list[float]:
    say(f"{plan.rotations:,} due rotations through server.py worker: {plan.rounds} rounds")
    organization = fleet.pg_organization
    timings = [
        await figures.in_process(
            fleet.pg_env, lambda s: figures.due_rotations(s, organization, plan.rotations)
        )
        for _ in range(plan.rounds)
    ]
    say("rotations: " + ", ".join(f"{t:.2f} s" for t in timings))
    figures.empty_queue(load_settings(fleet.pg_env))
    return timings


async def measure(plan: Plan, workdir: Path) -> Results:
    async with AsyncExitStack() as stack:
        say(f"bootstrapping SQLite and PostgreSQL, {plan.keys:,} keys each")
        fleet = await start(workdir, plan.keys, plan.usage_days, stack)
        with servers.running(*fleet.servers):
            say("every server answers on every worker")
            await fleet.meter()
            results = await _under_load(plan, fleet)
            results.revocation_ms = await _revocation(plan, fleet)
            results.rotation_s = await _rotations(plan, fleet)
        say("verification in process, the servers stopped")
        results.verification = await figures.in_process(
            fleet.pg_env,
            lambda s: figures.verification(s, fleet.pg_key, plan.calls, plan.rounds),
        )
    return results


async def _profile(requests: int) -> str:
    from bench import profile

    text = await profile.profile(requests, profile.VIEWER)
    return profile.top_lines(text, requests, 28)


def machine(plan: Plan) -> dict[str, str]:
    packages = [
        "strawberry-graphql",
        "graphql-core",
        "starlette",
        "uvicorn",
        "uvloop",
        "httptools",
        "tortoise-orm",
        "asyncpg",
        "redis",
        "rq",
        "orjson",
    ]
    wrk_version = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True
    ).stdout.split()[1]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; shared with other work",
        "python": platform.python_version(),
        "packages": ", ".join(f"{p} {version(p)}" for p in packages),
        "servers": "uvicorn with uvloop and httptools for every variant (`server.py serve` gets them "
        "from uvicorn's `auto`; the baselines are started with `--loop auto --http auto "
        "--no-access-log`), from the same venv",
        "load": f"wrk {wrk_version}, one thread, `--timeout 10s`; {plan.rounds} rounds per "
        f"figure; runs of {plan.seconds} s at -c16 ({plan.c1_seconds} s for the lists) and "
        f"{plan.c1_seconds} s at -c1; the cost figures {plan.cost_rounds} rounds of "
        f"{plan.cost_seconds} s per pair, the pair's two servers at once; after a "
        "1 s warm-up of each of the service's servers",
        "machine load": f"of the {os.cpu_count()} cores, on average during each figure (/proc/stat, "
        "/proc/PID/stat, getrusage): "
        + "; ".join(MACHINE_LOAD)
        + f". 1-minute load average at the end: {os.getloadavg()[0]:.1f}",
    }


def design(plan: Plan) -> list[str]:
    return [
        f"- **Rounds.** Each figure runs {plan.rounds} rounds; a round runs every variant of "
        "the figure once, in the same order, each with its own wrk run. The table gives the median "
        "and the min–max of the rounds; a ratio is computed in each round from two runs made "
        "within seconds of each other, then summarized the same way. The cost figures are "
        "measured in pairs instead (below).",
        "- **Variants.** The baselines are one uvicorn process (`bench/bare_app.py`): "
        "`/default/graphql` is Strawberry on its defaults, `/cached/graphql` adds "
        "`ParserCache` and `ValidationCache`, `/list/graphql` returns 100 static dicts of 5 "
        "fields for the `apiKeys(first: 100)` document. The service runs as `server.py serve` "
        "on SQLite (1 worker), and on PostgreSQL + Redis with 1 and with 2 workers "
        "(`--workers 2`, the same database). All of them run together, idle but the one under load.",
        "- **Latency.** wrk's latency distribution (`--latency`): p50 and p99 of every request of "
        "the run, at -c1 (one connection, requests back to back) and at -c16. At -c1 the two "
        "workers are left out: one connection keeps to one worker.",
        "- **CPU time per request.** Around each run, the user and system time of the "
        "answering server's processes (/proc/PID/stat; PostgreSQL and Redis not counted), over "
        "the requests wrk completed. It hardly moves when other work shares the machine, so "
        "it checks the req/s ratios: the goals table gives the ratio it implies beside each.",
        f"- **Data.** Each service database holds one organization with {plan.keys:,} keys more "
        "than its bootstrap key; the lists page through them newest first.",
        "- **Revocation.** Two kept-alive connections to `serve --workers 2`, one held by each "
        "worker process (the owner of each server socket, read from /proc); the key "
        "authenticates on both, so both caches hold it; destroyApiKey goes through one, and "
        "the other then asks again and again until its first 401.",
        f"- **Rotations.** {plan.rotations:,} keys whose rotation ended a second ago (each with "
        "its previous secret) are written to PostgreSQL; one periodic tick is enqueued on the "
        "deployment's RQ queue, as the worker's ticker does once a minute (at the queue's "
        "front, so that the previous round's e-mails do not delay it), and a running "
        "`server.py worker` completes them: erase the previous secret, audit, one outbox row "
        "per admin, then one e-mail job each.",
        f"- **Verification.** {plan.calls:,} authentications of one cached key through the "
        "`Authenticator` the app builds (its cache and guess limits), per round, in process, "
        "once the servers have stopped; the figure is the thread's CPU time per call "
        "(`time.thread_time`), since the clock also counts the waits for a core of a shared "
        "machine (the clock's figure is given beside it).",
        "- **Costs of metering and observability.** Five variants of `server.py serve`, each "
        "its own process (six processes: the service as configured by default is PG1, and the "
        "metered key gets a copy of it), on the same PostgreSQL + Redis database, 1 worker "
        "each, answer `{ viewer { fullAccess } }` at -c16, one thing apart. The service has "
        "no switch for a key's activity (always counted) nor for the Prometheus counters "
        "(always kept; METRICS_TOKEN only opens GET "
        "/metrics): their *off* variants are `python -m bench.stripped --without activity` / "
        "`--without metrics serve`, the same service with that recording made a no-op. "
        "Issue 19's pair: the admin's key (no rate limit, no credits) on the server without "
        "activity, against a key made through createApiKey with a rate limit of 1,000,000 "
        "requests per 60 s and 2,000,000,000 credits (nothing refused: each is checked on every "
        "request, leased from Redis up to 1,000 at a time, its spends written every 30 s) on the "
        "service as configured. Issue 21's pair: the server without metrics (text logs, no "
        "access log) against one with METRICS_TOKEN set and LOG_FORMAT=json, which writes "
        "one JSON access line per request to its log file. Before timing, the run checks "
        "that the metered key's answer carries the RateLimit headers, that /metrics counts "
        "the requests and that the access lines are written.",
        "- **Pairs, for the costs.** A cost is a few per cent, and on this shared 2-core "
        "machine a server run alone moves by up to 15 % from round to round, and two identical "
        "servers run one after the other differ by up to 8 % in their medians: the costs' "
        "ratios, taken from runs back to back, were mostly noise (0.84–0.97 from one run to "
        "the next). So each ratio is taken from two servers run at the same time, the same "
        "seconds, both pinned to the first core (every thread), their two wrk on the other; "
        "identical servers measured that way gave per-round ratios within 0.977–1.050 (median "
        "about 1.00): whatever the machine does reaches both alike. The scheduler shares the "
        "core nearly, not exactly, fairly: a pair's req/s ratio moved 1 to 3 points from its "
        "CPU-per-request ratio, either way, so the goals are judged by the CPU-time ratio (the "
        "cost itself) and the req/s ratio is given beside it. Every server runs with one hash "
        "seed (with random ones, identical servers differed by up to 3 % in CPU time per "
        "request; with one, by about 1 %), and which of a pair starts first alternates by "
        "round. Issue 19's pair is the metered key's server over the one without "
        "activity; issue 21's, the observed server over the one without metrics; four more "
        "pairs split each into its steps through the service as configured by default. "
        f"{plan.cost_rounds} rounds of {plan.cost_seconds} s, the pairs in the same order in "
        "each round (P1, P2, ..., P1, P2, ...). The pinning holds only during the cost figures; "
        "every affinity is put back after. Served two to a core, a variant's req/s is about "
        "half what it serves alone, and its latencies are not comparable with the other "
        "figures'. On a one-core machine the pairs run back to back, with a warning.",
        f"- **Usage.** In each service database, one more key with {plan.usage_days} days of "
        "activity as auth/activity.py writes it (one VALID row a minute, one RATE_LIMITED row "
        "an hour); the admin's key asks for its usage by hour over those days, at -c1. "
        "Before timing, the run checks that the buckets add up to what was written.",
        "- **Not asserted in tests.** `tests/test_bench_smoke.py` runs this code at toy sizes "
        "(`--smoke`) and checks that the report is written; figures live here only.",
    ]


async def main_async(output: Path, plan: Plan) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    results = await measure(plan, workdir)
    say("profile")
    results.profile = await _profile(plan.profile_requests)
    results.info = machine(plan)
    results.design = design(plan)
    notes = HERE / "NOTES.md"
    results.notes = notes.read_text() if notes.exists() else ""
    results.seconds = time.monotonic() - STARTED
    output.parent.mkdir(parents=True, exist_ok=True)
    plot.plot(results, output.with_name(report.PLOT))
    output.write_text(report.render(results))
    shutil.rmtree(workdir, ignore_errors=True)  # the servers' logs: kept when the run fails
    say(f"wrote {output} and {report.PLOT} beside it")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--smoke", action="store_true", help="toy sizes, one short round")
    args = parser.parse_args()
    asyncio.run(main_async(args.output, Plan.of(args.smoke)))


if __name__ == "__main__":
    main()
