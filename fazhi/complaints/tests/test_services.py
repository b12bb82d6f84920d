import datetime as dt
from decimal import Decimal

import pytest

from fazhi.complaints import selectors, services
from fazhi.complaints.models import Complaint
from fazhi.core.audit import audit_verify
from fazhi.core.errors import ConcurrentUpdate, DomainError

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_登记投诉按收到日计算7个工作日受理期限(register):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    # 2023-06-01 (Thu) + 7 working days; 端午 2023-06-22/23 not reached → 2023-06-12.
    assert c.decision_due_on == dt.date(2023, 6, 12)
    assert c.due_on == c.decision_due_on and c.status == "received"


def test_投诉并举报拆分为两件并互相关联(register):
    complaint, tip = register(kind="both")
    assert (complaint.kind, tip.kind) == ("complaint", "tip")
    assert complaint.linked_id == tip.pk and tip.linked_id == complaint.pk
    assert tip.number == complaint.number + "-J"


def test_非投诉举报事项须写明告知事由(register):
    with pytest.raises(DomainError) as exc:
        register(kind="not_covered", redirect_reason="")
    assert exc.value.code == "complaints.ground_required"
    (c,) = register(kind="not_covered", redirect_reason="petition")
    assert c.status == "redirected" and c.due_on is None


def test_收到日期不能是将来(register):
    with pytest.raises(DomainError) as exc:
        register(received_on=TODAY + dt.timedelta(days=1))
    assert exc.value.code == "complaints.date_in_future"


def test_受理_调解_成功办结_挽回损失(register):
    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 5), today=TODAY)
    assert c.status == "accepted" and c.mediation_due_on > dt.date(2023, 7, 1)
    c = services.mediation_start(complaint=c, method="remote", today=TODAY)
    c = services.complaint_close(
        complaint=c, outcome="succeeded", on=dt.date(2023, 6, 20), recovered_amount=Decimal("350.00"), today=TODAY
    )
    assert c.status == "closed" and c.due_on is None and c.closed_on <= c.closing_due_on
    assert selectors.on_time_counts(2023) == (1, 1)
    assert selectors.recovered_yuan(2023) == Decimal("350")
    assert audit_verify().ok


def test_未受理不能办结(register):
    (c,) = register()
    with pytest.raises(DomainError) as exc:
        services.complaint_close(complaint=c, outcome="failed", on=dt.date(2023, 6, 5), today=TODAY)
    assert exc.value.code == "complaints.not_accepted"


def test_受理日期早于收到日或晚于今天被拒绝(register):
    (c,) = register(received_on=dt.date(2023, 6, 10))
    with pytest.raises(DomainError) as exc:
        services.complaint_accept(complaint=c, on=dt.date(2023, 6, 9), today=TODAY)
    assert exc.value.code == "complaints.date_before_receipt"
    with pytest.raises(DomainError) as exc:
        services.complaint_accept(complaint=c, on=dt.date(2023, 7, 1), today=TODAY)
    assert exc.value.code == "complaints.date_in_future"


def test_办结日期不能早于受理日(register):
    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 5), today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.complaint_close(complaint=c, outcome="failed", on=dt.date(2023, 6, 4), today=TODAY)
    assert exc.value.code == "complaints.date_before_previous_step"


def test_不予受理只能依据收到日施行规定中的事由(register):
    (c,) = register()
    with pytest.raises(DomainError) as exc:
        services.complaint_refuse(complaint=c, on=dt.date(2023, 6, 2), ground="identity_refused", today=TODAY)
    assert exc.value.code == "complaints.unknown_ground"
    c = services.complaint_refuse(complaint=c, on=dt.date(2023, 6, 2), ground="outside_duties", today=TODAY)
    assert c.status == "refused" and c.closed_on == dt.date(2023, 6, 2)


def test_终止调解须有事由并在7个工作日内告知(register):
    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), today=TODAY)
    with pytest.raises(DomainError):
        services.complaint_close(complaint=c, outcome="terminated", on=dt.date(2023, 6, 9), today=TODAY)
    c = services.complaint_close(
        complaint=c, outcome="terminated", on=dt.date(2023, 6, 9), termination_ground="absent_or_refused", today=TODAY
    )
    assert c.notice_due_on == dt.date(2023, 6, 20) and c.due_on == c.notice_due_on
    c = services.notice_record(complaint=c, on=dt.date(2023, 6, 12), today=TODAY)
    assert c.due_on is None and c.notified_on == dt.date(2023, 6, 12)


