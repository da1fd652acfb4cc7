"""telemetry/metrics.py: the hot path's counts reach Prometheus' counters when published
(every scrape does, tests/web/test_metrics.py), each count once."""

from __future__ import annotations

from prometheus_client import REGISTRY

from telemetry import metrics

VALID = ("apikeys_authentications_total", {"outcome": "valid"})
HIT = ("apikeys_credential_cache_total", {"event": "hit"})
VIEWER_OK = (
    "apikeys_http_requests_total",
    {"operation": "viewer", "outcome": "ok", "status": "200"},
)
LATENCY = ("apikeys_http_request_duration_seconds_count", {"operation": "viewer"})


def _values() -> list[float]:
    return [
        REGISTRY.get_sample_value(*sample) or 0.0 for sample in (VALID, HIT, VIEWER_OK, LATENCY)
    ]


def test_counts_are_published_once_each():
    metrics.publish()
    before = _values()
    for _ in range(3):
        metrics.authentication("valid")
        metrics.cache_event("hit")
        metrics.request("viewer", "ok", 200, 0.002)
    counted = _values()
    metrics.publish()
    published = _values()
    metrics.publish()
    assert [a - b for a, b in zip(counted, before, strict=True)] == [0, 0, 0, 3]  # latency: at once
    assert [a - b for a, b in zip(published, before, strict=True)] == [3, 3, 3, 3]
    assert _values() == published


def test_an_unknown_outcome_counts_as_unknown():
    metrics.publish()
    sample = ("apikeys_authentications_total", {"outcome": "unknown"})
    before = REGISTRY.get_sample_value(*sample) or 0.0
    metrics.authentication("made-up")
    metrics.publish()
    assert REGISTRY.get_sample_value(*sample) == before + 1
