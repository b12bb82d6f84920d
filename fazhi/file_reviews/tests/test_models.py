"""What the file page prints for a checkpoint's machine check: the Chinese finding, never the stored code."""

from __future__ import annotations

import pytest

from fazhi.file_reviews.models import ItemScore


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("pass", "通过"), ("fail", "未通过"), ("pending", "尚未到期"), ("not_applicable", "不适用"), ("", "")],
)
def test_机器核查结果显示中文(stored, shown):
    assert ItemScore(machine_status=stored).machine_status_label == shown
