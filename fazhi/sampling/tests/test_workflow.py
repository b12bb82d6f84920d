"""The state table equals the hand-written table of tests/transitions.yaml; everything else is refused."""

from pathlib import Path

import pytest
import yaml

from fazhi.sampling import workflow
from fazhi.sampling.choices import SampleStatus

TABLE = yaml.safe_load((Path(__file__).parent / "transitions.yaml").read_text(encoding="utf-8"))
EXPECTED = {(s, e): t for s, e, t, _ in TABLE["allowed"]}


def test_状态表与手写表一致():
    assert workflow.TRANSITIONS == EXPECTED


@pytest.mark.parametrize("state", SampleStatus.values)
@pytest.mark.parametrize("event", list(workflow.EVENTS))
def test_每个状态每个事件(state, event):
    if (state, event) in EXPECTED:
        assert workflow.next_state(state, event) == EXPECTED[(state, event)]
    else:
        with pytest.raises(workflow.TransitionRefused):
            workflow.next_state(state, event)


def test_合格只能更正_办结是终态():
    assert sorted(workflow.allowed_events("qualified")) == ["correct_qualified", "correct_unqualified"]
    assert workflow.allowed_events("closed") == []
    assert str(workflow.TransitionRefused("closed", "close")) == "closed --close--> ?"
