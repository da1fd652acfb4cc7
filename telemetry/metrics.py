"""Prometheus metrics (prometheus-client), for /metrics (web/metrics.py).

`serve --workers N` gives each worker process its own files in PROMETHEUS_MULTIPROC_DIR
(made by `serve`, telemetry/multiproc.py), summed at every scrape: one coherent view.

Labels take bounded values only: an operation is one of the schema's top-level fields
(schema/observed.py), an outcome an error code or a fixed word. Never a key id, a token,
an e-mail or an organization name (cardinality, and privacy; tests/web/test_metrics.py).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics

# No `_created` series: one value a counter, as scrapers expect.
disable_created_metrics()  # type: ignore[no-untyped-call]

REQUESTS = Counter(
    "apikeys_http_requests",
    "HTTP requests answered, by operation (GraphQL top-level field, or the door), outcome "
    "(ok, or the first error code) and status",
    ["operation", "outcome", "status"],
)
LATENCY = Histogram(
    "apikeys_http_request_duration_seconds",
    "Time to answer an HTTP request, by operation",
    ["operation"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
AUTH_OUTCOMES = ("valid", "unknown", "revoked", "expired", "ip_refused", "rate_limited")
AUTH = Counter(
    "apikeys_authentications",
    "Bearer credentials checked, by outcome: " + ", ".join(AUTH_OUTCOMES),
    ["outcome"],
)
CACHE = Counter(
    "apikeys_credential_cache",
    "Verification cache events: hit, miss, invalidation (an eviction of this process, "
    "its own or received from another through Redis)",
    ["event"],
)
LAST_USED_FLUSHES = Counter(
    "apikeys_last_used_flushes", "lastUsedAt flushes, by result (ok, failed)", ["result"]
)
LAST_USED_KEYS = Counter("apikeys_last_used_keys_flushed", "Keys whose lastUsedAt was written")
# Each process writes its own pool's figures (at every scrape, and every few seconds under
# `serve --workers N`, web/metrics.py); a scrape sums the live processes' figures.
DB_POOL = Gauge(
    "apikeys_db_pool_connections",
    "Database connections by state: in_use, idle, max (the pool's size limit; SQLite: its "
    "one connection), summed over the worker processes",
    ["state"],
    multiprocess_mode="livesum",
)
_DB_POOL_STATES = tuple(DB_POOL.labels(state) for state in ("in_use", "idle", "max"))


# The labelled children of the hot path, bound once: `labels()` checks and converts its
# values on every call, which cost a cache hit more than the rest of its counting.
_AUTH_CHILDREN = {outcome: AUTH.labels(outcome) for outcome in AUTH_OUTCOMES}
_CACHE_CHILDREN = {event: CACHE.labels(event) for event in ("hit", "miss", "invalidation")}
# Bounded as the labels are: the schema's fields and doors, the error codes, the statuses.
_REQUEST_CHILDREN: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

# The hot path's counters (requests, authentications, cache events) are counted here, in
# plain memory, and added to Prometheus' by publish(): before every scrape of this
# process, every second in each worker of `serve --workers N` (whose files any worker's
# scrape sums), and when the app stops. A dict lookup a count, where prometheus-client
# takes a lock and checks its value every time; the event loop is the one counting
# thread. The latency histogram is observed as each request ends.
_counted: dict[Counter, int] = {}


def _count(child: Counter) -> None:
    _counted[child] = _counted.get(child, 0) + 1


def publish() -> None:
    """What was counted since the last call, into the Prometheus counters."""
    global _counted
    counted, _counted = _counted, {}
    for child, amount in counted.items():
        child.inc(amount)


def authentication(outcome: str) -> None:
    _count(_AUTH_CHILDREN.get(outcome, _AUTH_CHILDREN["unknown"]))


def cache_event(event: str) -> None:
    """A verification cache `hit`, `miss` or `invalidation`."""
    _count(_CACHE_CHILDREN[event])


def db_pool(in_use: int, idle: int, maximum: int) -> None:
    for child, value in zip(_DB_POOL_STATES, (in_use, idle, maximum), strict=True):
        child.set(value)


def request(operation: str, outcome: str, status: int, seconds: float) -> None:
    children = _REQUEST_CHILDREN.get((operation, outcome, status))
    if children is None:
        children = (REQUESTS.labels(operation, outcome, str(status)), LATENCY.labels(operation))
        _REQUEST_CHILDREN[(operation, outcome, status)] = children
    _count(children[0])
    children[1].observe(seconds)
