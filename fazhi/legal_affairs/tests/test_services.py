"""法律事务 and 建议提案 through the services: field errors, the reply clock (three months from assignment, once
extended by three more for complex matters), lateness and feedback. Dates by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.legal_affairs import services
from fazhi.legal_affairs.models import LegalMatter, Proposal

pytestmark = pytest.mark.django_db
D = dt.date


def _proposal(department, actor, kind=Proposal.NPC):
    return services.proposal_register(kind=kind, reference="2023-R12", title="电梯维保", proposer="代表 刘某",
                                      department=department, assigned_on=D(2023, 3, 1), actor=actor)  # fmt: skip


def test_代表建议三个月内答复_复杂的延长至六个月(department, role_users):
    u = role_users["legal_reviewer"]
    p = _proposal(department, u)
    assert p.reply_due_on == D(2023, 6, 1)
    services.proposal_extend(proposal=p, actor=u)
    assert p.reply_due_on == D(2023, 9, 1)
    with pytest.raises(DomainError) as exc:
        services.proposal_extend(proposal=p, actor=u)
    assert exc.value.code == "legal_affairs.extend_once"
    services.proposal_reply(proposal=p, on=D(2023, 9, 4), text="已答复", feedback="unsatisfied", actor=u)
    assert p.replied_late and not p.satisfied


def test_政协提案答复与满意度(department, role_users):
    u = role_users["legal_reviewer"]
    p = _proposal(department, u, Proposal.CPPCC)
    assert p.reply_rule == "proposals.cppcc_reply" and p.reply_due_on == D(2023, 6, 1)
    with pytest.raises(DomainError) as exc:
        services.proposal_reply(proposal=p, on=D(2023, 5, 1), text="x", feedback="delighted", actor=u)
    assert exc.value.field == "feedback"
    services.proposal_reply(proposal=p, on=D(2023, 5, 1), text="已答复", feedback="basically_satisfied", actor=u)
    assert p.satisfied and not p.replied_late


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"kind": "gossip"}, "oversight.unknown_item", "kind"),
        ({"handler_kind": "friend"}, "oversight.unknown_item", "handler_kind"),
        ({"title": ""}, "cell.required", "title"),
        ({"received_on": "2024-02-01"}, "date.future", "received_on"),
        ({"completed_on": "2023-01-01"}, "date.too_early", "completed_on"),
        ({"opinion": ""}, "cell.required", "opinion"),
    ],
)
def test_法律事务的错误输入(department, role_users, kw, code, field):
    args = dict(department=department, kind="contract_review", handler_kind="public_lawyer", handler_name="李某",
                title="审查采购合同", received_on=D(2023, 3, 1), completed_on=D(2023, 3, 3), opinion="同意", **{})  # fmt: skip
    args.update(kw)
    with pytest.raises(DomainError) as exc:
        services.matter_record(actor=role_users["legal_reviewer"], **args)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert LegalMatter.objects.count() == 0


def test_只有法制审核人员登记(department, role_users):
    with pytest.raises(DomainError) as exc:
        services.matter_record(department=department, kind="other", handler_kind="counsel", handler_name="赵律师",
                               title="咨询", received_on=D(2023, 3, 1), actor=role_users["officer"])  # fmt: skip
    assert exc.value.code == "access.forbidden"
