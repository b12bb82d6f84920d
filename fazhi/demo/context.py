"""What every module's demo generator receives.

Each app may provide ``fazhi/<app>/demo_data.py`` with ``ORDER: int`` and ``generate(ctx) -> None``;
``fazhi demo`` runs them in ORDER (registry 10, powers 20, inspections 30, cases 40, complaints 50,
credit 60 …). Generators are deterministic for a given seed (use ``ctx.rng``, never the global
``random``), write set-based (bulk inserts), and describe their work through ``ctx.step``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Entity-count factor per scale: the seed's district has 102,833 entities at the end of 2023.
SCALES: dict[str, float] = {"full": 1.0, "small": 2000 / 102833}


@dataclass
class DemoContext:
    seed: int = 2023
    year: int = 2023  # the report year the demo district reproduces
    today: dt.date = dt.date(2024, 1, 15)  # the demo's legal "today" (after the year closed)
    verbose: bool = True
    scale: str = "full"  # "full" = the seed's district (~103k entities); "small" = ~2,000 entities for tests and CI
    rng: random.Random = field(init=False)
    shared: dict[str, Any] = field(default_factory=dict)  # generators leave handles for later ones here

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def sub_rng(self, name: str) -> random.Random:
        """An independent deterministic stream per module, so one module's changes don't shift another's data."""
        return random.Random(f"{self.seed}:{name}")

    @property
    def factor(self) -> float:
        """How much smaller than the seed's district this run is (1.0 at full scale)."""
        return SCALES[self.scale]

    def scaled(self, count: int, *, minimum: int = 0) -> int:
        """A seed figure scaled to this run (e.g. ``ctx.scaled(797)`` cases), never below ``minimum``."""
        return max(minimum, round(count * self.factor))

    def step(self, message: str) -> _Step:
        return _Step(message, self.verbose)


def token_hex_from(rng: random.Random) -> Callable[[int], str]:
    """``secrets.token_hex`` drawn from a demo stream, for services that take their CSPRNG as ``token_hex``: draw
    secrets and salts then follow ``--seed`` (the same district every time), and the services label such seeds as
    demo data."""
    return lambda n: f"{rng.getrandbits(8 * n):0{2 * n}x}"


class _Step:
    def __init__(self, message: str, verbose: bool) -> None:
        self.message, self.verbose = message, verbose

    def __enter__(self) -> _Step:
        self.started = time.perf_counter()
        if self.verbose:
            print(f"  · {self.message} …", end="", flush=True, file=sys.stderr)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.verbose:
            print(f" {time.perf_counter() - self.started:.1f}s", file=sys.stderr)
