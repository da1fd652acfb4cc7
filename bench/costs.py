"""The two cost figures of `make bench` alone: what metering (issue 19) and observability
(issue 21) cost the small authenticated query, measured the same way, to iterate on them.

    make bench-costs                                  (prints; writes nothing)
    .venv/bin/python -m bench.costs --rounds 9 --seconds 4

The same `server.py serve` variants as `make bench` (bench/fleet.py), on one PostgreSQL +
Redis database, 1 worker each, at -c16, measured in the same pairs (bench/pairs.py): each
pair's two servers at the same time on one core, wrk on the other, the pairs interleaved
round by round. Each ratio is printed by req/s and by the servers' own CPU time per
request; the step ratios say which part costs what.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path

from bench import figures, pairs, servers
from bench.fleet import METRICS_TOKEN, REDIS_URL, Fleet, _plain, check, check_costs
from bench.load import Spread, wrk
from bench.report import (
    COST_DEFAULTS,
    COST_METERED,
    COST_NO_ACTIVITY,
    COST_NO_METRICS,
    COST_OBSERVED,
    COST_PAIRS,
)
from bench.run import Plan
from tests import processes


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
        # The same as COST_DEFAULTS, a process of its own: a pair is two processes.
        COST_METERED: servers.service(COST_METERED, pg, workdir / "metered.log"),
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
    fleet = Fleet.__new__(Fleet)  # the fields the cost figures read, and only those
    fleet.pg1, fleet.pg_key = made[COST_DEFAULTS], tenant.api_key
    fleet.no_activity, fleet.no_metrics = made[COST_NO_ACTIVITY], made[COST_NO_METRICS]
    fleet.observed, fleet.metered = made[COST_OBSERVED], made[COST_METERED]
    await fleet.meter()
    return fleet


def _report(found: dict[tuple[str, str], pairs.Paired]) -> list[str]:
    lines = []
    for pair in COST_PAIRS:
        by_rps = found[pair.key].rps_ratios()
        by_cpu = found[pair.key].cpu_ratios()
        verdict = ""
        if pair.goal is not None:  # judged by CPU time, as make bench does (report.py)
            median = Spread.of(by_cpu).median
            met = "MET" if median >= pair.goal else "MISSED"
            reached = sum(r >= pair.goal for r in by_cpu)
            verdict = f"  goal >= {pair.goal:.2f}x by CPU: {met}, {reached}/{len(by_cpu)} rounds"
        lines.append(
            f"{pair.label}: {Spread.of(by_rps).text(3, 'x')} by req/s, "
            f"{Spread.of(by_cpu).text(3, 'x')} by CPU{verdict}"
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
        keys = [pair.key for pair in COST_PAIRS]
        print(f"{len(keys)} pairs × {rounds} rounds of {seconds} s", flush=True)
        found = await asyncio.to_thread(pairs.run, loads, keys, rounds, seconds)
        print("\n".join(_report(found)), flush=True)


def main() -> None:
    plan = Plan.of(smoke=False)  # BENCH_COST_ROUNDS and BENCH_COST_SECONDS, as `make bench`
    parser = argparse.ArgumentParser(
        prog="python -m bench.costs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rounds", type=int, default=plan.cost_rounds)
    parser.add_argument("--seconds", type=int, default=plan.cost_seconds)
    args = parser.parse_args()
    asyncio.run(main_async(args.rounds, args.seconds))


if __name__ == "__main__":
    main()
