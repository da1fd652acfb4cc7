"""The plot beside bench/RESULTS.md: req/s per variant, median with min-max bars, and
the goals as lines (matplotlib, Agg: no display needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.load import Sample, Spread
from bench.report import (
    BARE_LIST,
    CACHED,
    COST_NO_ACTIVITY,
    COST_NO_METRICS,
    DEFAULT,
    PG1,
    Results,
)

# A panel: title, samples by variant, the value drawn, goal lines by label.
Panel = tuple[str, dict[str, list[Sample]], Callable[[Sample], float], dict[str, float]]


def plot(r: Results, path: Path) -> None:
    """The headline query, the 100 x 5 list, ingestion and the costs, one panel each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = _panels(r)
    figure, axes = plt.subplots(len(panels), 1, figsize=(12, 12), constrained_layout=True)
    for axis, panel in zip(axes, panels, strict=True):
        _draw(axis, *panel)
    figure.suptitle("bench/run.py: grey = plain Strawberry baselines, blue = this service")
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _panels(r: Results) -> list[Panel]:
    def median(samples: list[Sample]) -> float:
        return Spread.of([s.rps for s in samples]).median

    return [
        (
            "{ viewer { fullAccess } }, -c16: req/s",
            r.viewer,
            lambda s: s.rps,
            {
                "goal: 3x default": 3 * median(r.viewer[DEFAULT]),
                "goal: 0.9x cached": 0.9 * median(r.viewer[CACHED]),
                "goal for 2 workers: 1.5x 1 worker": 1.5 * median(r.viewer[PG1]),
            },
        ),
        (
            "100 keys × 5 fields, -c16: req/s",
            r.hundred,
            lambda s: s.rps,
            {"goal: 1.5x bare": 1.5 * median(r.hundred[BARE_LIST])},
        ),
        (
            "ingestEvents, batches of 100: events/s",
            r.ingest,
            lambda s: s.rps * 100,
            {"goal (PostgreSQL)": 5000},
        ),
        (
            "metering and observability, { viewer { fullAccess } }, PostgreSQL + Redis, -c16, "
            "two servers sharing one core: req/s",
            r.costs,
            lambda s: s.rps,
            {
                "goal with metering: 0.9x activity stubbed out": 0.9
                * median(r.costs[COST_NO_ACTIVITY]),
                "goal with metrics + JSON logs: 0.95x metrics stubbed out": 0.95
                * median(r.costs[COST_NO_METRICS]),
            },
        ),
    ]


def _draw(
    axis: Any,
    title: str,
    samples: dict[str, list[Sample]],
    value: Callable[[Sample], float],
    goals: dict[str, float],
) -> None:
    names = list(samples)
    spreads = [Spread.of([value(s) for s in samples[n]]) for n in names]
    medians = [s.median for s in spreads]
    errors = [[s.median - s.low for s in spreads], [s.high - s.median for s in spreads]]
    colors = ["#2b6cb0" if "service" in n else "#9aa5b1" for n in names]
    axis.barh(names, medians, xerr=errors, color=colors, capsize=4)
    axis.invert_yaxis()
    axis.set_title(title, loc="left", fontsize=10)
    for y, (m, s) in enumerate(zip(medians, spreads, strict=True)):
        axis.text(s.high, y, f"  {m:,.0f}", va="center", fontsize=8)
    for (label, x), style in zip(goals.items(), ("--", ":", "-."), strict=False):
        axis.axvline(x, color="#c53030", linestyle=style, linewidth=1, label=label)
    axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    axis.set_xlim(0, max([*(s.high for s in spreads), *goals.values()]) * 1.15)
