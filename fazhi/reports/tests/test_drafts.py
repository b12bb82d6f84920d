"""Writing, approving and publishing a year's report: the text is the bureau's, the approved copy is frozen."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.metrics import METRICS, Metric
from fazhi.reports import selectors, services, workflow
from fazhi.reports.models import ReportParagraph
from fazhi.reports.tests.helpers import write_own_parts

pytestmark = pytest.mark.django_db

# The expected state table, written from the procedure (法制科 drafts → 局领导 审定 → 公开; 退回, 重新打开).
EXPECTED = {
    ("draft", "submit"): "submitted",
    ("submitted", "return"): "draft",
    ("submitted", "approve"): "approved",
    ("approved", "publish"): "published",
    ("approved", "reopen"): "draft",
    ("published", "reopen"): "draft",
}


def test_状态表与手写的预期一致():
    for state in workflow.State:
        for event in workflow.Event:
            expected = EXPECTED.get((state.value, event.value))
            if expected is None:
                with pytest.raises(DomainError) as err:
                    workflow.target(state, event)
                assert err.value.code == "reports.transition_invalid"
            else:
                assert workflow.target(state, event).value == expected


@pytest.fixture
def figures(monkeypatch):
    box = {"received": 12078}
    monkeypatch.setitem(
        METRICS,
        "complaints.received",
        Metric("complaints.received", "受理投诉举报", "complaints", lambda y: box["received"] if y == 2023 else 10000),
    )
    monkeypatch.setitem(
        METRICS,
        "complaints.on_time_rate",
        Metric("complaints.on_time_rate", "按时办结率", "complaints", lambda y: Decimal("100"), "percent"),
    )
    return box


@pytest.fixture
def people(role_users):
    return role_users["legal_reviewer"], role_users["leader"], role_users["officer"]


def _paragraph(draft, key):
    return ReportParagraph.objects.get(draft=draft, key=key)


def test_起草后以系统草稿为起点并保留版本(figures, people):
    legal, _, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    p = _paragraph(draft, "enforcement.market_order")
    assert "{complaints.received}" in p.text and p.versions.count() == 1
    services.paragraph_edit(
        paragraph=p, text="全年受理投诉举报{complaints.received}件，{complaints.received|yoy}。", actor=legal
    )
    assert p.versions.count() == 2 and p.source == "bureau"
    text = selectors.report_for("rule_of_law", 2023).as_json()["paragraphs"]["enforcement.market_order"]
    assert text == "6.严格规范市场秩序。全年受理投诉举报12078件，同比增长20.78%。"
    with pytest.raises(DomainError) as err:
        services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    assert err.value.code == "reports.draft_exists"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("受理{complaints.recieved}件", "reports.placeholder_unknown"),
        ("受理{complaints.received|sum}件", "reports.placeholder_invalid"),
        ("受理{complaints.received件", "reports.placeholder_invalid"),
        ("字" * 5001, "cell.too_long"),
    ],
)
def test_正文的占位符和长度逐一核对(figures, people, text, code):
    legal, _, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    with pytest.raises(DomainError) as err:
        services.paragraph_edit(paragraph=_paragraph(draft, "plans.summary"), text=text, actor=legal)
    assert err.value.code == code and err.value.field == "text"


def test_执法人员不能撰写领导不能撰写_法制审核人员不能审定(figures, people):
    legal, leader, officer = people
    with pytest.raises(PermissionDenied):
        services.draft_open(kind="rule_of_law", year=2023, actor=officer)
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    with pytest.raises(PermissionDenied):
        services.paragraph_edit(paragraph=_paragraph(draft, "plans.summary"), text="甲", actor=leader)
    services.draft_submit(draft=draft, actor=legal)
    with pytest.raises(PermissionDenied):
        services.draft_approve(draft=draft, opinion="同意", actor=legal, acknowledge_missing=True)


def test_审定时固定正文和数字_之后记录变化不改变审定稿(figures, people):
    legal, leader, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    write_own_parts(draft, legal)
    services.draft_submit(draft=draft, actor=legal)
    with pytest.raises(DomainError) as err:  # other figures have no records in this test: the leader must know
        services.draft_approve(draft=draft, opinion="同意", actor=leader)
    assert err.value.code == "reports.missing_unacknowledged"
    approval = services.draft_approve(draft=draft, opinion="同意报送", actor=leader, acknowledge_missing=True)
    assert approval.figures["values"]["complaints.received"] == 12078
    figures["received"] = 13000  # a complaint registered late, after the approval
    frozen = selectors.report_for("rule_of_law", 2023)
    assert "受理消费者投诉举报12078件" in frozen.as_json()["paragraphs"]["enforcement.market_order"]
    assert frozen.status == "approved" and frozen.approved_by == str(leader)
    with pytest.raises(DomainError) as err:
        services.paragraph_edit(paragraph=_paragraph(draft, "plans.summary"), text="改", actor=legal)
    assert err.value.code == "reports.not_editable"
    services.draft_reopen(draft=draft, reason="补充第四季度数据", actor=leader)
    live = selectors.report_for("rule_of_law", 2023)
    assert "受理消费者投诉举报13000件" in live.as_json()["paragraphs"]["enforcement.market_order"]


def test_退回需写明意见(figures, people):
    legal, leader, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    services.draft_submit(draft=draft, actor=legal)
    with pytest.raises(DomainError) as err:
        services.draft_return(draft=draft, opinion=" ", actor=leader)
    assert err.value.code == "cell.required"
    services.draft_return(draft=draft, opinion="第三部分请具体写明原因", actor=leader)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.return_opinion == "第三部分请具体写明原因"


def test_公开后公众可见审定稿_未公开前不可见(client, figures, people):
    legal, leader, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    services.paragraph_edit(
        paragraph=_paragraph(draft, "plans.summary"), text="2024年，继续推进“八五”普法。", actor=legal
    )
    services.paragraph_add(draft=draft, section="shortcomings", text="普法宣传的针对性还不够强。", actor=legal)
    services.draft_submit(draft=draft, actor=legal)
    assert client.get("/public/reports/rule_of_law/2023/").status_code == 404
    assert client.get("/public/reports/rule_of_law/2023/document/").status_code == 404
    services.draft_approve(draft=draft, opinion="同意", actor=leader, acknowledge_missing=True)
    assert client.get("/public/reports/rule_of_law/2023/").status_code == 404
    assert client.get("/public/reports/rule_of_law/2023/document/").status_code == 404
    services.draft_publish(draft=draft, actor=leader)
    page = client.get("/public/reports/rule_of_law/2023/").content.decode()
    assert 'src="/public/reports/rule_of_law/2023/document/"' in page
    document = client.get("/public/reports/rule_of_law/2023/document/")
    assert "继续推进“八五”普法" in document.content.decode()
    # framed by this site's report page only, and never running a script
    assert document["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in document["Content-Security-Policy"]
    assert "script-src" not in document["Content-Security-Policy"]
    assert "default-src 'none'" in document["Content-Security-Policy"]
    assert "2023年法治政府建设年度报告" in client.get("/public/reports/").content.decode()
    pdf = client.get("/public/reports/rule_of_law/2023.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_同一步骤并发只有一人成功(figures, people):
    legal, _, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    seen = draft.revision
    services.draft_submit(draft=draft, actor=legal, revision_seen=seen)
    from fazhi.core.errors import ConcurrentUpdate

    stale = type(draft).objects.get(pk=draft.pk)
    with pytest.raises(ConcurrentUpdate):
        services.draft_submit(draft=stale, actor=legal, revision_seen=seen)


def test_命令行输出html且数字可点开(figures, people, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "r.html"
    call_command("report", "annual", "--year", "2023", "--format", "html", "--out", str(out), stdout=io.StringIO())
    html = out.read_text(encoding="utf-8")
    assert "2023年法治政府建设年度报告" in html and "<h2>一、主要工作举措及成效</h2>" in html


# 三、存在的不足 and 四、下一步工作安排 are the bureau's own assessment: the leader cannot approve them unwritten.
# Each case: what the bureau did to the two parts → the parts the refusal names (written by hand from the template:
# 三 = shortcomings, 四 = plans; a starting text or an unedited finding is not "written").
UNWRITTEN_CASES = [
    ("nothing written", [], ["三、存在的不足", "四、下一步工作安排"]),
    ("only the plans", [("add", "plans", "2024年，开展执法案卷评查“回头看”。")], ["三、存在的不足"]),
    ("only the shortcomings", [("add", "shortcomings", "案卷评查发现文书制作不够规范。")], ["四、下一步工作安排"]),
    ("plans' starting sentence rewritten", [("edit", "plans.summary", "2024年，推行说理式执法文书。")], ["三、存在的不足"]),
    ("a finding kept unedited", [("add", "plans", "2024年，加强投诉处置时效管理。")], ["三、存在的不足"]),
    (
        "a finding rewritten with its cause",
        [
            ("edit", "shortcomings.finding.complaints_on_time", "投诉举报按时办结率为{complaints.on_time_rate}，原因是节假日值守力量不足。"),
            ("add", "plans", "2024年，加强投诉处置时效管理。"),
        ],
        [],
    ),
    (
        "a written paragraph removed again",
        [("add", "plans", "2024年，开展执法培训。"), ("add", "shortcomings", "培训不足。"), ("remove", "shortcomings.added.1", "")],
        ["三、存在的不足"],
    ),
    (
        "the intro of the shortcomings rewritten, the plans added",
        [("edit", "shortcomings.summary", "我局在执法规范化方面仍有差距，主要是基层所执法力量不足。"), ("add", "plans", "2024年，充实基层所执法力量。")],
        [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("case", "steps", "named"), UNWRITTEN_CASES, ids=[c[0] for c in UNWRITTEN_CASES])
def test_存在的不足和下一步工作安排未由本局撰写时领导不能审定(figures, people, monkeypatch, case, steps, named):
    legal, leader, _ = people
    monkeypatch.setitem(  # 93 % on time: the system proposes a finding in 存在的不足
        METRICS,
        "complaints.on_time_rate",
        Metric("complaints.on_time_rate", "按时办结率", "complaints", lambda y: Decimal("93"), "percent"),
    )
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    assert _paragraph(draft, "shortcomings.finding.complaints_on_time").source == "finding"
    for action, where, text in steps:
        if action == "add":
            services.paragraph_add(draft=draft, section=where, text=text, actor=legal)
        elif action == "edit":
            services.paragraph_edit(paragraph=_paragraph(draft, where), text=text, actor=legal)
        else:
            services.paragraph_remove(paragraph=_paragraph(draft, where), actor=legal)
    services.draft_submit(draft=draft, actor=legal)
    draft.refresh_from_db()
    if not named:
        services.draft_approve(draft=draft, opinion="同意", actor=leader, acknowledge_missing=True)
        draft.refresh_from_db()
        assert draft.status == "approved"
        return
    with pytest.raises(DomainError) as err:  # acknowledging missing figures does not cover it
        services.draft_approve(draft=draft, opinion="同意", actor=leader, acknowledge_missing=True)
    assert err.value.code == "reports.parts_unwritten"
    for title in ["三、存在的不足", "四、下一步工作安排"]:
        assert (f"“{title}”" in err.value.message) == (title in named)
    draft.refresh_from_db()
    assert draft.status == "submitted" and not draft.approvals.exists()


def test_审定页列出须由本局撰写的部分(client, figures, people):
    legal, leader, _ = people
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    services.paragraph_add(draft=draft, section="plans", text="2024年，开展执法培训。", actor=legal)
    services.draft_submit(draft=draft, actor=legal)
    draft.refresh_from_db()
    client.force_login(leader)
    page = client.get("/reports/reports/rule_of_law/2023/").content.decode()
    assert '<li data-section="shortcomings">三、存在的不足</li>' in page
    assert 'data-section="plans"' not in page
    response = client.post(
        "/reports/reports/rule_of_law/2023/step/approve/",
        {"opinion": "同意", "acknowledge_missing": "on", "revision": draft.revision},
        follow=True,
    )
    assert "还没有本局撰写的内容" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"
