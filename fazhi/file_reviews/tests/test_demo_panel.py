"""The demo's reviewer panel is large enough for its largest round: two reviewers per file, about five team slots
per reviewer (a full-scale round of 51 files needs 21; a panel of ten could not staff it — draw.team_unstaffable)."""

from __future__ import annotations

from fazhi.demo.context import DemoContext
from fazhi.file_reviews.demo_data import _panel_size


def test_全规模评查组21人_小规模至少10人():
    assert _panel_size(DemoContext(scale="full", verbose=False)) == 21  # ⌈51 × 2 / 5⌉
    assert _panel_size(DemoContext(scale="small", verbose=False)) == 10
