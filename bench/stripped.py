"""`server.py` with one kind of per-request recording made a no-op: the baselines of the
cost figures, since the service has no switch for them. Every API key's activity is
always counted (auth/activity.py), and the Prometheus counters are always kept in memory
(telemetry/metrics.py; METRICS_TOKEN only opens GET /metrics).

    python -m bench.stripped --without activity serve --port 8001
    python -m bench.stripped --without metrics serve --port 8002

Everything else is the service as it is: the same app, settings and middleware. One
worker only: the stubs are made in this process, which uvicorn serves from.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

WITHOUT = ("activity", "metrics")


class _NoCounter:
    """A counter whose labels and increments do nothing."""

    def labels(self, *values: str) -> _NoCounter:
        return self

    def inc(self, amount: float = 1) -> None:
        return None


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def strip(what: str) -> None:
    """Make `what` (activity, metrics) cost nothing in this process."""
    if what == "activity":
        from auth.activity import ActivityRecorder

        ActivityRecorder.record = _nothing  # type: ignore[method-assign]
    elif what == "metrics":
        from telemetry import metrics

        metrics.request = _nothing
        metrics.authentication = _nothing
        metrics.cache_event = _nothing
        for name in ("LAST_USED_FLUSHES", "LAST_USED_KEYS"):
            setattr(metrics, name, _NoCounter())
    else:
        raise ValueError(f"nothing to strip called {what!r}: one of {', '.join(WITHOUT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stripped")
    parser.add_argument("--without", choices=WITHOUT, action="append", required=True)
    args, rest = parser.parse_known_args(argv)
    if "--workers" in rest and rest[rest.index("--workers") + 1] != "1":
        parser.error("one worker only: the stubs live in this process")
    for what in args.without:
        strip(what)
    import server

    return server.main(rest)


if __name__ == "__main__":
    sys.exit(main())
