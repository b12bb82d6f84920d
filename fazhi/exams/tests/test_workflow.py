"""The exam and sitting state tables, written by hand from the procedure in docs/domain/exams.md and compared
with the implementation over every (state, event) pair."""

from __future__ import annotations

import itertools

import pytest

from fazhi.exams import workflow as wf

# (state, event) → next state; every pair not listed is refused.
EXPECTED_EXAM = {
    ("draft", "edit"): "draft",  # 草稿可修改考试信息、组卷规则
    ("draft", "roster"): "draft",  # 草稿可生成应考名单、登记免考
    ("draft", "publish"): "published",  # 发布：规则、名单、种子确定
    ("published", "roster"): "published",  # 发布后仍可登记免考（未答题者）
    ("published", "sit"): "published",  # 考试开放期间考生开始答题
    ("published", "close"): "closed",  # 结束考试，未交答卷自动交卷
}
EXPECTED_SITTING = {
    ("in_progress", "save_answer"): "in_progress",
    ("in_progress", "submit"): "submitted",
    ("in_progress", "time_out"): "submitted",
    ("in_progress", "exam_closed"): "submitted",
}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.ExamState, wf.ExamEvent)))
def test_考试状态表(state, event):
    expected = EXPECTED_EXAM.get((state.value, event.value))
    if expected is None:
        with pytest.raises(wf.TransitionRefused):
            wf.exam_next(state, event)
    else:
        assert wf.exam_next(state, event) == expected


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.SittingState, wf.SittingEvent)))
def test_答卷状态表_交卷后不可再变(state, event):
    expected = EXPECTED_SITTING.get((state.value, event.value))
    if expected is None:
        with pytest.raises(wf.TransitionRefused):
            wf.sitting_next(state, event)
    else:
        assert wf.sitting_next(state, event) == expected


def test_未知状态或事件被拒绝():
    with pytest.raises(wf.TransitionRefused):
        wf.exam_next("cancelled", "edit")
    with pytest.raises(wf.TransitionRefused):
        wf.sitting_next("in_progress", "regrade")
