"""复议、诉讼结果记入案件：被撤销、变更、确认违法或无效的，三个工作日内撤回公示并说明理由（行政处罚法第四十八条第二款）。"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import services
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.deadlines.models import TrackedDeadline

pytestmark = pytest.mark.django_db
D = dt.date


def _record(case, user, **kw):
    args = dict(
        case=case, proceeding="reconsideration", register_number="复议〔2023〕1号", outcome_label="撤销",
        withdraws_publicity=True, decided_on=D(2023, 6, 1), known_on=D(2023, 6, 5), withdraw_on=D(2023, 6, 6),
        reason="处罚决定被复议机关撤销", actor=user,
    )  # fmt: skip
    args.update(kw)
    return services.case_record_remedy_outcome(**args)


def test_已公示的决定被撤销_自收到决定书起三个工作日内撤回(make_case, users):
    case = make_case("served")
    services.publication_publish(publication=case.publication, on=D(2023, 4, 10), actor=users["officer"])
    pub = _record(case, users["legal_reviewer"])
    assert pub.status == "withdrawn" and pub.withdrawn_on == D(2023, 6, 6)
    assert pub.withdrawal_reason == "处罚决定被复议机关撤销"
    deadline = TrackedDeadline.objects.get(owner_type="cases.publication", rule_id="publicity.withdrawal")
    # Received Monday 2023-06-05: 3 working days → Thursday 2023-06-08; withdrawn on the 6th, in time.
    assert (deadline.start_on, deadline.due_on, deadline.met_on) == (D(2023, 6, 5), D(2023, 6, 8), D(2023, 6, 6))
    assert AuditEvent.objects.filter(action="cases.remedy_outcome", object_id=str(case.pk)).exists()


def test_逾期撤回留下逾期记录(make_case, users):
    case = make_case("served")
    services.publication_publish(publication=case.publication, on=D(2023, 4, 10), actor=users["officer"])
    _record(case, users["legal_reviewer"], withdraw_on=D(2023, 6, 9))
    deadline = TrackedDeadline.objects.get(owner_type="cases.publication", rule_id="publicity.withdrawal")
    assert deadline.met_on > deadline.due_on


def test_尚未公示的决定被撤销_不再公示并撤销公示期限(make_case, users):
    case = make_case("served")
    pub = _record(case, users["legal_reviewer"])
    assert pub.status == "withdrawn"
    open_ = TrackedDeadline.objects.filter(owner_type="cases.publication", owner_id=str(pub.pk), status="open")
    assert not open_.exists()


def test_维持的决定只记入案件_不撤回公示(make_case, users):
    case = make_case("served")
    services.publication_publish(publication=case.publication, on=D(2023, 4, 10), actor=users["officer"])
    assert _record(case, users["legal_reviewer"], outcome_label="维持", withdraws_publicity=False) is None
    case.publication.refresh_from_db()
    assert case.publication.status == "published"
    assert AuditEvent.objects.filter(action="cases.remedy_outcome").count() == 1


@pytest.mark.parametrize(
    "dates",
    [
        {"decided_on": D(2023, 3, 1)},  # before the penalty decision (2023-04-06)
        {"known_on": D(2023, 5, 31)},  # before the reconsideration decision
        {"withdraw_on": D(2023, 6, 4)},  # before receiving it
        {"withdraw_on": D(2024, 1, 2)},  # after the legal today (2023-12-31)
    ],
)
def test_日期顺序不对被拒绝(make_case, users, dates):
    case = make_case("served")
    with pytest.raises(DomainError) as exc:
        _record(case, users["legal_reviewer"], **dates)
    assert exc.value.code == "cases.date_before_previous_step"


def test_未决定的案件不能记录结果(make_case, users):
    with pytest.raises(DomainError) as exc:
        _record(make_case("notified"), users["legal_reviewer"])
    assert exc.value.code == "cases.not_decided"
