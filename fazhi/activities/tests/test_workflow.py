"""State tables of typical cases and the responsibility list, written by hand and compared over every pair."""

from __future__ import annotations

import itertools

import pytest

from fazhi.activities import workflow as wf

EXPECTED_CASE = {
    ("draft", "edit"): "draft",
    ("draft", "submit"): "submitted",  # 撰写完成，提交审核
    ("returned", "edit"): "returned",
    ("returned", "submit"): "submitted",  # 按审核意见修改后再次提交
    ("submitted", "approve"): "published",  # 审核通过即发布（发布文本冻结）
    ("submitted", "return"): "returned",
    ("published", "withdraw"): "withdrawn",  # 原处罚决定被撤销等情形下撤回
}
EXPECTED_LIST = {
    ("draft", "edit"): "draft",
    ("draft", "adopt"): "adopted",
    ("adopted", "supersede"): "superseded",  # 新清单印发后旧清单失效；印发后的清单不再修改
}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.CaseState, wf.CaseEvent)))
def test_典型案例状态表(state, event):
    expected = EXPECTED_CASE.get((state.value, event.value))
    if expected is None:
        with pytest.raises(wf.TransitionRefused):
            wf.typical_case_next(state, event)
    else:
        assert wf.typical_case_next(state, event) == expected


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.ListState, wf.ListEvent)))
def test_普法责任清单状态表(state, event):
    expected = EXPECTED_LIST.get((state.value, event.value))
    if expected is None:
        with pytest.raises(wf.TransitionRefused):
            wf.list_next(state, event)
    else:
        assert wf.list_next(state, event) == expected


def test_未知状态被拒绝():
    with pytest.raises(wf.TransitionRefused):
        wf.typical_case_next("deleted", "edit")
    with pytest.raises(wf.TransitionRefused):
        wf.list_next("draft", "publish")
