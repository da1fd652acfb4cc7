"""The two cost figures of `make bench` alone, with more and longer rounds: what metering
(issue 19) and observability (issue 21) cost the small authenticated query.

    make bench-costs                                  (prints; writes nothing)
    .venv/bin/python -m bench.costs --rounds 7 --seconds 4

The same five `server.py serve` variants as `make bench` (bench/fleet.py), on one
PostgreSQL + Redis database, 1 worker each, at -c16, interleaved round by round. Each
ratio is printed by req/s and by the servers' own CPU time per request; the step ratios
say which part costs what.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path

from bench import figures, servers
from bench.fleet import METRICS_TOKEN, REDIS_URL, Fleet, _plain, check, check_costs
from bench.load import Sample, Spread, interleave, ratios, wrk
from bench.report import (
    COST_DEFAULTS,
    COST_METERED,
    COST_NO_ACTIVITY,
    COST_NO_METRICS,
    COST_OBSERVED,
)
from tests import processes

# (what, numerator, denominator, goal): the issues' figures, then each step on its own.
FIGURES = (
    ("#19 rate limit + credits + activity", COST_METERED, COST_NO_ACTIVITY, 0.90),
    ("#21 metrics + JSON logs", COST_OBSERVED, COST_NO_METRICS, 0.95),
    ("  activity", COST_DEFAULTS, COST_NO_ACTIVITY, None),
    ("  rate limit + credits", COST_METERED, COST_DEFAULTS, None),
    ("  metrics recorded", COST_DEFAULTS, COST_NO_METRICS, None),
    ("  METRICS_TOKEN + JSON access lines", COST_OBSERVED, COST_DEFAULTS, None),
)


async def _start(workdir: Path, stack: AsyncExitStack) -> Fleet:
    pg = await stack.enter_async_context(processes.environment("postgres", workdir))
    _plain(pg)
    pg["REDIS_URL"] = REDIS_URL
    pg["APIKEYS_PEPPER"] = "bench-" + secrets.token_urlsafe(32)
    tenant = await figures.bootstrap(pg)
    made = {
        COST_NO_ACTIVITY: servers.service(
            COST_NO_ACTIVITY, pg, workdir / "no-activity.log", without="activity"
        ),
        COST_DEFAULTS: servers.service(COST_DEFAULTS, pg, workdir / "pg1.log"),
        COST_NO_METRICS: servers.service(
            COST_NO_METRICS, pg, workdir / "no-metrics.log", without="metrics"
        ),
        COST_OBSERVED: servers.service(
            COST_OBSERVED,
            pg | {"METRICS_TOKEN": METRICS_TOKEN, "LOG_FORMAT": "json"},
            workdir / "observed.log",
        ),
    }
    stack.enter_context(servers.running(*made.values()))
    _apart(list(made.values()))
    fleet = Fleet.__new__(Fleet)  # the fields the cost figures read, and only those
    fleet.pg1, fleet.pg_key = made[COST_DEFAULTS], tenant.api_key
    fleet.no_activity, fleet.no_metrics = made[COST_NO_ACTIVITY], made[COST_NO_METRICS]
    fleet.observed = made[COST_OBSERVED]
    await fleet.meter()
    return fleet


def _apart(answering: list[servers.Server]) -> None:
    """The servers on the first core, this process and its wrk on the others: a server's
    figure is then what it does with a core of its own, not what wrk leaves it (with two
    cores shared, a round's ratio moved by up to a third). PostgreSQL and Redis float."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        print("one core: servers and wrk share it, expect noisy ratios", flush=True)
        return
    for server in answering:
        for pid in server.worker_pids():
            for thread in os.listdir(f"/proc/{pid}/task"):  # every thread, not only the main
                os.sched_setaffinity(int(thread), {cores[0]})
    os.sched_setaffinity(0, set(cores[1:]))


def _report(samples: dict[str, list[Sample]]) -> list[str]:
    lines = []
    for what, numerator, denominator, goal in FIGURES:
        by_rps = Spread.of(ratios(samples[numerator], samples[denominator]))
        cpu = [
            b.cpu_ms / a.cpu_ms
            for a, b in zip(samples[numerator], samples[denominator], strict=True)
        ]
        by_cpu = Spread.of(cpu)
        verdict = ""
        if goal is not None:
            met = sum(r >= goal for r in ratios(samples[numerator], samples[denominator]))
            verdict = f"  goal >= {goal:.2f}x: {met}/{len(cpu)} rounds by req/s"
        lines.append(
            f"{what}: {by_rps.text(2, 'x')} by req/s, {by_cpu.text(2, 'x')} by CPU{verdict}"
        )
    return lines


async def main_async(rounds: int, seconds: int) -> None:
    async with AsyncExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-costs-")))
        fleet = await _start(workdir, stack)
        loads = fleet.costs()
        await check(loads)
        await check_costs(fleet)
        for name, load in loads.items():  # warm-up, not counted
            await asyncio.to_thread(wrk, load, 1)
            print(f"warmed: {name}", flush=True)
        samples = await asyncio.to_thread(interleave, loads, rounds, seconds)
        print("\n".join(_report(samples)), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.costs", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(main_async(args.rounds, args.seconds))


if __name__ == "__main__":
    main()
