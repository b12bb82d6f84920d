"""状态表：实现与人工编写的规格（transitions.yaml）完全一致，其余组合一律拒绝并给出代码。"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from fazhi.core.errors import DomainError
from fazhi.file_reviews import workflow as wf

SPEC = yaml.safe_load((Path(__file__).parent / "transitions.yaml").read_text(encoding="utf-8"))


def test_评查活动状态表与规格一致():
    expected = {(wf.RoundState(a), wf.RoundEvent(e)): wf.RoundState(b) for a, e, b in SPEC["round"]}
    assert wf.ROUND_TRANSITIONS == expected


def test_整改状态表与规格一致():
    expected = {
        (wf.RectificationState(a), wf.RectificationEvent(e)): wf.RectificationState(b)
        for a, e, b in SPEC["rectification"]
    }
    assert wf.RECTIFICATION_TRANSITIONS == expected


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.RoundState, wf.RoundEvent)))
def test_评查活动每个组合要么按表转换要么拒绝(state, event):
    if (state, event) in wf.ROUND_TRANSITIONS:
        assert wf.round_target(state, event) is wf.ROUND_TRANSITIONS[(state, event)]
    else:
        with pytest.raises(DomainError) as exc:
            wf.round_target(state, event)
        assert exc.value.code == "file_reviews.transition_forbidden"
        assert state.label in exc.value.message


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.RectificationState, wf.RectificationEvent)))
def test_整改每个组合要么按表转换要么拒绝(state, event):
    if (state, event) in wf.RECTIFICATION_TRANSITIONS:
        assert wf.rectification_target(state, event) is wf.RECTIFICATION_TRANSITIONS[(state, event)]
    else:
        with pytest.raises(DomainError) as exc:
            wf.rectification_target(state, event)
        assert exc.value.code == "file_reviews.rectification_forbidden"


def test_名称均为中文():
    assert {s.label for s in wf.RoundState} >= {"计划中", "评查中", "整改中", "已完成"}
    assert wf.RoundEvent.SEND_FEEDBACK.label.startswith("反馈")
