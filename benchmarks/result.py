"""The one shape every benchmark reports in (the map's `orderhub bench` contract)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class BenchResult:
    name: str
    value: float
    unit: str
    baseline: float
    better: Literal["higher", "lower"]
    baseline_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """value / baseline: above 1 means more than the baseline (good when better=higher)."""
        return self.value / self.baseline if self.baseline else float("inf")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = round(self.ratio, 4)
        return data

    def line(self) -> str:
        return (
            f"{self.name:<34} {self.value:>12.1f} {self.unit:<10} "
            f"baseline {self.baseline:>12.1f} ({self.baseline_name or 'baseline'})  "
            f"ratio {self.ratio:6.2f}x  better={self.better}"
        )


def best_of(repeats: int, work: Callable[[], Any]) -> float:
    """The fastest of several timed runs, in seconds: the least disturbed by a noisy host."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best
