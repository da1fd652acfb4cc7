"""bench/RESULTS.md from one run's measurements: the goals, the figures, how the run works."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.figures import Verification
from bench.load import Sample, Spread, ratios, spread
from bench.pairs import Paired

DEFAULT = "default Strawberry"
CACHED = "cached Strawberry"
SQLITE = "this service, SQLite, 1 worker"
PG1 = "this service, PostgreSQL + Redis, 1 worker"
PG2 = "this service, PostgreSQL + Redis, 2 workers"
BARE_LIST = "bare list app"
PLOT = "throughput.png"
# The cost figures' variants: the PostgreSQL + Redis service, 1 worker, as PG1 but for one thing.
COST_NO_ACTIVITY = "service, activity stubbed out, a key without limits"
COST_METERED = "service, a key with a rate limit and credits"
COST_DEFAULTS = "service as configured by default, a key without limits"
COST_NO_METRICS = "service, metrics stubbed out (text logs, no access log)"
COST_OBSERVED = "service, METRICS_TOKEN set, LOG_FORMAT=json"


@dataclass(frozen=True)
class CostPair:
    """Two cost variants measured at the same time (bench/pairs.py): numerator / denominator."""

    label: str
    numerator: str
    denominator: str
    goal: float | None = None  # the issue's floor for the ratio (by CPU time, _paired_cost)

    @property
    def key(self) -> tuple[str, str]:
        return self.numerator, self.denominator


ISSUE_19 = CostPair(
    "#19 rate limit + credits + activity on / all off", COST_METERED, COST_NO_ACTIVITY, 0.90
)
ISSUE_21 = CostPair("#21 metrics + JSON logs on / both off", COST_OBSERVED, COST_NO_METRICS, 0.95)
# Each thing on its own, the service as configured by default in the middle.
COST_STEPS = (
    CostPair("activity (default / activity stubbed out)", COST_DEFAULTS, COST_NO_ACTIVITY),
    CostPair(
        "rate limit + credits (metered key / key without limits)", COST_METERED, COST_DEFAULTS
    ),
    CostPair("metrics recorded (default / metrics stubbed out)", COST_DEFAULTS, COST_NO_METRICS),
    CostPair(
        "METRICS_TOKEN + JSON access lines (observed / default)", COST_OBSERVED, COST_DEFAULTS
    ),
)
COST_PAIRS = (ISSUE_19, ISSUE_21, *COST_STEPS)
COST_TOGETHER = "at the same time, both on one core, with their two wrk on the other"


@dataclass
class Results:
    """One run's measurements, by figure; wrk's samples by variant, the others by round."""

    viewer: dict[str, list[Sample]]  # -c16
    viewer_c1: dict[str, list[Sample]]
    lists: dict[str, list[Sample]]  # by backend and concurrency
    hundred: dict[str, list[Sample]]
    ingest: dict[str, list[Sample]]
    keys: int  # more than the bootstrap key, in each service database
    rotation_count: int  # per round
    revocation_ms: list[float] = field(default_factory=list)
    rotation_s: list[float] = field(default_factory=list)
    verification: Verification = field(default_factory=lambda: Verification([], []))
    # By (numerator, denominator) of COST_PAIRS, -c16: each round's two runs at the same time.
    cost_pairs: dict[tuple[str, str], Paired] = field(default_factory=dict)
    cost_how: str = COST_TOGETHER  # how each round's two runs of a pair ran
    usage: dict[str, list[Sample]] = field(default_factory=dict)  # by backend, -c1
    usage_days: int = 30
    usage_rows: int = 0  # minute rows of the busy key, in each service database
    info: dict[str, str] = field(default_factory=dict)
    design: list[str] = field(default_factory=list)
    profile: str = ""
    notes: str = ""
    seconds: float = 0.0

    @property
    def costs(self) -> dict[str, list[Sample]]:
        """Every run of each cost variant, in whichever pair it ran."""
        pooled: dict[str, list[Sample]] = {}
        for (a, b), paired in self.cost_pairs.items():
            pooled.setdefault(a, []).extend(paired.numerator)
            pooled.setdefault(b, []).extend(paired.denominator)
        return pooled


@dataclass(frozen=True)
class Goal:
    figure: str
    goal: str
    measured: Spread
    digits: int
    unit: str
    at_least: bool  # the goal is a floor (else a ceiling)
    bound: float
    values: Sequence[float]
    context: str = ""  # what a reader should know when the goal is missed
    by_cpu: Spread | None = None  # a throughput ratio, from the servers' CPU time per request

    @property
    def met(self) -> bool:
        median = self.measured.median
        return median >= self.bound if self.at_least else median <= self.bound

    def rounds_met(self) -> int:
        return sum((v >= self.bound) if self.at_least else (v <= self.bound) for v in self.values)

    def row(self) -> str:
        status = "MET" if self.met else "**MISSED**"
        measured = self.measured.text(self.digits, self.unit)
        rounds = f"{self.rounds_met()}/{len(self.values)} rounds"
        by_cpu = self.by_cpu.text(2, "x") if self.by_cpu else "—"
        return f"| {self.figure} | {self.goal} | {measured} | {status} ({rounds}) | {by_cpu} |"

    def sentence(self) -> str:
        side = "below" if self.at_least else "above"
        median = f"{self.measured.median:,.{self.digits}f}{self.unit}"
        return (
            f"- {self.figure}: missed. The median, {median}, is {side} the goal ({self.goal}); "
            f"{self.rounds_met()} of {len(self.values)} rounds reached it.{self.context}"
        )


def _ratio(
    figure: str,
    goal: float,
    a: list[Sample],
    b: list[Sample],
    context: str = "",
    cpu: bool = True,
    why: str = "",
) -> Goal:
    """A's req/s over B's, round by round; and B's CPU time per request over A's."""
    values = ratios(a, b)
    by_cpu = Spread.of([y.cpu_ms / x.cpu_ms for x, y in zip(a, b, strict=True)]) if cpu else None
    goal_text = f"≥ {goal:.{1 if round(goal * 10) == goal * 10 else 2}f}x{why}"
    return Goal(figure, goal_text, Spread.of(values), 2, "x", True, goal, values, context, by_cpu)


def _paired_cost(figure: str, pair: CostPair, paired: Paired, why: str) -> Goal:
    """A cost pair's goal, judged by the ratio of the two servers' CPU time per request (the
    denominator's over the numerator's): run at the same time on one core, each server's
    req/s is its share of the core over its cost, and the shares are not quite equal (the
    req/s ratio moved 1 to 3 points from the CPU one, either way, pair by pair), while the
    CPU time per request is the cost itself. The req/s ratio is given beside it."""
    goal = pair.goal or 0.0
    values = paired.cpu_ratios()
    by_rps = Spread.of(paired.rps_ratios()).text(2, "x")
    context = (
        " Each round ran the pair's two servers at the same time, sharing one core, so the "
        f"machine's load reached both alike; their req/s ratio was {by_rps}."
    )
    return Goal(
        f"{figure} (server CPU time per request, -c16, two servers at once; req/s ratio: {by_rps})",
        f"≥ {goal:.2f}x{why}",
        Spread.of(values),
        2,
        "x",
        True,
        goal,
        values,
        context,
    )


def _ceiling(
    figure: str,
    bound: float,
    values: list[float],
    digits: int,
    unit: str,
    why: str = "",
    context: str = "",
) -> Goal:
    goal = f"≤ {bound:,.0f}{unit}{why}"
    return Goal(figure, goal, Spread.of(values), digits, unit, False, bound, values, context)


def goals(r: Results) -> list[Goal]:
    """The issue's goals, then two that the docs state (revocation, the tick)."""
    v, q = r.viewer, "`{ viewer { fullAccess } }`"
    backends = {"SQLite": SQLITE, "PostgreSQL + Redis": PG1}
    events = [s.rps * 100 for s in r.ingest[PG1]]
    return [
        _ratio(
            f"{q}, SQLite, 1 worker / default Strawberry (req/s, -c16)", 3.0, v[SQLITE], v[DEFAULT]
        ),
        _ratio(f"{q}, SQLite, 1 worker / cached Strawberry", 0.9, v[SQLITE], v[CACHED]),
        _ratio(f"{q}, PostgreSQL + Redis, 1 worker / cached Strawberry", 0.9, v[PG1], v[CACHED]),
        _ceiling(
            f"{q}, PostgreSQL + Redis, 1 worker: p99 at -c16",
            30,
            [s.p99_ms for s in v[PG1]],
            1,
            " ms",
        ),
        _ratio(
            "`serve --workers 2` / 1 worker (PostgreSQL + Redis, req/s, -c16)",
            1.5,
            v[PG2],
            v[PG1],
            context=" The two workers share this machine's two cores with wrk, PostgreSQL and Redis.",
            cpu=False,
        ),
        _ceiling(
            "verification cache hit, in process (CPU time)", 30, r.verification.cpu_us, 1, " µs"
        ),
        *(
            _ceiling(
                f"list 20 of {r.keys:,} keys, {name}: p99 at -c1",
                10,
                [s.p99_ms for s in r.lists[f"{name} -c1"]],
                2,
                " ms",
                context=" A run at -c1 holds a few hundred requests: its p99 is one of its slowest few.",
            )
            for name in backends
        ),
        *(
            _ratio(
                f"100 keys × 5 fields, {name} / the bare list app (req/s, -c16)",
                1.5,
                r.hundred[variant],
                r.hundred[BARE_LIST],
            )
            for name, variant in backends.items()
        ),
        Goal(
            "`ingestEvents`, batches of 100, PostgreSQL + Redis, 1 worker (events/s, -c16)",
            "≥ 5,000 events/s (2,153 before)",
            Spread.of(events),
            0,
            "",
            True,
            5000,
            events,
        ),
        _ceiling(
            "revocation across `serve --workers 2`: destroyApiKey's answer to the other worker's first 401",
            1000,
            r.revocation_ms,
            1,
            " ms",
            " (SECURITY.md: within 1 s)",
        ),
        _ceiling(
            f"{r.rotation_count:,} due rotations by one tick of `server.py worker`",
            60,
            r.rotation_s,
            2,
            " s",
            " (the tick's period)",
        ),
        *_cost_goals(r),
    ]


