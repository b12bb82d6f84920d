"""Progress bars for long CLI work: shown on a terminal (stderr), silent otherwise."""

from __future__ import annotations

import sys
from typing import Any


class _Null:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int | None, desc: str, *, enabled: bool | None = None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _Null()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="行", file=sys.stderr, dynamic_ncols=True, mininterval=0.3)
