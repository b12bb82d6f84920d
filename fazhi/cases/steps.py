"""The steps a person can take on a case: the form, the service call, when it is offered and who may do it.

One registry for the pages and the API: each step names the permission group of its view (办案 ``handle`` /
审批 ``approve`` / 负责人 ``decide`` / 法制审核 ``review``) and is offered only when the case's state table and
records allow it. The services check everything again (defence in depth); this only keeps refused buttons away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from fazhi.cases import forms, services, workflow
from fazhi.cases.choices import ApprovalKind, ApprovalStatus, Domain, PublicationStatus
from fazhi.cases.services import progress
from fazhi.core.errors import DomainError

GROUP_PERMISSIONS: dict[str, str] = {
    "handle": "cases.handle",
    "approve": "cases.approve",
    "decide": "cases.decide",
    "review": "cases.legal_review",
}
GROUP_URLS: dict[str, str] = {
    "handle": "cases:case_step",
    "approve": "cases:case_approve",
    "decide": "cases:case_decide",
    "review": "cases:case_review",
}


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    group: str  # handle | approve | decide | review
    form: type[forms.StepForm]
    run: Callable[[Any, dict[str, Any], Any], Any]
    events: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    # For steps on a record other than the case's state: offered when this returns True.
    when: Callable[[Any], bool] | None = None
    procedures: tuple[str, ...] = (workflow.ORDINARY, workflow.FAST_TRACK)

    def available(self, case: Any) -> bool:
        if case.procedure not in self.procedures:
            return False
        if self.when is not None and not self.when(case):
            return False
        if self.states:
            return case.state in self.states
        if self.events:
            table = workflow.table(case.procedure)
            return any((workflow.State(case.state), workflow.Event(e)) in table for e in self.events)
        return self.when is not None

    @property
    def url_name(self) -> str:
        return GROUP_URLS[self.group]

    @property
    def permission(self) -> str:
        """The permission the step's view demands (see the ``@staff_view`` marks in views.py)."""
        return GROUP_PERMISSIONS[self.group]


OPEN = tuple(s.value for s in workflow.OPEN_STATES)
INVESTIGATION = ("investigating", "suspended")
EDIT = ("investigating", "case_review", "statement_closed")
BOTH = (workflow.ORDINARY, workflow.FAST_TRACK, workflow.SUMMARY)


def _rev(d: dict[str, Any]) -> Any:
    return d.get("revision")


def _facts(case: Any, d: dict[str, Any], user: Any) -> None:
    facts = {
        "party_kind": case.party_kind,
        **{
            k: (str(d[k]) if d.get(k) is not None else None)
            for k in ("goods_value", "illegal_gains", "turnover", "advertising_fees")
        },
        "factors": list(d.get("factors") or []),
        "first_violation_within_2_years": d.get("first_violation_within_2_years", False),
        "harm": d.get("harm") or "ordinary",
        "corrected_promptly": d.get("corrected_promptly", False),
    }
    services.case_set_facts(case=case, violation_id=d["violation_id"], facts=facts, actor=user, revision=_rev(d))
    services.case_assess_discretion(case=case, on=d["on"], actor=user)


def _evidence(case: Any, d: dict[str, Any], user: Any) -> None:
    upload = d.get("file")
    services.evidence_add(
        case=case,
        title=d["title"],
        kind=d["kind"],
        obtained_on=d.get("obtained_on"),
        description=d.get("description", ""),
        filename=upload.name if upload else "",
        content=upload.read(services.EVIDENCE_MAX_BYTES + 1) if upload else None,  # never more than the limit
        actor=user,
    )


def _waiver(case: Any, d: dict[str, Any], user: Any) -> None:
    upload = d["file"]
    services.case_record_waiver(
        case=case,
        scope=d["scope"],
        signed_on=d["signed_on"],
        signatory=d["signatory"],
        filename=upload.name,
        content=upload.read(services.WAIVER_MAX_BYTES + 1),  # never more than the limit: the service refuses it
        actor=user,
        revision=_rev(d),
    )