def test_检测期间不计入调解期限(register):
    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), today=TODAY)
    due = c.mediation_due_on
    c = services.mediation_start(complaint=c, method="on_site", today=TODAY)
    c = services.testing_start(complaint=c, on=dt.date(2023, 6, 5), today=TODAY)
    assert c.due_on is None
    c = services.testing_end(complaint=c, on=dt.date(2023, 6, 9), today=TODAY)
    assert c.mediation_due_on > due and c.testing_periods == [{"start": "2023-06-05", "end": "2023-06-09"}]


def test_2026年4月14日收到的投诉调解期限仍为45个工作日(register):
    from fazhi.complaints import clocks

    r = clocks.compute(clocks.MEDIATION, dt.date(2026, 4, 20), received_on=dt.date(2026, 4, 14))
    assert r.length == 45 and r.unit.value == "working_days"
    r = clocks.compute(clocks.MEDIATION, dt.date(2026, 4, 20), received_on=dt.date(2026, 4, 15))
    assert r.length == 60 and r.unit.value == "natural_days" and r.status.value == "SECONDARY"


def test_并发修改时只有一人成功(register):
    (c,) = register()
    stale = Complaint.objects.get(pk=c.pk)
    services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), today=TODAY)
    with pytest.raises(ConcurrentUpdate):
        services.complaint_refuse(complaint=stale, on=dt.date(2023, 6, 2), ground="other", today=TODAY)


def test_实名举报_立案后待移交并须5个工作日内告知(register):
    (t,) = register(kind="tip")
    assert t.decision_due_on == dt.date(
        2023, 6, 25
    )  # 15 WD: 端午 22–24 June skipped, Sunday 25 June is a 调休 working day
    t = services.tip_extend(tip=t, approved_by="局长", today=TODAY)
    assert t.verification_extended and t.decision_due_on > dt.date(2023, 6, 25)
    t = services.tip_decide(tip=t, decision="filed", on=dt.date(2023, 6, 20), today=TODAY)
    assert t.status == "decided"
    if services.clue_register is None:  # cases module not there yet: a pending hand-over is recorded
        assert t.handover_status == "pending"
    else:
        assert t.handover_status == "handed_over" and t.handover_reference.startswith("XS")
    assert t.notice_due_on == dt.date(2023, 6, 28)
    t = services.reporter_notify(tip=t, on=dt.date(2023, 6, 21), today=TODAY)
    assert t.status == "closed" and t.closed_on == dt.date(2023, 6, 21)


def test_匿名举报在决定时办结(register):
    (t,) = register(kind="tip", consumer_name="", real_name=False, consumer_phone="")
    t = services.tip_decide(tip=t, decision="not_filed", on=dt.date(2023, 6, 20), today=TODAY)
    assert t.status == "closed" and t.closing_due_on == t.decision_due_on and t.handover_status == ""


def test_同一消费者30日内对同一被投诉人同类问题再次投诉被标记(register):
    (first,) = register(received_on=dt.date(2023, 6, 1))
    (second,) = register(received_on=dt.date(2023, 6, 20), consumer_phone="+86 138-1234-5678")
    assert second.repeat_of_id == first.pk
    (other,) = register(received_on=dt.date(2023, 6, 20), category="prices")
    assert other.repeat_of_id is None


def test_2023年来件不能合并处理_2026年4月15日以后可以(register, department):
    (a,) = register(received_on=dt.date(2023, 6, 1))
    (b,) = register(received_on=dt.date(2023, 6, 2))
    with pytest.raises(DomainError) as exc:
        services.complaint_merge(complaint=b, into=a, ground="repeated_same_matter", note="同一事项", today=TODAY)
    assert exc.value.code == "complaints.no_grounds"
    later = dt.date(2026, 5, 1)
    (c,) = register(received_on=dt.date(2026, 4, 20), today=later)
    (d,) = register(received_on=dt.date(2026, 4, 21), today=later)
    d = services.complaint_merge(complaint=d, into=c, ground="abuse_of_rights", note="反复索赔", today=later)
    assert d.status == "merged" and d.merged_into_id == c.pk and "反复索赔" in d.merge_reason


def test_按时办结率依据记录的日期计算(register):
    (a,) = register(received_on=dt.date(2023, 3, 1))
    (b,) = register(received_on=dt.date(2023, 3, 1))
    services.complaint_refuse(complaint=a, on=dt.date(2023, 3, 3), ground="other", today=TODAY)
    services.complaint_refuse(complaint=b, on=dt.date(2023, 3, 20), ground="other", today=TODAY)  # late
    assert selectors.on_time_counts(2023) == (2, 1)
    assert selectors.on_time_rate(2023) == Decimal("50.00")
