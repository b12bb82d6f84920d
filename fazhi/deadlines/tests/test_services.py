"""Service rules of tracked deadlines (open, suspend, resume, extend, meet, cancel, recompute)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.core.models import AuditEvent
from fazhi.deadlines import selectors
from fazhi.deadlines import services as s
from fazhi.deadlines.models import CalendarYear, TrackedDeadline
from fazhi.rulebook.calendar import default_calendar
from fazhi.rulebook.deadlines import compute_deadline

D = dt.date
OWNER = ("complaints.complaint", "42")


def test_受理期限_7个工作日_国庆顺延(db):
    d = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28), label="受理期限")
    assert d.due_on == D(2023, 10, 13)
    assert d.citation and d.rule_status and d.rulebook_version.startswith("rb-")
    assert d.unit == "working_days" and d.length == 7 and not d.provisional
    assert any(e["kind"] == "end" for e in d.trace)
    assert AuditEvent.objects.filter(action="deadlines.open", object_id=str(d.pk)).exists()
    assert selectors.deadlines_for(OWNER) == [d]


def test_未知规则_不能开启期限(db):
    with pytest.raises(DomainError) as exc:
        s.deadline_open(owner=OWNER, rule_id="complaint.acceptanse", start=D(2023, 9, 28))
    assert exc.value.code == "deadline.unknown_rule"


def test_未载入年份_临时结果并标记原因(db):
    d = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2027, 3, 1))
    assert d.provisional and d.due_on == D(2027, 3, 10)
    assert "2027 年节假日安排尚未公布" in d.provisional_reason
    warnings = selectors.explain(d).warnings
    assert any(w.startswith("临时结果：") and "行政机关履职期限按最早可能的届满日计算" in w for w in warnings)


def test_跨入2027年的听证申请期限_不早于当事人真实期限可能届满之日(db):
    # 2026-12-28 收到告知书：12月29日至31日 3 个工作日；2027年元旦（1月1日）放假，1月2日、3日周末，1月4日可能补假；
    # 当事人的期间取最晚可能日 —— 1月5日、6日为第 4、5 个工作日。
    d = s.deadline_open(owner=("cases.case", "1"), rule_id="case.hearing_request", start=D(2026, 12, 28))
    assert d.provisional and d.due_on == D(2027, 1, 6)
    assert "不早于法定期限" in d.provisional_reason


def test_中止期间_届满日冻结_恢复后顺延(db):
    d = s.deadline_open(owner=OWNER, rule_id="case.handling", start=D(2023, 3, 1))
    due = d.due_on
    s.deadline_suspend(deadline=d, start=D(2023, 3, 10), reason="检测", kind="testing")
    assert d.due_on is None and d.suspended_since == D(2023, 3, 10) and d.remaining_frozen > 0
    assert not d.is_overdue(D(2030, 1, 1))
    with pytest.raises(DomainError) as exc:
        s.deadline_suspend(deadline=d, start=D(2023, 3, 11), reason="again", kind="testing")
    assert exc.value.code == "deadline.already_suspended"
    s.deadline_resume(deadline=d, end=D(2023, 3, 19))
    assert d.suspended_since is None and d.remaining_frozen is None
    # 10 excluded natural days push a natural-day period by 10 days (then the rest-day roll-over applies).
    plain = s.compute(
        rule_id="case.handling",
        start=D(2023, 3, 1),
        selecting_date=None,
        exclusions=[(D(2023, 3, 10), D(2023, 3, 19), "testing")],
        extensions=[],
        calendar=default_calendar(),
    )
    assert d.due_on == plain.due_on and d.due_on > due


def test_不允许的扣除类型_被拒绝(db):
    d = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28))
    with pytest.raises(DomainError) as exc:
        s.deadline_suspend(deadline=d, start=D(2023, 10, 9), reason="x", kind="hearing")
    assert exc.value.code == "deadline.exclusion_not_allowed"


def test_延长_按规则加长期限(db, make_user):
    leader = make_user("leader")
    d = s.deadline_open(owner=OWNER, rule_id="case.handling", start=D(2023, 3, 1))
    rule_ext = compute_deadline("case.handling", D(2023, 3, 1)).length
    from fazhi.rulebook.deadlines import get_rule

    ext = get_rule("case.handling").version_on(D(2023, 3, 1)).extensions[0]
    s.deadline_extend(deadline=d, extension_id=ext.id, approved_by=leader, length=None if ext.length else 30)
    assert d.length == rule_ext + (ext.length or 30)
    assert d.extensions[0]["approved_by"] == leader.pk


def test_完成与撤销_之后不能再变更(db):
    d = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28))
    s.deadline_meet(deadline=d, on=D(2023, 10, 12))
    assert d.status == "met" and d.met_on == D(2023, 10, 12)
    with pytest.raises(DomainError) as exc:
        s.deadline_cancel(deadline=d, reason="撤回")
    assert exc.value.code == "deadline.not_open"
    e = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28))
    s.deadline_cancel(deadline=e, reason="投诉人撤回")
    assert e.status == "cancelled"


def test_并发修改_旧对象被拒绝(db):
    d = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28))
    stale = TrackedDeadline.objects.get(pk=d.pk)
    s.deadline_meet(deadline=d, on=D(2023, 10, 10))
    with pytest.raises(ConcurrentUpdate):
        s.deadline_cancel(deadline=stale, reason="x")


def _days_2027():
    return [
        (D(2027, 1, 1), "holiday", "元旦"),
        (D(2027, 3, 2), "holiday", "测试节"),
        (D(2027, 3, 3), "holiday", "测试节"),
        (D(2027, 3, 6), "makeup_working", "测试节"),
    ]


def test_录入2027年日历后_重算恰好移动受影响的期限(db, make_user):
    admin = make_user("admin")
    moved_one = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2027, 3, 1))
    # 7月1日起 7 个工作日：远离任何节日，临时与正式结果都是 7月12日。
    untouched = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2027, 7, 1))
    in_2023 = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28))
    assert moved_one.provisional and moved_one.due_on == D(2027, 3, 10)
    result = s.calendar_year_save(
        year=2027,
        days=_days_2027(),
        instrument="国务院办公厅关于2027年部分节假日安排的通知",
        notice_number="国办发明电〔2026〕1号",
        last_verified_on=D(2026, 11, 26),
        complete=True,
        actor=admin,
    )
    report = result.report
    # 3-2 and 3-3 are holidays, 3-6 (Saturday) is a working day: 3-1 + 7 working days = 3-10 → 3-11.
    assert [(c.id, c.old_due, c.new_due, c.delta) for c in report.moved] == [
        (moved_one.pk, D(2027, 3, 10), D(2027, 3, 11), 1)
    ]
    assert {c.id for c in report.finalised} == {moved_one.pk, untouched.pk}
    assert report.unchanged == 1
    change = report.moved[0]
    assert (change.owner_type, change.owner_id, change.rule_id, change.label) == (
        "complaints.complaint",
        "42",
        "complaint.acceptance",
        "",
    )
    assert "推后 1 日" in change.text and "临时结果转为正式结果" in change.text
    moved_one.refresh_from_db(), untouched.refresh_from_db(), in_2023.refresh_from_db()
    assert moved_one.due_on == D(2027, 3, 11) and not moved_one.provisional and moved_one.provisional_reason == ""
    assert untouched.due_on == D(2027, 7, 12)
    assert "+cal-" in untouched.rulebook_version and not untouched.provisional
    assert in_2023.due_on == D(2023, 10, 13)
    ev = AuditEvent.objects.get(action="deadlines.recompute")
    assert ev.changes["moved"] == 1


def test_重算_一条语句写入_共用结果的每条期限修订号加一_未变的不动(db, make_user):
    """The recompute writes the changed rows with the one bulk writer in one statement, each distinct result once
    (on PostgreSQL: two temporary tables joined by one UPDATE … FROM): two deadlines with the same rule and start
    share a result and both get it; every changed deadline gets its new due date, its new trace and exactly one
    more revision; a deadline the calendar does not touch keeps its revision."""
    early = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2027, 3, 1))
    twin = s.deadline_open(owner=("complaints.complaint", "44"), rule_id="complaint.acceptance", start=D(2027, 3, 1))
    late = s.deadline_open(owner=("complaints.complaint", "43"), rule_id="complaint.acceptance", start=D(2027, 2, 26))
    in_2023 = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2023, 9, 28))
    before = {d.pk: d.revision for d in (early, twin, late, in_2023)}
    report = s.calendar_year_save(
        year=2027,
        days=_days_2027(),
        instrument="国务院办公厅关于2027年部分节假日安排的通知",
        last_verified_on=D(2026, 11, 26),
        complete=True,
        actor=make_user("admin"),
    ).report
    assert {c.id for c in report.changes} == {early.pk, twin.pk, late.pk}
    for d in (early, twin, late, in_2023):
        d.refresh_from_db()
    assert early.due_on == D(2027, 3, 11) and not early.provisional
    assert twin.due_on == D(2027, 3, 11) and not twin.provisional and twin.trace == early.trace
    # 2-26 (Friday) + 7 working days with 3-2, 3-3 holidays and 3-6 a working day: 3-1, 3-4, 3-5, 3-6, 3-8, 3-9, 3-10.
    assert late.due_on == D(2027, 3, 10) and not late.provisional
    assert isinstance(early.trace, list) and any(e["kind"] == "end" for e in early.trace)
    assert late.trace != early.trace
    assert (early.revision, twin.revision, late.revision, in_2023.revision) == (
        before[early.pk] + 1,
        before[twin.pk] + 1,
        before[late.pk] + 1,
        before[in_2023.pk],
    )


def test_未声明完整的年份_不参与计算(db, make_user):
    s.calendar_year_save(
        year=2027,
        days=_days_2027(),
        instrument="通知",
        last_verified_on=D(2026, 11, 26),
        complete=False,
        actor=make_user("admin"),
    )
    assert CalendarYear.objects.get(year=2027).complete is False
    d = s.deadline_open(owner=OWNER, rule_id="complaint.acceptance", start=D(2027, 3, 1))
    assert d.provisional


def test_调休上班日_必须是周末(db, make_user):
    with pytest.raises(DomainError) as exc:
        s.calendar_year_save(
            year=2027,
            days=[(D(2027, 3, 3), "makeup_working", "x")],
            instrument="通知",
            last_verified_on=D(2026, 11, 26),
            complete=False,
            actor=make_user("admin"),
        )
    assert exc.value.code == "calendar.makeup_on_weekday"
