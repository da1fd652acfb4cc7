"""prometheus-client's multiprocess mode for `serve --workers N`.

The directory must be named before prometheus_client is first imported by the processes
that record; `serve` names a fresh one of its own (unless PROMETHEUS_MULTIPROC_DIR is
set) before uvicorn starts its worker processes, which import the app afresh.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


@contextmanager
def directory(workers: int) -> Iterator[str | None]:
    """With several workers, a fresh directory for their metric files, removed at exit;
    the operator's own PROMETHEUS_MULTIPROC_DIR is used (and emptied at start) instead."""
    given = os.environ.get(VARIABLE)
    if given:
        for name in os.listdir(given):
            if name.endswith(".db"):
                os.unlink(os.path.join(given, name))
        yield given
        return
    if workers <= 1:
        yield None
        return
    made = tempfile.mkdtemp(prefix="apikeys-metrics-")
    os.environ[VARIABLE] = made
    try:
        yield made
    finally:
        os.environ.pop(VARIABLE, None)
        shutil.rmtree(made, ignore_errors=True)


def enabled() -> bool:
    return bool(os.environ.get(VARIABLE))


def forget_this_process() -> None:
    """At a worker's exit: its gauges leave the sums (its counters stay counted)."""
    if enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid(), os.environ[VARIABLE])  # type: ignore[no-untyped-call]