def _cost_goals(r: Results) -> list[Goal]:
    """Issue 19's and 21's: what metering and observability cost the small authenticated
    query, each pair's two servers run at the same time; and the usage view of a busy key."""
    if not r.cost_pairs:
        return []
    q = "`{ viewer { fullAccess } }`, PostgreSQL + Redis, 1 worker"
    what = {
        ISSUE_19: ("rate limit + credits + activity on / all off", " (a cost ≤ 10 %)"),
        ISSUE_21: ("metrics + JSON logs on / both off", " (a cost ≤ 5 %)"),
    }
    return [
        *(
            _paired_cost(f"{q}: {label}", pair, r.cost_pairs[pair.key], why)
            for pair, (label, why) in what.items()
        ),
        *(
            _ceiling(
                f"usage of one key, {r.usage_days} days by hour ({r.usage_rows:,} minute rows), "
                f"{name.removesuffix(' -c1')}: p99 at -c1",
                20,
                [s.p99_ms for s in samples],
                2,
                " ms",
            )
            for name, samples in r.usage.items()
        ),
    ]


def render(r: Results) -> str:
    checked = goals(r)
    missed = [g for g in checked if not g.met]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py`) in {r.seconds:.0f} s. Each figure is the median of its",
        "rounds with the spread (min–max) in brackets; the variants of a figure ran interleaved",
        "(A, B, C, A, B, C, ...), so drift on this shared machine hits them all, and every ratio is",
        "taken round by round, between runs made back to back, then summarized. The cost figures",
        "(issues 19 and 21) are the exception: each of their ratios is taken between two servers",
        "run at the same time on one shared core (see *How the run works*).",
        "",
        *(f"- **{k}**: {v}" for k, v in r.info.items()),
        "",
        "## Goals",
        "",
        "| figure | goal | measured: median (min–max) | status | the ratio by server CPU time per request |",
        "| --- | --- | --- | --- | --- |",
        *(g.row() for g in checked),
        "",
        *_missed(missed),
        *_errors(r),
        "",
        "The last column is the same ratio taken from the servers' own CPU time per request "
        "(read from /proc around each run), which other work on the machine hardly moves: where "
        "the two columns disagree, the difference is the machine's load rather than the code. "
        "PostgreSQL's and Redis' CPU time is not counted, which flatters the PostgreSQL variants "
        "when the query reads the database (the lists).",
        "",
        f"![req/s per variant, median with min–max bars]({PLOT})",
    ]
    lines += _details(r)
    lines += ["", "## How the run works", "", *r.design]
    if r.profile:
        lines += ["", "## Profile: the top lines", "", "```", r.profile.rstrip(), "```"]
    text = "\n".join(lines) + "\n"
    return text + ("\n" + r.notes if r.notes else "")


def _missed(missed: list[Goal]) -> list[str]:
    if not missed:
        return ["Every goal is met in this run."]
    return [f"{len(missed)} goal(s) missed in this run:", "", *(g.sentence() for g in missed)]


def _errors(r: Results) -> list[str]:
    """A plain line for every variant that got errors: they are not in its latencies."""
    figures = {"-c16": r.viewer, "-c1": r.viewer_c1, "lists": r.lists, "100 × 5": r.hundred}
    figures |= {"costs": r.costs, "usage": r.usage}
    counted = [
        f"- {name} ({figure}): {sum(s.errors for s in samples)} non-2xx answers or socket errors."
        for figure, by_name in {**figures, "ingestEvents": r.ingest}.items()
        for name, samples in by_name.items()
        if any(s.errors for s in samples)
    ]
    if not counted:
        return []
    return ["", "wrk counted errors, which are left out of the latencies:", "", *counted]


def _latency_table(title: str, samples: dict[str, list[Sample]], note: str = "") -> list[str]:
    rows = [
        f"| {name} | {spread(s, 'rps').text()} | {spread(s, 'p50_ms').text(2)} | "
        f"{spread(s, 'p99_ms').text(2)} | {spread(s, 'cpu_ms').text(2)} | {sum(x.errors for x in s)} |"
        for name, s in samples.items()
    ]
    header = "| variant | req/s | p50 ms | p99 ms | server CPU ms per request | errors |"
    return [
        "",
        title,
        "",
        *([note, ""] if note else []),
        header,
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]


def _details(r: Results) -> list[str]:
    lines = _latency_table(
        "## `{ viewer { fullAccess } }` at -c16",
        r.viewer,
        "The baselines answer the same query shape (a `viewer` object with a `fullAccess` "
        "boolean) with no authentication and no database.",
    )
    lines += _latency_table("## `{ viewer { fullAccess } }` at -c1", r.viewer_c1)
    lines += _latency_table(
        f"## List 20 of {r.keys:,} keys",
        r.lists,
        "`apiKeys(first: 20) { edges { node { id name prefix status } } }`, the organization "
        f"holding {r.keys:,} keys more than its first.",
    )
    lines += _latency_table(
        "## 100 keys × 5 fields, against the bare list app (-c16)",
        r.hundred,
        "`apiKeys(first: 100) { edges { node { id name prefix status createdAt } } }`; the bare "
        "list app is Strawberry on its defaults returning 100 static dicts.",
    )
    lines += _latency_table(
        "## `ingestEvents`, batches of 100 (-c16; req/s × 100 = events/s)", r.ingest
    )
    lines += _cost_details(r)
    lines += [
        "",
        "## Revocation, rotations, verification",
        "",
        f"- Revocation across `serve --workers 2` (PostgreSQL + Redis), {len(r.revocation_ms)} rounds: "
        f"{Spread.of(r.revocation_ms).text(1, ' ms')} from destroyApiKey's answer on one worker to the "
        "first 401 on the other, whose cache held the key (the two kept-alive connections are "
        "told apart by the process that holds each socket, read from /proc).",
        f"- {r.rotation_count:,} due rotations through a running `server.py worker` (one periodic "
        f"tick job), {len(r.rotation_s)} rounds: completed in "
        f"{Spread.of(r.rotation_s).text(2, ' s')} ({Spread.of(r.rotation_s).median / r.rotation_count * 1000:.1f} ms "
        "each); the e-mails they cause, one RQ job each, are queued, not timed.",
        f"- Verification, a credential-cache hit through the app's `Authenticator`, in process: "
        f"{Spread.of(r.verification.cpu_us).text(1, ' µs')} of CPU time per call, "
        f"{Spread.of(r.verification.wall_us).text(1, ' µs')} on the clock.",
    ]
    return lines


def _cost_details(r: Results) -> list[str]:
    lines: list[str] = []
    if r.cost_pairs:
        lines += _pairs_tables(r)
    lines += _latency_table(
        f"## Usage of one key, {r.usage_days} days by hour (-c1)",
        r.usage,
        "`apiKey(id) { usage(from, to, granularity: HOUR) { start outcome count } }`, asked by "
        f"the admin's key about a key that made requests every minute of {r.usage_days} days: "
        f"{r.usage_rows:,} rows of `api_key_usage` (one VALID row a minute, one RATE_LIMITED "
        "row an hour), as auth/activity.py writes them.",
    )
    return lines


def _pairs_tables(r: Results) -> list[str]:
    """The cost pairs' ratios, then each variant's runs over the pairs it was in."""
    rounds = max(len(p.numerator) for p in r.cost_pairs.values())
    lines = [
        "",
        "## What metering and observability cost `{ viewer { fullAccess } }` (-c16)",
        "",
        "PostgreSQL + Redis, 1 worker each, the variants one setting apart (see *How the run "
        "works*), measured in pairs: in each round the pair's two servers ran "
        f"{r.cost_how}. Issue 19's pair: a key with a rate "
        "limit and credits on the service as configured / a key without limits on the service "
        "with activity stubbed out. Issue 21's: METRICS_TOKEN set and LOG_FORMAT=json / metrics "
        "stubbed out and text logs. The steps go through the service as configured by default. "
        f"Each ratio: the median and min–max of its {rounds} round(s), and how many rounds "
        "reached the goal. The goals are judged by the CPU-time ratio: at the same time on "
        "one core, a server's req/s is its share of the core over its cost, and the two shares "
        "are not quite equal; the CPU time per request is the cost itself. It leaves out what "
        "metering costs Redis (a lease "
        "per up to 1,000 requests) and PostgreSQL (the activity and credits flushes, every 10 "
        "and 30 s).",
        "",
        "| pair (numerator / denominator) | req/s ratio | rounds at the goal (CPU time) | "
        "by server CPU time |",
        "| --- | --- | --- | --- |",
    ]
    for pair in COST_PAIRS:
        paired = r.cost_pairs[pair.key]
        by_rps, by_cpu = paired.rps_ratios(), paired.cpu_ratios()
        reached = (
            f"{sum(v >= pair.goal for v in by_cpu)}/{len(by_cpu)} (≥ {pair.goal:.2f}x)"
            if pair.goal
            else "—"
        )
        lines.append(
            f"| {pair.label} | {Spread.of(by_rps).text(2, 'x')} | {reached} | "
            f"{Spread.of(by_cpu).text(2, 'x')} |"
        )
    rows = [
        f"| {name} | {len(s)} | {spread(s, 'rps').text()} | {spread(s, 'cpu_ms').text(3)} | "
        f"{sum(x.errors for x in s)} |"
        for name, s in r.costs.items()
    ]
    shared = (
        "They were served two at a time sharing one core, so a variant's req/s is about half "
        "what it serves with a core of its own, and its latencies (left out) are not comparable "
        "with the other tables'; its CPU time per request is comparable."
        if r.cost_how == COST_TOGETHER
        else f"They ran {r.cost_how}; their latencies are left out."
    )
    return [
        *lines,
        "",
        f"Each variant's runs, over every pair it was in. {shared}",
        "",
        "| variant | runs | req/s, sharing a core with its pair's other server | "
        "server CPU ms per request | errors |",
        "| --- | --- | --- | --- | --- |",
        *rows,
    ]
