"""登记、答复期限（新旧复议法两侧、行政诉讼法第六十七条）、材料、开庭与负责人出庭、结果与撤回公示。"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import services as case_services
from fazhi.core.errors import DomainError
from fazhi.deadlines.models import TrackedDeadline
from fazhi.remedies import services
from fazhi.remedies.tests.conftest import D0

pytestmark = pytest.mark.django_db
D = dt.date


def test_复议_旧法十日为自然日_届满于调休上班的周日不顺延(register):
    r = register["reconsideration"]()
    assert r.number == "津东丽市监复议答复〔2023〕1号" and r.status == "received"
    assert r.answer_due_on == D(2023, 10, 8)
    deadline = services.answer_deadline(r)
    assert deadline.rule_id == "reconsideration.response" and deadline.version == "1999-10-01"


def test_复议_新法十个工作日_跨春节(register, settings):
    settings.FAZHI_LEGAL_TODAY = "2024-06-30"
    r = register["reconsideration"](applied_on=D(2024, 2, 1), accepted_on=D(2024, 2, 2), copy_received_on=D(2024, 2, 8))
    assert r.answer_due_on == D(2024, 2, 28)
    s = register["reconsideration"](
        applied_on=D(2024, 2, 1), accepted_on=D(2024, 2, 2), copy_received_on=D(2024, 2, 8), procedure="simple"
    )
    # 5 working days (Art. 54): 9 Feb (除夕, a working day) = 1; 10–17 Feb holiday; 18 Feb make-up Sunday = 2;
    # 19, 20, 21 Feb = 3, 4, 5.
    assert s.answer_due_on == D(2024, 2, 21)


def test_简易程序2024年前不存在(register):
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](procedure="simple")
    assert (exc.value.code, exc.value.field) == ("deadline.no_version", "procedure")


def test_诉讼_答辩十五日_届满于周六顺延至周一(register):
    s = register["lawsuit"]()
    assert s.number == "津东丽市监应诉〔2023〕1号" and s.answer_due_on == D(2023, 3, 20)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"applicant_name": ""}, "cell.required", "applicant_name"),
        ({"applicant_kind": "robot"}, "remedies.bad_choice", "applicant_kind"),
        ({"act_kind": "penalty"}, "remedies.case_required", "case"),
        ({"applied_on": D(2024, 1, 2)}, "date.future", "applied_on"),
        ({"accepted_on": D(2023, 9, 19)}, "date.too_early", "accepted_on"),
        ({"copy_received_on": D(2023, 9, 21)}, "date.too_early", "copy_received_on"),
        ({"copy_received_on": "2023-02-30"}, "date.impossible", "copy_received_on"),
        ({"act_description": "x" * 301}, "cell.too_long", "act_description"),
    ],
)
def test_登记的错误输入逐项拒绝(register, overrides, code, field):
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](**overrides)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_处罚案件须已决定且同一部门(register, make_case, other_department):
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](act_kind="penalty", case=make_case("notified"))
    assert exc.value.code == "remedies.case_not_decided"
    case = make_case("served")
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](act_kind="penalty", case=case, department=other_department)
    assert exc.value.code == "remedies.case_department"
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](case=case)
    assert exc.value.code == "remedies.case_only_for_penalty"


def test_科室负责人只能登记本部门的(register, make_user, other_department):
    outsider = make_user("section_chief", dept=other_department)
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](actor=outsider)
    assert exc.value.code == "access.not_found"
    for role in ("officer", "admin", "auditor"):
        with pytest.raises(DomainError) as exc:
            register["reconsideration"](actor=make_user(role))
        assert exc.value.code == "access.forbidden"


def test_提交答复_按期与逾期(register, users):
    r = register["reconsideration"]()
    services.matter_submit(
        matter=r,
        kind="evidence",
        title="现场检查笔录等证据 12 份",
        items=12,
        submitted_on=D(2023, 10, 5),
        actor=users["legal_reviewer"],
    )
    assert r.status == "received"
    services.matter_submit(
        matter=r, kind="answer", title="行政复议答复书", submitted_on=D(2023, 10, 8), actor=users["legal_reviewer"]
    )
    assert (r.status, r.answered_on) == ("answered", D(2023, 10, 8))
    deadline = services.answer_deadline(r)
    assert deadline.status == "met" and deadline.met_on <= deadline.due_on
    late = register["reconsideration"]()
    services.matter_submit(
        matter=late, kind="answer", title="答复书", submitted_on=D(2023, 10, 9), actor=users["legal_reviewer"]
    )
    deadline = services.answer_deadline(late)
    assert deadline.met_on > deadline.due_on
    with pytest.raises(DomainError) as exc:
        services.matter_submit(
            matter=late, kind="answer", title="答复书", submitted_on=D(2023, 9, 27), actor=users["legal_reviewer"]
        )
    assert exc.value.code == "date.too_early"


def test_开庭_负责人出庭须为负责人范围内(register, users):
    s = register["lawsuit"]()
    leader = users["leader"]
    with pytest.raises(DomainError) as exc:
        services.hearing_record(
            matter=s,
            held_on=D(2023, 5, 10),
            head_appeared=True,
            head_user=leader,
            head_position="section_chief",
            actor=leader,
        )
    assert (exc.value.code, exc.value.field) == ("remedies.not_a_head", "head_position")
    with pytest.raises(DomainError) as exc:
        services.hearing_record(
            matter=s,
            held_on=D(2023, 5, 10),
            head_appeared=True,
            head_user=users["section_chief"],
            head_position="deputy",
            actor=leader,
        )
    assert exc.value.field == "head_user"
    h = services.hearing_record(
        matter=s, held_on=D(2023, 5, 10), head_appeared=True, head_user=leader, head_position="principal",
        staff_observers=12, place="东丽区人民法院第三法庭", actor=leader,
    )  # fmt: skip
    assert h.head_appeared and h.head_name == str(leader) and h.head_duty == "《中华人民共和国行政诉讼法》第三条第三款"


def test_开庭_负责人未出庭须有法定理由和委托人员(register, users):
    s = register["lawsuit"]()
    leader = users["leader"]
    with pytest.raises(DomainError) as exc:
        services.hearing_record(
            matter=s,
            held_on=D(2023, 5, 10),
            head_appeared=False,
            absence_reason="busy",
            delegate_name="王某",
            actor=leader,
        )
    assert (exc.value.code, exc.value.field) == ("remedies.bad_absence_reason", "absence_reason")
    with pytest.raises(DomainError) as exc:
        services.hearing_record(
            matter=s,
            held_on=D(2023, 5, 10),
            head_appeared=False,
            absence_reason="official_duty",
            delegate_name="王某",
            actor=leader,
        )
    assert exc.value.field == "absence_explanation"
    with pytest.raises(DomainError) as exc:
        services.hearing_record(
            matter=s, held_on=D(2023, 5, 10), head_appeared=False, absence_reason="force_majeure", actor=leader
        )
    assert exc.value.code == "remedies.delegate_required"
    h = services.hearing_record(
        matter=s, held_on=D(2023, 5, 10), head_appeared=False, absence_reason="official_duty",
        absence_explanation="参加区政府防汛会议", delegate_name="法制科 王某", actor=leader,
    )  # fmt: skip
    assert not h.head_appeared and h.absence_reason == "official_duty"


def test_复议听证_2024年前负责人参加听证没有法定义务(register, users):
    r = register["reconsideration"]()
    h = services.hearing_record(
        matter=r, held_on=D(2023, 10, 20), head_appeared=False, delegate_name="法制科 王某", actor=users["leader"]
    )
    assert h.head_duty == "" and h.absence_reason == ""


def test_撤销处罚决定_案件记录并在三个工作日内撤回公示(register, make_case, users):
    case = make_case("served")  # decided 2023-04-06
    case_services.publication_publish(publication=case.publication, on=D(2023, 4, 10), actor=users["officer"])
    r = register["reconsideration"](
        act_kind="penalty", case=case, act_description="行政处罚决定", act_reference=case.decision_number,
        applied_on=D(2023, 5, 4), accepted_on=D(2023, 5, 5), copy_received_on=D(2023, 5, 8),
    )  # fmt: skip
    services.matter_submit(
        matter=r, kind="answer", title="答复书", submitted_on=D(2023, 5, 15), actor=users["legal_reviewer"]
    )
    with pytest.raises(DomainError) as exc:
        services.matter_conclude(
            matter=r, outcome="confirmed_void", decided_on=D(2023, 7, 3), known_on=D(2023, 7, 5), actor=users["leader"]
        )
    assert (exc.value.code, exc.value.field) == ("remedies.unknown_outcome", "outcome")  # not a decision kind in 2023
    services.matter_conclude(
        matter=r, outcome="revoked", decided_on=D(2023, 7, 3), known_on=D(2023, 7, 5), withdraw_on=D(2023, 7, 6),
        outcome_document="东政复决字〔2023〕18号", actor=users["leader"],
    )  # fmt: skip
    assert (r.status, r.outcome, r.corrects, r.publicity_withdrawn_on) == ("concluded", "revoked", True, D(2023, 7, 6))
    case.publication.refresh_from_db()
    assert case.publication.status == "withdrawn" and "撤销" in case.publication.withdrawal_reason
    deadline = TrackedDeadline.objects.get(rule_id="publicity.withdrawal")
    assert (deadline.start_on, deadline.due_on) == (D(2023, 7, 5), D(2023, 7, 10))  # Wed → 3 WD → Mon


def test_维持的决定不撤回公示_未答复而结案则答复期限撤销并注明(register, make_case, users):
    case = make_case("served")
    case_services.publication_publish(publication=case.publication, on=D(2023, 4, 10), actor=users["officer"])
    r = register["reconsideration"](
        act_kind="penalty",
        case=case,
        act_description="行政处罚决定",
        applied_on=D(2023, 5, 4),
        accepted_on=None,
        copy_received_on=D(2023, 5, 8),
    )
    services.matter_conclude(
        matter=r, outcome="maintained", decided_on=D(2023, 7, 3), known_on=D(2023, 7, 5), actor=users["legal_reviewer"]
    )
    case.publication.refresh_from_db()
    assert case.publication.status == "published" and not r.corrects
    deadline = services.answer_deadline(r)
    assert deadline.status == "cancelled"
    with pytest.raises(DomainError) as exc:
        services.matter_submit(
            matter=r, kind="answer", title="x", submitted_on=D(2023, 7, 6), actor=users["legal_reviewer"]
        )
    assert exc.value.code == "remedies.concluded"


def test_复议维持后起诉_复议机关为共同被告(register, users):
    r = register["reconsideration"]()
    services.matter_conclude(
        matter=r,
        outcome="maintained",
        decided_on=D(2023, 11, 1),
        known_on=D(2023, 11, 3),
        actor=users["legal_reviewer"],
    )
    s = register["lawsuit"](reconsideration=r, complaint_received_on=D(2023, 11, 30), filed_on=D(2023, 11, 25))
    assert s.co_defendant == "天津市东丽区人民政府"
    assert "晚于法定期限" in s.filing_note  # 15 days from receiving the decision (2023-11-03) ended on 2023-11-18


def test_登记结果只有法制审核人员和局领导(register, users):
    r = register["reconsideration"]()
    with pytest.raises(DomainError) as exc:
        services.matter_conclude(
            matter=r,
            outcome="maintained",
            decided_on=D(2023, 11, 1),
            known_on=D(2023, 11, 3),
            actor=users["section_chief"],
        )
    assert exc.value.code == "access.forbidden"


def test_旧页面提交被拒绝(register, users):
    r = register["reconsideration"]()
    with pytest.raises(DomainError) as exc:
        services.matter_conclude(
            matter=r,
            outcome="maintained",
            decided_on=D(2023, 11, 1),
            known_on=D(2023, 11, 3),
            expected_revision=r.revision + 5,
            actor=users["leader"],
        )
    assert exc.value.code == "concurrency.stale"


def test_案件决定前不能申请(register, make_case):
    case = make_case("served")
    with pytest.raises(DomainError) as exc:
        register["reconsideration"](
            act_kind="penalty", case=case, applied_on=D0, accepted_on=None, copy_received_on=D0 + dt.timedelta(days=40)
        )
    assert exc.value.code == "date.too_early"
