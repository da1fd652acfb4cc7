"""bench/stripped.py, the *off* variants of the benchmark's cost figures: in a process of
its own (the stubs last as long as the process), the stripped recording does nothing and
the rest of it still works; without the stub, the same calls are counted."""

from __future__ import annotations

import json
import subprocess
import sys

from tests import processes

PROBE = """
import json, sys
from bench.stripped import strip
for what in sys.argv[1:]:
    strip(what)
from auth.activity import ActivityRecorder, KeyOutcome
from prometheus_client import REGISTRY
from telemetry import metrics

def value(name, labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0

recorder = ActivityRecorder()
recorder.record("k", "o", KeyOutcome.VALID, "viewer", None)
metrics.request("viewer", "ok", 200, 0.001)
metrics.authentication("valid")
metrics.cache_event("hit")
metrics.publish()  # as a scrape does
print(json.dumps({
    "activity": recorder.pending,
    "requests": value("apikeys_http_requests_total",
                      {"operation": "viewer", "outcome": "ok", "status": "200"}),
    "authentications": value("apikeys_authentications_total", {"outcome": "valid"}),
    "cache": value("apikeys_credential_cache_total", {"event": "hit"}),
}))
"""


def _probe(*without: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *without],
        cwd=processes.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    counted: dict[str, float] = json.loads(done.stdout)
    return counted


def test_nothing_stripped_counts_every_call():
    assert _probe() == {"activity": 1, "requests": 1.0, "authentications": 1.0, "cache": 1.0}


def test_without_activity_counts_no_activity_but_every_metric():
    assert _probe("activity") == {
        "activity": 0,
        "requests": 1.0,
        "authentications": 1.0,
        "cache": 1.0,
    }


def test_without_metrics_counts_no_metric_but_the_activity():
    assert _probe("metrics") == {
        "activity": 1,
        "requests": 0.0,
        "authentications": 0.0,
        "cache": 0.0,
    }


def test_more_than_one_worker_is_refused():
    done = subprocess.run(
        [sys.executable, "-m", "bench.stripped", "--without", "metrics", "serve", "--workers", "2"],
        cwd=processes.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "one worker only" in done.stderr
