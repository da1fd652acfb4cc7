"""Load and figures: one wrk run is a Sample; a figure is the samples of several rounds,
summarized by their median and spread (min-max)."""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import re
import statistics
import subprocess
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

HERE = Path(__file__).parent
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass(frozen=True)
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers and socket errors
    requests: int = 0
    # The CPU time the server's own processes spent per request (not PostgreSQL's, nor
    # Redis'): unlike req/s, it hardly moves when other work shares the machine.
    cpu_ms: float = math.nan


class Answering(Protocol):
    def worker_pids(self) -> list[int]: ...


@dataclass(frozen=True)
class Load:
    """What wrk sends: a URL, a body or a Lua script, a token, at some concurrency; and the
    server that answers, whose processes' CPU time is read around each run."""

    url: str
    body: str = ""
    token: str = ""
    connections: int = 16
    server: Answering | None = None
    script: str = "post.lua"


def wrk(load: Load, seconds: int) -> Sample:
    pids = load.server.worker_pids() if load.server else []
    before = cpu_seconds(pids)
    sample = _wrk(load, seconds)
    spent = cpu_seconds(pids) - before
    if not sample.requests:
        return sample
    return dataclasses.replace(sample, cpu_ms=spent * 1000 / sample.requests)


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system time of the processes (/proc/PID/stat), in seconds."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _wrk(load: Load, seconds: int) -> Sample:
    # BENCH_RUN: a nonce of this run, so that ingestion's transaction ids are new in every
    # round (wrk's Lua draws the same random numbers in every process).
    env = {
        **os.environ,
        "BENCH_BODY": load.body,
        "BENCH_TOKEN": load.token,
        "BENCH_RUN": os.urandom(6).hex(),
    }
    # A slow answer is measured, not dropped: wrk leaves requests over --timeout out of its latencies.
    command = [
        "wrk",
        "-t1",
        f"-c{load.connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    out = subprocess.run(
        [*command, "-s", str(HERE / load.script), load.url],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> Sample:
    def found(pattern: str) -> str:
        match = re.search(pattern, out)
        if match is None:
            raise ValueError(f"wrk printed no {pattern!r}:\n{out}")
        return match[1]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return Sample(
        requests=int(found(r"(\d+) requests in")),
        rps=float(found(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(found(r"50%\s+([\d.]+\w+)")),
        p99_ms=_ms(found(r"99%\s+([\d.]+\w+)")),
        errors=(int(non_2xx[1]) if non_2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    )


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


@dataclass(frozen=True)
class Spread:
    """The median of a figure's rounds, and their min and max."""

    median: float
    low: float
    high: float
    rounds: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def text(self, digits: int = 0, unit: str = "") -> str:
        if self.rounds == 1:
            return f"{self.median:,.{digits}f}{unit}"
        return f"{self.median:,.{digits}f}{unit} ({self.low:,.{digits}f}–{self.high:,.{digits}f})"


def ratios(numerators: Sequence[Sample], denominators: Sequence[Sample]) -> list[float]:
    """req/s of A over req/s of B, round by round (each pair ran back to back)."""
    pairs = zip(numerators, denominators, strict=True)
    return [a.rps / b.rps if b.rps else math.nan for a, b in pairs]


def spread(samples: Sequence[Sample], field: str) -> Spread:
    return Spread.of([getattr(sample, field) for sample in samples])


def interleave(loads: Mapping[str, Load], rounds: int, seconds: int) -> dict[str, list[Sample]]:
    """Every load once per round, in the same order (A, B, C, A, B, C, ...): what drifts on
    a shared machine over the figure's minute reaches every variant alike."""
    samples: dict[str, list[Sample]] = {name: [] for name in loads}
    for number in range(1, rounds + 1):
        for name, load in loads.items():
            sample = wrk(load, seconds)
            samples[name].append(sample)
            print(
                f"  round {number}: {name}: {sample.rps:,.0f} req/s, "
                f"p50 {sample.p50_ms:.2f} ms, p99 {sample.p99_ms:.2f} ms, errors {sample.errors}",
                flush=True,
            )
    return samples


def at_once(loads: Mapping[str, Load], seconds: int) -> dict[str, list[Sample]]:
    """Every load at the same time, one run each: for a smoke run, whose figures mean nothing."""
    with ThreadPoolExecutor(len(loads)) as pool:
        runs = {name: pool.submit(wrk, load, seconds) for name, load in loads.items()}
    return {name: [run.result()] for name, run in runs.items()}
