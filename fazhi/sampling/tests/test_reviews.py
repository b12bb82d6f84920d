"""逾期复检申请的法制审核 and the audited correction of a lab result."""

import datetime as dt

import pytest

from fazhi.core.errors import DomainError, NotFound, PermissionDenied
from fazhi.core.models import AuditEvent
from fazhi.sampling import services
from fazhi.sampling.models import LateRetestReview, ResultCorrection

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user):
    return make_user("legal_reviewer", username="reviewer")


@pytest.fixture
def make_sample(make_task, make_entity, officer):
    def make(result="unqualified", *, served_on=None):
        sample = services.sample_register(
            task=make_task("food"), product_name="散装花生米", sampled_on=D(2023, 5, 10),
            entity=make_entity("individual"), actor=officer,
        )  # fmt: skip
        items = (
            [{"item": "黄曲霉毒素B1", "value": "32.1μg/kg", "standard": "≤20μg/kg"}] if result == "unqualified" else []
        )
        services.result_record(
            sample=sample, result=result, report_number="SP2023-001", report_on=D(2023, 5, 30),
            failed_items=items, actor=officer,
        )  # fmt: skip
        if served_on:
            services.notice_serve(sample=sample, served_on=served_on, actor=officer)
        return sample

    return make


def test_逾期申请经法制审核同意后登记为逾期受理(make_sample, officer, reviewer):
    # 6月5日送达，食品七个工作日：届满 6月14日；6月16日的申请逾期
    sample = make_sample(served_on=D(2023, 6, 5))
    with pytest.raises(DomainError) as err:
        services.late_retest_submit(sample=sample, requested_on=D(2023, 6, 16), reason="  ", actor=officer)
    assert err.value.code == "cell.required" or err.value.field == "reason"
    review = services.late_retest_submit(
        sample=sample, requested_on=D(2023, 6, 16), reason="通知书寄送地址有误，当事人6月12日才实际收到",
        retest_lab="天津市产品质量监督检测技术研究院", actor=officer,
    )  # fmt: skip
    assert review.due_on == D(2023, 6, 14) and review.decision == ""
    with pytest.raises(DomainError) as err:
        services.late_retest_submit(sample=sample, requested_on=D(2023, 6, 16), reason="再次提交", actor=officer)
    assert err.value.code == "sampling.review_pending"
    # 执法人员不能自己审核
    with pytest.raises(PermissionDenied):
        services.late_retest_decide(
            review=review, decision="accepted", opinion="同意", decided_on=D(2023, 12, 29), actor=officer
        )
    services.late_retest_decide(
        review=review, decision="accepted", opinion="送达存在瑕疵，逾期事由不可归责于当事人，同意受理",
        decided_on=D(2023, 12, 29), actor=reviewer,
    )  # fmt: skip
    sample.refresh_from_db()
    assert sample.status == "retest" and sample.retest_requested_on == D(2023, 6, 16)
    assert sample.retest_in_window is False and sample.retest_lab == "天津市产品质量监督检测技术研究院"
    event = AuditEvent.objects.filter(action="sampling.sample_request_retest", object_id=str(sample.pk)).get()
    assert event.changes["accepted_on_review"] is True and event.changes["late_review"] == review.pk
    assert event.actor_id == reviewer.pk
    assert AuditEvent.objects.filter(action="sampling.late_retest_decide", object_id=str(review.pk)).exists()
    with pytest.raises(DomainError) as err:
        services.late_retest_decide(
            review=review, decision="refused", opinion="再审", decided_on=D(2023, 12, 29), actor=reviewer
        )
    assert err.value.code == "sampling.review_decided"


