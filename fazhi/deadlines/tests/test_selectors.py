"""Selectors: queues of open deadlines, explanations, the current calendar, the Django-side command."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.deadlines import selectors
from fazhi.deadlines import services as s

D = dt.date


@pytest.mark.django_db
def test_进行中期限队列_按届满日筛选():
    a = s.deadline_open(owner=("complaints.complaint", "1"), rule_id="complaint.acceptance", start=D(2023, 9, 28))
    b = s.deadline_open(owner=("cases.case", "1"), rule_id="case.handling", start=D(2023, 3, 1))
    assert list(selectors.open_deadlines(due_before=D(2023, 10, 13))) == [b, a]
    assert list(selectors.open_deadlines(owner_type="cases.case")) == [b]
    s.deadline_meet(deadline=a, on=D(2023, 10, 1))
    assert list(selectors.open_deadlines(owner_type="complaints.complaint")) == []


@pytest.mark.django_db
def test_说明_超期_中止_规则状态警告():
    d = s.deadline_open(owner=("cases.case", "1"), rule_id="case.handling", start=D(2023, 3, 1))
    e = selectors.explain(d, today=d.due_on + dt.timedelta(days=3))
    assert e.tone == "bad" and "已超期 3 日" in e.state
    assert any("二手来源" in w for w in e.warnings) == (d.rule_status == "SECONDARY")
    s.deadline_suspend(deadline=d, start=D(2023, 3, 10), reason="鉴定", kind="testing")
    e = selectors.explain(d, today=D(2030, 1, 1))
    assert "中止中" in e.state and e.tone == "warn" and e.trace[-1]["kind"] == "suspended"


@pytest.mark.django_db
def test_django命令_同样输出():
    out = io.StringIO()
    call_command("deadline", "complaint.acceptance", "--from", "2023-09-28", "--json", stdout=out)
    assert json.loads(out.getvalue())["due"] == "2023-10-13"
    with pytest.raises(CommandError) as exc:
        call_command("deadline", "complaint.acceptance", "--from", "2027-03-01", "--json", stdout=io.StringIO())
    assert exc.value.returncode == 3


@pytest.mark.django_db
def test_calendar命令_列出年份并重算():
    out = io.StringIO()
    call_command("calendar", "list", stdout=out)
    assert "2026  规则库表" in out.getvalue()
    s.deadline_open(owner=("cases.case", "9"), rule_id="case.handling", start=D(2023, 3, 1))
    out = io.StringIO()
    call_command("calendar", "recompute", "--reason", "部署新规则表", "--json", stdout=out)
    assert json.loads(out.getvalue())["unchanged"] == 1
