"""Two servers measured at the same time on one shared core: the cost figures' design.

A cost figure is the ratio of two servers' req/s, the same service one thing apart, a few
per cent from 1. On this 2-core machine, shared with other work, a server run alone moves
by up to 15 % from one round to the next, and two identical servers run one after the other
differ by up to 8 % in their medians: more than the costs measured. Run at the same time,
both pinned to the first core (every thread) with their two wrk processes on the others,
identical servers gave per-round ratios within 0.977 to 1.050 (median about 1.00): whatever
the machine does reaches both alike, and the scheduler shares the core fairly between
them, so the req/s ratio is the inverse of their CPU-time-per-request ratio.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.load import Answering, Load, Sample, wrk


@dataclass
class Paired:
    """A pair's rounds: the numerator's and the denominator's samples, one of each a round,
    the two of a round run at the same time (or back to back on one core)."""

    numerator: list[Sample] = field(default_factory=list)
    denominator: list[Sample] = field(default_factory=list)

    def rps_ratios(self) -> list[float]:
        """The numerator's req/s over the denominator's, round by round."""
        return [
            a.rps / b.rps if b.rps else float("nan")
            for a, b in zip(self.numerator, self.denominator, strict=True)
        ]

    def cpu_ratios(self) -> list[float]:
        """The denominator's server CPU time per request over the numerator's, round by
        round: the same ratio as req/s when both servers get the same CPU time."""
        return [
            b.cpu_ms / a.cpu_ms if a.cpu_ms else float("nan")
            for a, b in zip(self.numerator, self.denominator, strict=True)
        ]


def can_pin() -> bool:
    """Whether this process may use two cores or more: one for the servers, the rest for wrk."""
    return len(os.sched_getaffinity(0)) > 1


def run(
    loads: Mapping[str, Load],
    pairs: Sequence[tuple[str, str]],
    rounds: int,
    seconds: int,
) -> dict[tuple[str, str], Paired]:
    """Each pair (numerator, denominator) of `loads` once per round, pairs in the same order
    every round (P1, P2, ..., P1, P2, ...); the two loads of a pair at the same time, their
    servers pinned to one core and wrk on the others. Every affinity is put back at the end.
    One core: the two loads of a pair back to back, with a warning."""
    cores = sorted(os.sched_getaffinity(0))
    together = can_pin()
    if not together:
        print(
            "  warning: one core, so the pairs run back to back, not at the same time: "
            "their ratios carry the machine's drift between two runs",
            flush=True,
        )
    answering = list({id(s): s for load in loads.values() if (s := load.server)}.values())
    found: dict[tuple[str, str], Paired] = {pair: Paired() for pair in pairs}
    with pinned(answering, {cores[0]}, set(cores[1:])) if together else contextlib.nullcontext():
        for number in range(1, rounds + 1):
            for a, b in pairs:
                # Which of the two starts first alternates: in null pairs (two identical
                # servers) the first measured about 1 % slower.
                if number % 2:
                    first, second = _together(loads[a], loads[b], seconds, together)
                else:
                    second, first = _together(loads[b], loads[a], seconds, together)
                found[a, b].numerator.append(first)
                found[a, b].denominator.append(second)
                by_rps, by_cpu = found[a, b].rps_ratios()[-1], found[a, b].cpu_ratios()[-1]
                print(
                    f"  round {number}: {first.rps:,.0f} / {second.rps:,.0f} req/s = "
                    f"{by_rps:.3f}, by CPU {by_cpu:.3f}, errors {first.errors + second.errors}: "
                    f"{a} / {b}",
                    flush=True,
                )
    return found


def _together(a: Load, b: Load, seconds: int, together: bool) -> tuple[Sample, Sample]:
    if not together:
        return wrk(a, seconds), wrk(b, seconds)
    # The pool's threads are made here, so they (and wrk, their child) get this thread's cores.
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.submit(wrk, a, seconds), pool.submit(wrk, b, seconds)
        return first.result(), second.result()


@contextlib.contextmanager
def pinned(servers: Sequence[Answering], core: set[int], others: set[int]) -> Iterator[None]:
    """Every thread of the servers' processes on `core`, every thread of this process (and
    so the wrk it starts) on `others`; then every thread of both back on the cores its
    process had (threads started meanwhile included)."""
    processes = [pid for server in servers for pid in server.worker_pids()]
    mine = os.getpid()
    before = {pid: os.sched_getaffinity(pid) for pid in [mine, *processes]}
    try:
        for pid in processes:
            _set(pid, core)
        _set(mine, others)
        yield
    finally:
        for pid, cores in before.items():
            _set(pid, cores)


def _set(pid: int, cores: set[int]) -> None:
    """Every thread of the process: sched_setaffinity(pid) sets one thread's only."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:  # the process ended meanwhile
        return
    for thread in threads:
        with contextlib.suppress(OSError):  # so did the thread
            os.sched_setaffinity(int(thread), cores)