def _propose(case: Any, d: dict[str, Any], user: Any) -> None:
    services.case_propose_penalty(
        case=case,
        fine=d.get("fine") or 0,
        confiscation=d.get("confiscation") or 0,
        warning=d.get("warning", False),
        other=d.get("other", ""),
        deviation_reason=d.get("deviation_reason", ""),
        major_public_interest=d.get("major_public_interest", False),
        complex_case=d.get("complex_case", False),
        licence_or_business_penalty=d.get("licence_or_business_penalty", False),
        actor=user,
        revision=_rev(d),
    )


def publication_of(case: Any) -> Any:
    """The case's 行政处罚信息公示 record, or None (warnings alone and summary cases have none)."""
    try:
        return case.publication
    except ObjectDoesNotExist:
        return None


def _publication_in(*statuses: str) -> Callable[[Any], bool]:
    def check(case: Any) -> bool:
        pub = publication_of(case)
        return pub is not None and pub.status in statuses

    return check


def _arrange(case: Any, d: dict[str, Any], user: Any) -> None:
    services.case_arrange_payment(
        case=case,
        kind=d["kind"],
        until=d.get("until") if d["kind"] == "deferral" else None,
        instalments=d.get("instalments") if d["kind"] == "instalments" else None,
        applied_on=d["applied_on"],
        on=d["on"],
        actor=user,
        revision=_rev(d),
    )


def _publish(case: Any, d: dict[str, Any], user: Any) -> None:
    pub = publication_of(case)
    if pub is None:
        raise DomainError("cases.no_publication", "该案件无需公示（无公示记录）")
    services.publication_publish(publication=pub, on=d["on"], actor=user)


def _withdraw(case: Any, d: dict[str, Any], user: Any) -> None:
    pub = publication_of(case)
    if pub is None:
        raise DomainError("cases.no_publication", "该案件无需公示（无公示记录）")
    services.publication_withdraw(publication=pub, on=d["on"], reason=d["reason"], actor=user)


def _closing_pending(case: Any) -> bool:
    return case.approvals.filter(kind=ApprovalKind.CLOSING, status=ApprovalStatus.PENDING).exists()


def _closable(case: Any) -> bool:
    from fazhi.cases.services.closing import closing_ground

    return bool(closing_ground(case)) and not _closing_pending(case)


