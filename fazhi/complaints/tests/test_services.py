"""One test per rule of the complaint services (Order No. 20 / Order No. 121; issue 11 findings for complaints)."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.complaints import selectors, services
from fazhi.complaints.models import Complaint, LegalReview
from fazhi.core.audit import audit_verify
from fazhi.core.errors import ConcurrentUpdate, DomainError, NotFound
from fazhi.core.models import AuditEvent
from fazhi.rulebook.identifiers import make_uscc

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _code(exc_info) -> str:
    return exc_info.value.code


# ---------------------------------------------------------------- intake: one validation per field (finding 5)


def test_登记投诉按收到日计算7个工作日受理期限(register):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    # 2023-06-01 (Thu) + 7 working days, 端午 2023-06-22/23 not reached → 2023-06-12.
    assert c.decision_due_on == dt.date(2023, 6, 12)
    assert c.due_on == c.decision_due_on and c.status == "received"
    assert c.number == "TS2023-000001"


def test_统一社会信用代码校验位错误是字段错误_不保存_不以名称替换(register, entity):
    bad = entity.uscc[:-1] + ("0" if entity.uscc[-1] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        register(respondent_uscc=bad, respondent_name=entity.name)
    assert exc.value.code.startswith("uscc.") and exc.value.field == "respondent_uscc"
    assert not Complaint.objects.exists()


def test_主体库中没有的有效代码照登_不以同名主体替换(register, entity):
    other = make_uscc("120110", "91", "MA05XY99")
    (c,) = register(respondent_uscc=other, respondent_name=entity.name)
    assert c.respondent_id is None and c.respondent_uscc == other and c.respondent_name == entity.name


def test_代码匹配主体库时带出主体的名称_类型和地址(register, entity, shop):
    (c,) = register(respondent_uscc=entity.uscc, respondent_name="随便写的名称")
    assert c.respondent_id == entity.pk and c.respondent_name == entity.name
    assert c.respondent_kind == "organisation" and c.respondent_address == entity.domicile
    (t,) = register(kind="tip", respondent_uscc=shop.uscc, respondent_name="")
    assert t.respondent_kind == "natural_person"  # 个体工商户


@pytest.mark.parametrize("amount", ["99999999999999", "1e400", "NaN", "-5", "12.345", "abc"])
def test_金额越界或格式错误是字段错误不是500(register, amount):
    with pytest.raises(DomainError) as exc:
        register(amount_in_dispute=amount)
    assert exc.value.field == "amount_in_dispute" and exc.value.code.startswith("number.")


def test_名称过长是字段错误(register):
    with pytest.raises(DomainError) as exc:
        register(respondent_name="某" * 201)
    assert (exc.value.code, exc.value.field) == ("cell.too_long", "respondent_name")


def test_投诉并举报拆分为两件并互相关联_只用一个编号(register):
    complaint, tip = register(kind="both")
    assert (complaint.kind, tip.kind) == ("complaint", "tip")
    assert complaint.linked_id == tip.pk and tip.linked_id == complaint.pk
    assert tip.number == complaint.number + "-J"
    (later,) = register()
    assert later.number == "TS2023-000002"


def test_被拒绝的登记不占用编号(register):
    with pytest.raises(DomainError):
        register(respondent_name="", respondent_uscc="")
    (c,) = register()
    assert c.number == "TS2023-000001"


def test_非投诉举报事项须写明告知事由(register):
    with pytest.raises(DomainError) as exc:
        register(kind="not_covered", redirect_reason="")
    assert exc.value.code == "complaints.ground_required"
    (c,) = register(kind="not_covered", redirect_reason="petition")
    assert c.status == "redirected" and c.due_on is None


def test_收到日期不能是将来(register):
    with pytest.raises(DomainError) as exc:
        register(received_on=TODAY + dt.timedelta(days=1))
    assert (exc.value.code, exc.value.field) == ("date.future", "received_on")


def test_只能登记到本部门(register, other_department):
    with pytest.raises(DomainError) as exc:
        register(department=other_department)
    assert exc.value.code == "complaints.out_of_scope"


def test_审计角色不能登记(register, make_user):
    from fazhi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        register(actor=make_user("auditor"))


# ---------------------------------------------------------------- steps: one date rule (finding 4)


def test_受理_调解_成功办结_挽回损失(register, officer):
    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 5), actor=officer)
    assert c.status == "accepted" and c.mediation_due_on > dt.date(2023, 7, 1)
    c = services.mediation_start(complaint=c, method="remote", actor=officer)
    c = services.mediation_succeed(complaint=c, on=dt.date(2023, 6, 20), recovered_amount="350.00", actor=officer)
    assert c.status == "closed" and c.due_on is None and c.closed_on <= c.closing_due_on
    assert selectors.on_time_counts(2023) == (1, 1)
    assert selectors.recovered_yuan(2023) == Decimal("350")
    assert audit_verify().ok


def test_步骤日期不得晚于今天_也不得早于上一步(register, officer):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    with pytest.raises(DomainError) as exc:
        services.complaint_accept(complaint=c, on=TODAY + dt.timedelta(days=1), actor=officer)
    assert _code(exc) == "date.future"
    with pytest.raises(DomainError) as exc:
        services.complaint_accept(complaint=c, on=dt.date(2023, 5, 31), actor=officer)
    assert _code(exc) == "date.too_early"
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=officer)
    c = services.mediation_start(complaint=c, method="remote", actor=officer)
    with pytest.raises(DomainError) as exc:
        services.mediation_succeed(complaint=c, on=dt.date(2023, 6, 1), actor=officer)
    assert _code(exc) == "date.too_early"


def test_未受理不能调解或办结(register, officer):
    (c,) = register()
    with pytest.raises(DomainError) as exc:
        services.mediation_succeed(complaint=c, on=dt.date(2023, 6, 5), actor=officer)
    assert _code(exc) == "complaints.not_accepted"


def test_不予受理只能用收到日施行的事由(register, officer):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    with pytest.raises(DomainError) as exc:  # an Order No. 121 ground for a 2023 complaint
        services.complaint_refuse(complaint=c, on=dt.date(2023, 6, 2), ground="identity_refused", actor=officer)
    assert _code(exc) == "complaints.unknown_ground"
    c = services.complaint_refuse(complaint=c, on=dt.date(2023, 6, 2), ground="outside_duties", actor=officer)
    assert c.status == "refused" and c.due_on is None and c.closed_on == dt.date(2023, 6, 2)


def test_检测期间不计入调解期限(register, officer):
    (c,) = register(received_on=dt.date(2023, 3, 1))
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 3, 2), actor=officer)
    c = services.mediation_start(complaint=c, method="on_site", actor=officer)
    due = c.mediation_due_on
    c = services.testing_start(complaint=c, on=dt.date(2023, 3, 6), actor=officer)
    assert c.due_on is None  # the clock stopped
    with pytest.raises(DomainError) as exc:
        services.mediation_succeed(complaint=c, on=dt.date(2023, 3, 10), actor=officer)
    assert _code(exc) == "complaints.testing_running"
    c = services.testing_end(complaint=c, on=dt.date(2023, 3, 17), actor=officer)
    assert c.mediation_due_on > due and c.due_on == c.mediation_due_on


def test_终止调解须有法定事由_并在7个工作日内告知双方(register, officer):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=officer)
    with pytest.raises(DomainError) as exc:
        services.mediation_terminate(complaint=c, on=dt.date(2023, 6, 5), ground="", actor=officer)
    assert _code(exc) == "complaints.ground_required"
    c = services.mediation_terminate(complaint=c, on=dt.date(2023, 6, 5), ground="absent_or_refused", actor=officer)
    assert c.status == "closed" and c.outcome == "terminated" and c.due_on == c.notice_due_on
    c = services.notice_record(complaint=c, on=dt.date(2023, 6, 7), actor=officer)
    assert c.due_on is None
    with pytest.raises(DomainError) as exc:
        services.notice_record(complaint=c, on=dt.date(2023, 6, 8), actor=officer)
    assert _code(exc) == "complaints.nothing_to_notify"
    assert selectors.on_time_counts(2023) == (1, 1)


def test_终止调解后未告知双方不算按时办结(register, officer):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=officer)
    services.mediation_terminate(complaint=c, on=dt.date(2023, 6, 5), ground="absent_or_refused", actor=officer)
    assert selectors.on_time_counts(2023) == (1, 0)


def test_两人同时办理同一件_后提交者被拒绝(register, officer, make_user):
    (c,) = register()
    stale = Complaint.objects.get(pk=c.pk)
    services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=officer)
    with pytest.raises(ConcurrentUpdate):
        services.complaint_refuse(complaint=stale, on=dt.date(2023, 6, 2), ground="outside_duties", actor=officer)
    with pytest.raises(ConcurrentUpdate):  # an explicit revision from the page is checked too
        services.mediation_start(complaint=c, method="remote", actor=officer, revision=c.revision - 1)


# ---------------------------------------------------------------- object-level checks (issue 14 §2)


def test_其他部门的来件对写操作也是不存在(register, make_user, other_department):
    (c,) = register()
    outsider = make_user("officer", dept=other_department, username="outsider")
    for call in (
        lambda: services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=outsider),
        lambda: services.complaint_refuse(complaint=c, on=dt.date(2023, 6, 2), ground="outside_duties", actor=outsider),
        lambda: services.tip_hand_over(tip=c, on=dt.date(2023, 6, 2), actor=outsider),
        lambda: services.complaint_assign(complaint=c, assignee=outsider, actor=outsider),
    ):
        with pytest.raises(NotFound):
            call()
    c.refresh_from_db()
    assert c.status == "received"


def test_承办人只能是本部门有办理权限的人员(register, officer, make_user, other_department):
    (c,) = register()
    with pytest.raises(DomainError) as exc:
        services.complaint_assign(complaint=c, assignee=make_user("auditor"), actor=officer)
    assert _code(exc) == "complaints.bad_assignee"
    chief = make_user("section_chief")
    c = services.complaint_assign(complaint=c, assignee=chief, actor=officer)
    assert c.assignee_id == chief.pk


# ---------------------------------------------------------------- UNCONFIRMED values only propose (issue 13 §3)


def test_依据未经确认的事由终止调解须经法制审核(register, officer, reviewer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(received_on=dt.date(2026, 5, 4))
    c = services.complaint_accept(complaint=c, on=dt.date(2026, 5, 6), actor=officer)
    c = services.mediation_start(complaint=c, method="remote", actor=officer)
    # Order No. 121 Art. 23(1)(6) refers to an Art. 42 whose content is UNCONFIRMED.
    c = services.mediation_terminate(
        complaint=c, on=dt.date(2026, 5, 20), ground="refusal_ground_found", note="发现已由法院受理", actor=officer
    )
    assert c.status == "legal_review" and c.outcome == ""  # nothing decided yet
    review = LegalReview.objects.get(complaint=c)
    assert review.action == "terminate" and review.uncertainty[0]["status"] == "UNCONFIRMED"
    assert selectors.next_step(c, today=dt.date(2026, 6, 30))["who"] == "法制审核人员"
    with pytest.raises(DomainError) as exc:  # the proposer cannot review their own proposal
        services.review_decide(complaint=c, confirmed=True, opinion="", actor=officer)
    assert exc.value.code in ("access.forbidden", "complaints.self_review")
    c = services.review_decide(complaint=c, confirmed=True, opinion="同意", actor=reviewer)
    assert c.status == "closed" and c.outcome == "terminated" and c.closed_on == dt.date(2026, 6, 30)
    assert c.termination_ground == "refusal_ground_found" and c.notice_due_on is not None
    assert audit_verify().ok


def test_法制审核退回后回到原状态_须写明意见(register, officer, reviewer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(received_on=dt.date(2026, 6, 1))
    c = services.complaint_accept(complaint=c, on=dt.date(2026, 6, 2), actor=officer)
    due = c.due_on
    c = services.mediation_terminate(complaint=c, on=dt.date(2026, 6, 5), ground="refusal_ground_found", actor=officer)
    assert c.due_on == due  # the mediation clock keeps running during review
    with pytest.raises(DomainError) as exc:
        services.review_decide(complaint=c, confirmed=False, opinion="", actor=reviewer)
    assert (exc.value.code, exc.value.field) == ("cell.required", "opinion")
    c = services.review_decide(complaint=c, confirmed=False, opinion="事由不成立，继续调解", actor=reviewer)
    assert c.status == "accepted" and c.due_on == due
    assert LegalReview.objects.get(complaint=c).outcome == "rejected"


def test_有原文依据的事由直接决定不经审核(register, officer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(received_on=dt.date(2026, 6, 1))
    c = services.complaint_refuse(complaint=c, on=dt.date(2026, 6, 2), ground="identity_refused", actor=officer)
    assert c.status == "refused" and not LegalReview.objects.exists()


def test_2026年4月15日前收到的来件不能合并处理(register, officer):
    (first,) = register(received_on=dt.date(2023, 6, 1))
    (second,) = register(received_on=dt.date(2023, 6, 5))
    with pytest.raises(DomainError) as exc:
        services.complaint_merge(
            complaint=second, into=first, ground="repeated_same_matter", note="重复", actor=officer
        )
    assert _code(exc) == "complaints.no_grounds"


def test_合并处理依据的条文未经确认_先经法制审核(register, officer, reviewer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (first,) = register(received_on=dt.date(2026, 6, 1))
    (second,) = register(received_on=dt.date(2026, 6, 5))
    assert second.repeat_of_id == first.pk
    second = services.complaint_merge(
        complaint=second, into=first, ground="repeated_same_matter", note="同一事项重复投诉", actor=officer
    )
    assert second.status == "legal_review" and second.merged_into_id is None
    second = services.review_decide(complaint=second, confirmed=True, opinion="", actor=reviewer)
    assert second.status == "merged" and second.merged_into_id == first.pk and second.due_on is None


def test_未经确认的非投诉举报清单_登记后先经法制审核再告知(register, officer, reviewer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(kind="not_covered", redirect_reason="consultation", received_on=dt.date(2026, 6, 1))
    assert c.status == "legal_review"
    c = services.review_decide(complaint=c, confirmed=False, opinion="实为消费投诉", actor=reviewer)
    assert c.status == "received"
    c = services.complaint_reclassify(complaint=c, kind="complaint", actor=officer)
    assert c.kind == "complaint" and c.decision_due_on is not None and c.due_on == c.decision_due_on


# ---------------------------------------------------------------- audit


def test_每步一条审计事件_登记一件一条(register, officer):
    complaint, tip = register(kind="both")
    assert AuditEvent.objects.filter(action="complaints.register").count() == 2
    services.complaint_accept(complaint=complaint, on=dt.date(2023, 6, 2), actor=officer)
    event = AuditEvent.objects.filter(action="complaints.accept").get()
    assert event.actor_id == officer.pk and event.changes["status"] == ["received", "accepted"]


def test_法制审核人员确认了存疑事由后_该事由可直接作出决定(register, officer, reviewer, settings):
    from fazhi.deadlines.services import rule_confirm

    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    ref = "complaints/grounds.yaml#groups/终止调解事由/versions/2026-04-15/grounds/refusal_ground_found"
    rule_confirm(
        ref=ref, source="总局令第121号原文（国家市场监督管理总局网站）", confirmed_on="2026-06-29", actor=reviewer
    )
    (c,) = register(received_on=dt.date(2026, 6, 1))
    c = services.complaint_accept(complaint=c, on=dt.date(2026, 6, 2), actor=officer)
    c = services.mediation_terminate(complaint=c, on=dt.date(2026, 6, 5), ground="refusal_ground_found", actor=officer)
    assert c.status == "closed" and c.outcome == "terminated" and not LegalReview.objects.exists()


def test_存疑依据写明规则_条文和确认途径(register, officer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(received_on=dt.date(2026, 6, 1))
    c = services.complaint_accept(complaint=c, on=dt.date(2026, 6, 2), actor=officer)
    services.mediation_terminate(complaint=c, on=dt.date(2026, 6, 5), ground="refusal_ground_found", actor=officer)
    (doubt,) = LegalReview.objects.get().uncertainty
    assert doubt["status"] == "UNCONFIRMED" and "第二十三条" in doubt["citation"] and "规则确认" in doubt["note"]
    assert doubt["ref"].endswith("/grounds/refusal_ground_found")
