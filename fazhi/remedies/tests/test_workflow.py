"""状态表：实现与人工编写的规格一致，其余组合一律拒绝。"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from fazhi.core.errors import DomainError
from fazhi.remedies import workflow as wf

SPEC = yaml.safe_load((Path(__file__).parent / "transitions.yaml").read_text(encoding="utf-8"))


def test_状态表与规格一致():
    assert wf.TRANSITIONS == {(wf.State(a), wf.Event(e)): wf.State(b) for a, e, b in SPEC}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(wf.State, wf.Event)))
def test_每个组合要么按表转换要么拒绝(state, event):
    if (state, event) in wf.TRANSITIONS:
        assert wf.target(state, event) is wf.TRANSITIONS[(state, event)]
    else:
        with pytest.raises(DomainError) as exc:
            wf.target(state, event)
        assert exc.value.code == "remedies.transition_forbidden" and state.label in exc.value.message