def _notified(case: Any) -> bool:
    return case.state in ("notified", "hearing")


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "officers",
            "指定办案人员",
            "approve",
            forms.OfficersForm,
            lambda c, d, u: services.case_assign_officers(
                case=c, officers=list(d["officers"]), on=d["on"], actor=u, revision=_rev(d)
            ),
            states=INVESTIGATION,
        ),
        Step("evidence", "登记证据", "handle", forms.EvidenceForm, _evidence, states=OPEN),
        Step("facts", "录入违法行为和裁量事实", "handle", forms.FactsForm, _facts, states=EDIT),
        Step("propose", "提出处罚建议", "handle", forms.ProposeForm, _propose, states=EDIT),
        Step(
            "exemption",
            "适用免罚清单（教育）",
            "handle",
            forms.ExemptionForm,
            lambda c, d, u: services.case_apply_exemption(
                case=c,
                on=d["on"],
                education=d["education"],
                item_id=d.get("item_id") or None,
                actor=u,
                revision=_rev(d),
            ),  # fmt: skip
            states=EDIT,
        ),
        Step(
            "coercion",
            "依清单不予实施行政强制措施",
            "handle",
            forms.CoercionForm,
            lambda c, d, u: services.case_waive_coercion(
                case=c, item_id=d["item_id"], on=d["on"], actor=u, revision=_rev(d)
            ),
            states=INVESTIGATION,
            when=lambda c: not c.coercion_waived,
        ),
        Step(
            "ip_mediation",
            "登记知识产权纠纷调解",
            "handle",
            forms.IpMediationForm,
            lambda c, d, u: services.case_record_ip_mediation(
                case=c, on=d["on"], result=d["result"], actor=u, revision=_rev(d)
            ),
            states=OPEN,
            when=lambda c: c.domain == Domain.INTELLECTUAL_PROPERTY and not c.ip_mediated,
        ),
        Step(
            "suspend",
            "批准中止调查",
            "decide",
            forms.SuspendForm,
            lambda c, d, u: services.case_suspend(
                case=c, on=d["on"], reason=d["reason"], kind=d["kind"], actor=u, revision=_rev(d)
            ),
            events=("suspend",),
        ),
        Step(
            "resume",
            "恢复调查",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_resume(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("resume",),
        ),
        Step(
            "terminate",
            "批准终止调查",
            "decide",
            forms.ReasonForm,
            lambda c, d, u: services.case_terminate(case=c, on=d["on"], reason=d["reason"], actor=u, revision=_rev(d)),
            events=("terminate",),
        ),
        Step(
            "submit_review",
            "调查终结，提交案件审核",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_submit_review(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("submit_review",),
        ),
        Step(
            "review_pass",
            "案件审核通过",
            "approve",
            forms.DateForm,
            lambda c, d, u: services.case_review_pass(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("case_review_pass",),
        ),
        Step(
            "return",
            "退回补充调查",
            "approve",
            forms.ReasonForm,
            lambda c, d, u: services.case_return_investigation(
                case=c, on=d["on"], reason=d["reason"], actor=u, revision=_rev(d)
            ),
            events=("return_investigation",),
        ),
        Step(
            "request_legal_review",
            "提交法制审核",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_request_legal_review(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("request_legal_review",),
        ),
        Step(
            "legal_review",
            "法制审核意见",
            "review",
            forms.ReviewForm,
            lambda c, d, u: services.legal_review_record(
                case=c, opinion=d["opinion"], text=d.get("text", ""), on=d["on"], actor=u, revision=_rev(d)
            ),
            events=("legal_review_approve",),
        ),
        Step(
            "approve_proposal",
            "批准行政处罚建议（告知前）",
            "decide",
            forms.ProposalApprovalForm,
            lambda c, d, u: services.case_approve_proposal(
                case=c, on=d["on"], opinion=d["opinion"], actor=u, revision=_rev(d)
            ),
            states=("reviewed",),
            when=lambda c: not progress.proposal_approved(c),
        ),
        Step(
            "refuse_proposal",
            "不批准行政处罚建议（退回办案机构）",
            "decide",
            forms.ProposalRefusalForm,
            lambda c, d, u: services.case_refuse_proposal(
                case=c, on=d["on"], opinion=d["opinion"], actor=u, revision=_rev(d)
            ),
            states=("reviewed",),
            when=lambda c: not progress.proposal_approved(c),
        ),
        Step(
            "notify",
            "送达行政处罚告知书",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_notify(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("notify",),
        ),
        Step(
            "statement",
            "登记陈述申辩及复核意见",
            "handle",
            forms.StatementRecordForm,
            lambda c, d, u: services.case_record_statement(
                case=c,
                received_on=d["received_on"],
                form=d["form"],
                content=d["content"],
                adoption=d["adoption"],
                review=d["review"],
                actor=u,
                revision=_rev(d),
            ),  # fmt: skip
            when=_notified,
        ),
        Step("waiver", "登记当事人书面放弃权利声明", "handle", forms.WaiverForm, _waiver, when=_notified),
        Step(
            "request_hearing",
            "当事人要求听证",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_request_hearing(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("request_hearing",),
            when=lambda c: c.hearing_right,
        ),
        Step(
            "schedule_hearing",
            "安排听证（送达听证通知书）",
            "handle",
            forms.HearingScheduleForm,
            lambda c, d, u: services.case_schedule_hearing(
                case=c,
                hearing_on=d["hearing_on"],
                notified_on=d["notified_on"],
                place=d["place"],
                host=d["host"],
                actor=u,
                revision=_rev(d),
            ),  # fmt: skip
            states=("hearing",),
        ),
        Step(
            "conclude_hearing",
            "听证结束",
            "handle",
            forms.ConcludeHearingForm,
            lambda c, d, u: services.case_conclude_hearing(
                case=c, on=d["on"], summary=d["text"], actor=u, revision=_rev(d)
            ),
            events=("conclude_hearing",),
            when=lambda c: c.hearing_on is not None,
        ),
        Step(
            "close_statement",
            "结束陈述申辩（期限届满或当事人书面放弃）",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_close_statement(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("close_statement",),
        ),
        Step(
            "discussion",
            "记录负责人集体讨论",
            "decide",
            forms.DiscussionForm,
            lambda c, d, u: services.collective_discussion_record(
                case=c,
                held_on=d["held_on"],
                attendees=d["attendees"],
                opinions=d["opinions"],
                conclusion=d["conclusion"],
                extension_days=d.get("extension_days"),
                actor=u,
                revision=_rev(d),
            ),  # fmt: skip
            states=OPEN,
        ),
        Step(
            "extend",
            "批准延长办案期限",
            "decide",
            forms.ExtendForm,
            lambda c, d, u: services.case_extend_handling(
                case=c,
                on=d["on"],
                reason=d["reason"],
                extension_id=d["extension_id"],
                days=d.get("days"),
                actor=u,
                revision=_rev(d),
            ),  # fmt: skip
            states=OPEN,
        ),
        Step(
            "decide",
            "作出决定",
            "decide",
            forms.DecideForm,
            lambda c, d, u: services.case_decide(
                case=c, on=d["on"], reasoning=d["reasoning"], kind=d["kind"], actor=u, revision=_rev(d)
            ),
            events=("decide_penalty", "decide_no_penalty"),
        ),
        Step(
            "transfer",
            "决定移送司法机关",
            "decide",
            forms.TransferForm,
            lambda c, d, u: services.case_transfer(
                case=c, on=d["on"], to=d["to"], reason=d["reason"], actor=u, revision=_rev(d)
            ),
            events=("transfer",),
        ),
        Step(
            "serve",
            "送达决定书",
            "handle",
            forms.ServeForm,
            lambda c, d, u: services.case_serve(
                case=c, on=d["on"], method=d["method"], place=d["place"], actor=u, revision=_rev(d)
            ),
            events=("serve",),
        ),
        Step(
            "arrange_payment", "批准暂缓或分期缴纳罚款", "decide", forms.ArrangementForm, _arrange, states=("served",)
        ),
        Step(
            "payment",
            "登记缴款（执行完毕）",
            "handle",
            forms.PaymentForm,
            lambda c, d, u: services.case_record_payment(
                case=c, on=d["on"], amount=d.get("amount"), actor=u, revision=_rev(d)
            ),
            events=("execute",),
            procedures=BOTH,
        ),
        Step(
            "publish",
            "公示行政处罚信息",
            "handle",
            forms.DateForm,
            _publish,
            when=_publication_in(PublicationStatus.PENDING),
        ),
        Step(
            "withdraw_publication",
            "撤下（撤回）公示",
            "approve",
            forms.WithdrawForm,
            _withdraw,
            when=_publication_in(PublicationStatus.PENDING, PublicationStatus.PUBLISHED),
        ),
        Step(
            "request_close",
            "填写结案审批表，提请结案",
            "handle",
            forms.CloseRequestForm,
            lambda c, d, u: services.case_request_close(
                case=c, on=d["on"], proposal=d["proposal"], actor=u, revision=_rev(d)
            ),
            when=_closable,
        ),
        Step(
            "close",
            "审批结案审批表",
            "decide",
            forms.ApprovalDecisionForm,
            lambda c, d, u: services.case_decide_close(
                case=c, approve=d["approve"] == "yes", on=d["on"], opinion=d["opinion"], actor=u, revision=_rev(d)
            ),
            when=_closing_pending,
        ),
        Step(
            "record_filing",
            "接收当场处罚决定备案",
            "approve",
            forms.DateForm,
            lambda c, d, u: services.summary_record_filing(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("record_filing",),
            procedures=(workflow.SUMMARY,),
        ),
        Step(
            "archive",
            "立卷归档",
            "handle",
            forms.DateForm,
            lambda c, d, u: services.case_archive(case=c, on=d["on"], actor=u, revision=_rev(d)),
            events=("archive",),
            procedures=BOTH,
        ),
        Step(
            "correct_date",
            "更正办案日期",
            "decide",
            forms.CorrectionForm,
            lambda c, d, u: services.case_correct_date(
                case=c, field=d["field"], new_value=d["new_value"], reason=d["reason"], actor=u, revision=_rev(d)
            ),
            when=lambda c: True,
            procedures=BOTH,
        ),
    ]
}


def offered(case: Any, user: Any) -> list[Step]:
    """The steps offered to ``user`` on ``case`` now (state table, records and role)."""
    from fazhi.core.roles import user_can

    return [s for s in STEPS.values() if s.available(case) and user_can(user, s.permission)]
