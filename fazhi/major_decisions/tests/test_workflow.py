"""The state table equals the hand-written one in transitions.yaml; every other pair is refused with a stable code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fazhi.core.errors import DomainError
from fazhi.major_decisions import workflow

EXPECTED = {
    (s, e): n for s, e, n, _ in yaml.safe_load((Path(__file__).parent / "transitions.yaml").read_text())["allowed"]
}


def test_状态表与人工编写的一致():
    assert {(s.value, e.value): n.value for (s, e), n in workflow.TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("state", list(workflow.State))
@pytest.mark.parametrize("event", list(workflow.Event))
def test_每一对状态与事件(state, event):
    if (state.value, event.value) in EXPECTED:
        assert workflow.target(state, event).value == EXPECTED[(state.value, event.value)]
    else:
        with pytest.raises(DomainError) as exc:
            workflow.target(state, event)
        assert exc.value.code == "major_decisions.transition_forbidden"