def test_法制审核不予受理的_样品状态不变且留有记录(make_sample, officer, reviewer):
    sample = make_sample(served_on=D(2023, 6, 5))
    review = services.late_retest_submit(sample=sample, requested_on=D(2023, 7, 3), reason="忘记了", actor=officer)
    with pytest.raises(DomainError) as err:
        services.late_retest_decide(
            review=review, decision="refused", opinion="", decided_on=D(2023, 7, 4), actor=reviewer
        )
    assert err.value.field == "opinion"
    with pytest.raises(DomainError) as err:  # 审核日期不能早于提交日期（今天 2023-12-29）
        services.late_retest_decide(
            review=review, decision="refused", opinion="无正当理由", decided_on=D(2023, 7, 4), actor=reviewer
        )
    assert err.value.field == "decided_on"
    services.late_retest_decide(
        review=review,
        decision="refused",
        opinion="逾期无正当理由，不予受理",
        decided_on=D(2023, 12, 29),
        actor=reviewer,
    )
    sample.refresh_from_db()
    assert sample.status == "notified" and sample.retest_requested_on is None
    assert LateRetestReview.objects.get(pk=review.pk).decision == "refused"


def test_期限内的申请不走法制审核(make_sample, officer):
    sample = make_sample(served_on=D(2023, 6, 5))
    with pytest.raises(DomainError) as err:
        services.late_retest_submit(sample=sample, requested_on=D(2023, 6, 14), reason="理由", actor=officer)
    assert err.value.code == "sampling.retest_not_late"


def test_其他部门的执法人员不能提交(make_sample, make_user, other_department):
    sample = make_sample(served_on=D(2023, 6, 5))
    stranger = make_user("officer", dept=other_department, username="stranger")
    with pytest.raises(NotFound):
        services.late_retest_submit(sample=sample, requested_on=D(2023, 6, 16), reason="理由", actor=stranger)


def test_更正检验结论_留存更正前后和理由(make_sample, officer):
    sample = make_sample("qualified")
    assert sample.status == "qualified" and sample.closed_on == D(2023, 5, 30)
    with pytest.raises(DomainError) as err:
        services.result_correct(
            sample=sample, result="qualified", report_number="SP2023-001", report_on=D(2023, 5, 30),
            reason="核对", actor=officer,
        )  # fmt: skip
    assert err.value.code == "sampling.correction_unchanged"
    with pytest.raises(DomainError) as err:
        services.result_correct(
            sample=sample, result="unqualified", report_number="SP2023-001", report_on=D(2023, 5, 30),
            failed_items=[{"item": "铅"}], reason="", actor=officer,
        )  # fmt: skip
    assert err.value.field == "reason"
    correction = services.result_correct(
        sample=sample, result="unqualified", report_number="SP2023-001A", report_on=D(2023, 5, 31),
        failed_items=[{"item": "铅(以Pb计)", "value": "0.5mg/kg", "standard": "≤0.2mg/kg"}],
        reason="录入时误选合格，以检验报告原件为准", actor=officer,
    )  # fmt: skip
    sample.refresh_from_db()
    assert sample.status == "unqualified" and sample.closed_on is None and sample.report_number == "SP2023-001A"
    assert correction.before["result"] == "qualified" and correction.before["report_on"] == "2023-05-30"
    assert correction.after["failed_items"][0]["item"] == "铅(以Pb计)"
    event = AuditEvent.objects.get(action="sampling.sample_correct_unqualified", object_id=str(sample.pk))
    assert event.changes["reason"] == "录入时误选合格，以检验报告原件为准"
    assert event.changes["before"]["report_number"] == "SP2023-001"
    # 送达后不能再更正
    services.notice_serve(sample=sample, served_on=D(2023, 6, 5), actor=officer)
    with pytest.raises(DomainError) as err:
        services.result_correct(
            sample=sample, result="qualified", report_number="SP2023-001A", report_on=D(2023, 5, 31),
            reason="复核", actor=officer,
        )  # fmt: skip
    assert err.value.code == "sampling.correction_not_allowed"
    assert ResultCorrection.objects.filter(sample=sample).count() == 1


def test_更正的日期规则与录入相同(make_sample, officer):
    sample = make_sample("unqualified")
    with pytest.raises(DomainError) as err:
        services.result_correct(
            sample=sample, result="unqualified", report_number="X", report_on=D(2023, 5, 1),
            failed_items=["铅"], reason="日期", actor=officer,
        )  # fmt: skip
    assert err.value.field == "report_on"
