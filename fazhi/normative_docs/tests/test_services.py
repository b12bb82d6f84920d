"""规范性文件 through the services: legality review before discussion; the fair-competition gate (公平竞争审查条例
Arts. 17–18); validity and filing; clean-up publishing repeals; mechanism records. Dates by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.normative_docs import services

pytestmark = pytest.mark.django_db
D = dt.date


def test_未经合法性审核不能集体讨论(draft, role_users):
    document = draft()
    with pytest.raises(DomainError) as exc:
        services.collective_discussion(
            document=document, on=D(2024, 9, 10), meeting="局长办公会", minutes="同意", actor=role_users["leader"]
        )
    assert exc.value.code == "normative_docs.transition_forbidden"
    services.legality_review(
        document=document, on=D(2024, 9, 4), passed=False, opinion="罚则越权", actor=role_users["legal_reviewer"]
    )
    assert document.status == "draft" and document.legality_returns == 1
    with pytest.raises(DomainError) as exc:
        services.legality_review(
            document=document, on=D(2024, 9, 1), passed=True, opinion="x", actor=role_users["legal_reviewer"]
        )
    assert exc.value.code == "date.too_early"


def test_没有公平竞争审查结论不得出台(discussed, role_users):
    document = discussed()
    leader = role_users["leader"]
    with pytest.raises(DomainError) as exc:
        services.document_issue(
            document=document, on=D(2024, 9, 20), document_number="东市监规〔2024〕1号", actor=leader
        )
    assert exc.value.code == "normative_docs.fair_competition_missing"
    assert document.status == "discussed"


def test_违反审查标准的结论不得出台_调整后重新审查可以出台(discussed, role_users):
    document = discussed()
    reviewer, leader = role_users["legal_reviewer"], role_users["leader"]
    services.fair_competition_review(
        document=document, on=D(2024, 9, 13), findings=["flow_1"], conclusion="violates",
        conclusion_text="限制外地经营者参加本地招标投标", actor=reviewer,
    )  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.document_issue(
            document=document, on=D(2024, 9, 20), document_number="东市监规〔2024〕1号", actor=leader
        )
    assert exc.value.code == "normative_docs.fair_competition_blocks"
    services.fair_competition_review(
        document=document, on=D(2024, 9, 16), findings=[], conclusion="compliant", conclusion_text="删除后未发现限制竞争内容",
        actor=reviewer,
    )  # fmt: skip
    services.document_issue(document=document, on=D(2024, 9, 20), document_number="东市监规〔2024〕1号", actor=leader)
    assert document.status == "issued"
    # 5 years (the rule's proposal) from 20 September 2024: until 19 September 2029.
    assert document.valid_until == D(2029, 9, 19)
    # Filing: 20 days from 20 September 2024 → 10 October; 10 October 2024 is a working day after 国庆.
    assert document.filing_due_on == D(2024, 10, 10)
    assert "未经确认" in document.validity_rule


def test_不涉及经营活动的无需审查即可出台_暂行文件两年(discussed, role_users):
    document = discussed(affects_business=False, interim=True)
    services.document_issue(
        document=document,
        on=D(2024, 2, 29) + dt.timedelta(days=205),
        document_number="东市监规〔2024〕2号",
        actor=role_users["leader"],
    )
    assert document.valid_until == D(2026, 9, 20)
    with pytest.raises(DomainError) as exc:
        services.fair_competition_review(
            document=document,
            on=D(2024, 9, 25),
            findings=[],
            conclusion="compliant",
            conclusion_text="x",
            actor=role_users["legal_reviewer"],
        )
    assert exc.value.code == "normative_docs.review_closed"


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"findings": ["flow_1"], "conclusion": "compliant"}, "normative_docs.findings_contradict", "conclusion"),
        ({"findings": [], "conclusion": "violates"}, "normative_docs.findings_required", "findings"),
        ({"findings": ["cost_2"], "conclusion": "exception"}, "normative_docs.exception_reason", "exception_reason"),
        (
            {
                "findings": ["cost_2"],
                "conclusion": "exception",
                "exception_reason": "应急保供",
                "exception_until": "2024-09-01",
            },
            "normative_docs.exception_term",
            "exception_until",
        ),
        ({"findings": ["nonsense"], "conclusion": "violates"}, "oversight.unknown_item", "findings"),
        ({"findings": [], "conclusion": "maybe"}, "oversight.unknown_item", "conclusion"),
        ({"findings": [], "conclusion": "compliant", "conclusion_text": ""}, "cell.required", "conclusion_text"),
    ],
)
def test_审查结论的字段校验(draft, role_users, kw, code, field):
    args = {"conclusion_text": "书面结论", **kw}
    with pytest.raises(DomainError) as exc:
        services.fair_competition_review(document=draft(), on=D(2024, 9, 5), actor=role_users["legal_reviewer"], **args)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_2024年8月1日前适用国发2016_34号的审查标准(draft, role_users):
    document = draft(drafted_on=D(2024, 7, 1))
    with pytest.raises(DomainError) as exc:
        services.fair_competition_review(
            document=document,
            on=D(2024, 7, 20),
            findings=["flow_1"],
            conclusion="violates",
            conclusion_text="x",
            actor=role_users["legal_reviewer"],
        )
    assert exc.value.code == "oversight.unknown_item"
    review = services.fair_competition_review(
        document=document,
        on=D(2024, 7, 20),
        findings=["flow_2016"],
        conclusion="violates",
        conclusion_text="x",
        actor=role_users["legal_reviewer"],
    )
    assert "国发〔2016〕34号" in review.citation and review.blocks_issue


def test_例外规定须说明理由和期限(draft, role_users):
    review = services.fair_competition_review(
        document=draft(), on=D(2024, 9, 5), findings=["cost_2"], conclusion="exception", conclusion_text="应急保供补贴",
        exception_reason="保障民生应急物资供应", exception_until="2025-12-31", actor=role_users["legal_reviewer"],
    )  # fmt: skip
    assert not review.blocks_issue and review.exception_until == D(2025, 12, 31)


def test_备案与逾期备案(discussed, role_users):
    document = discussed(affects_business=False)
    services.document_issue(
        document=document, on=D(2024, 9, 20), document_number="东市监规〔2024〕3号", actor=role_users["leader"]
    )
    services.document_file(
        document=document, on=D(2024, 10, 11), body="天津市东丽区人民政府", actor=role_users["legal_reviewer"]
    )
    assert document.filed_late
    with pytest.raises(DomainError) as exc:
        services.document_file(document=document, on=D(2024, 10, 12), body="x", actor=role_users["legal_reviewer"])
    assert exc.value.code == "normative_docs.already_filed"


def test_清理公布后废止的文件失效(discussed, role_users):
    reviewer = role_users["legal_reviewer"]
    keep, drop = discussed(affects_business=False), discussed(affects_business=False, title="旧办法")
    for i, d in enumerate((keep, drop)):
        services.document_issue(
            document=d, on=D(2024, 9, 20), document_number=f"东市监规〔2024〕{i + 5}号", actor=role_users["leader"]
        )
    cleanup = services.cleanup_open(title="2024年度清理", started_on=D(2024, 11, 1), actor=reviewer)
    with pytest.raises(DomainError) as exc:
        services.cleanup_record(cleanup=cleanup, document=drop, outcome="repeal", actor=reviewer)
    assert exc.value.code == "normative_docs.reason_required"
    services.cleanup_record(cleanup=cleanup, document=keep, outcome="keep", actor=reviewer)
    services.cleanup_record(cleanup=cleanup, document=drop, outcome="repeal", reason="上位法废止", actor=reviewer)
    services.cleanup_publish(cleanup=cleanup, on=D(2024, 11, 20), actor=reviewer)
    drop.refresh_from_db()
    keep.refresh_from_db()
    assert (drop.status, drop.repealed_on) == ("repealed", D(2024, 11, 20))
    assert keep.status == "issued"
    with pytest.raises(DomainError) as exc:
        services.cleanup_record(cleanup=cleanup, document=keep, outcome="amend", actor=reviewer)
    assert exc.value.code == "normative_docs.cleanup_published"


def test_出台须局领导_审查须法制或科室负责人(discussed, role_users):
    document = discussed()
    with pytest.raises(DomainError) as exc:
        services.document_issue(
            document=document, on=D(2024, 9, 20), document_number="x", actor=role_users["legal_reviewer"]
        )
    assert exc.value.code == "access.forbidden"
    with pytest.raises(DomainError) as exc:
        services.fair_competition_review(
            document=document,
            on=D(2024, 9, 13),
            findings=[],
            conclusion="compliant",
            conclusion_text="x",
            actor=role_users["officer"],
        )
    assert exc.value.code == "access.forbidden"


def test_机制记录(department, role_users):
    record = services.mechanism_record(
        kind="joint_meeting", department=department, held_on=D(2024, 5, 1), title="联席会议", summary="部署清理",
        actor=role_users["legal_reviewer"],
    )  # fmt: skip
    assert record.kind_label == "公平竞争审查联席会议"
    with pytest.raises(DomainError) as exc:
        services.mechanism_record(
            kind="party",
            department=department,
            held_on=D(2024, 5, 1),
            title="x",
            summary="y",
            actor=role_users["legal_reviewer"],
        )
    assert exc.value.field == "kind"
