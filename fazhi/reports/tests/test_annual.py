import io
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.core.metrics import METRICS, Metric
from fazhi.reports.annual import build_annual_report, phrase_change, phrase_value, referenced_metric_ids
from fazhi.reports.documents import render_docx, render_pdf

pytestmark = pytest.mark.django_db

FOOD_CASES = {2023: 593, 2022: 500}


@pytest.fixture
def fake_metrics(monkeypatch):
    """Known values for a few metrics (restored afterwards), one that returns None, and one the report
    references that is unregistered."""
    monkeypatch.setitem(
        METRICS,
        "registry.entities_new",
        Metric("registry.entities_new", "新登记市场主体", "registry", lambda y: {2023: 14163, 2022: 12550}.get(y)),
    )
    monkeypatch.delitem(METRICS, "registry.entities_new_yoy", raising=False)  # the change is then computed here
    monkeypatch.setitem(
        METRICS,
        "cases.by_domain.food",
        Metric("cases.by_domain.food", "查办食品案件", "cases", lambda y: FOOD_CASES.get(y)),
    )
    monkeypatch.setitem(
        METRICS,
        "cases.fines_confiscations_yuan",
        Metric("cases.fines_confiscations_yuan", "罚没款", "cases", lambda y: Decimal("6051400"), "yuan"),
    )
    monkeypatch.setitem(
        METRICS,
        "complaints.on_time_rate",
        Metric("complaints.on_time_rate", "按时办结率", "complaints", lambda y: Decimal("100.00"), "percent"),
    )
    monkeypatch.setitem(
        METRICS, "powers.total", Metric("powers.total", "共有职权", "powers", lambda y: None)
    )  # records not kept
    monkeypatch.delitem(METRICS, "publicity.typical_cases", raising=False)  # not registered


def test_数字按报告行文书写():
    assert phrase_value("count", 14163, "户") == "14163户"
    assert phrase_value("yuan", Decimal("6051400")) == "605.14万元"
    assert phrase_value("yuan", Decimal("110000")) == "11万元"
    assert phrase_value("yuan", Decimal("2800")) == "2800元"
    assert phrase_value("percent", Decimal("100.00")) == "100%"
    assert phrase_change(Decimal("12.85")) == "同比增长12.85%"
    assert phrase_change(Decimal("-3.10")) == "同比下降3.1%"
    assert phrase_change(Decimal("0")) == "与上年持平"


def test_每个数字都取自指标并附同比(fake_metrics):
    report = build_annual_report(2023, bureau="测试区市场监督管理局")
    text = report.as_json()["paragraphs"]
    assert "全区新登记各类市场主体14163户，同比增长12.85%" in text["enforcement.business"]
    assert "罚没款605.14万元" in text["enforcement.market_order"]
    assert "按时办结率达100%" in text["enforcement.market_order"]


def test_未注册或无数据的指标以中文说明而不编造数字也不出现编号(fake_metrics):
    report = build_annual_report(2023)
    data = report.as_json()
    assert "调整后我局共有职权（暂无“共有职权”的记录数据）项" in data["paragraphs"]["enforcement.lists"]
    assert "发布典型案例（暂无该项记录数据）件" in data["paragraphs"]["education.methods"]
    assert data["metrics"]["powers.total"] is None and data["metrics"]["publicity.typical_cases"] is None
    assert {"powers.total", "publicity.typical_cases"} <= set(data["missing"])
    assert ("powers.total", "共有职权") in report.missing_labels()
    for paragraph in data["paragraphs"].values():
        assert "powers.total" not in paragraph and "{" not in paragraph and "暂无数据：" not in paragraph


def test_四个部分按规定的顺序和标题排列且年度随参数变化(fake_metrics):
    report = build_annual_report(2024)
    titles = [s["title"] for s in report.as_json()["outline"]]
    assert titles == [
        "一、主要工作举措及成效",
        "二、切实履行推进法治建设第一责任人职责",
        "三、存在的不足",
        "四、下一步工作安排",
    ]
    work = report.as_json()["outline"][0]["children"]
    assert work[0]["title"] == "（一）抓引领聚力量，深入学习宣传贯彻习近平法治思想"
    assert report.title == "2024年法治政府建设年度报告"
    assert report.as_json()["paragraphs"]["plans.summary"].startswith("2025年，")
    assert [d["due_on"] for d in report.deadlines] == ["2025-03-01", "2025-04-01"]


def test_记录显示的不足被拟入存在的不足(fake_metrics, monkeypatch):
    monkeypatch.setitem(
        METRICS,
        "complaints.on_time_rate",
        Metric("complaints.on_time_rate", "按时办结率", "complaints", lambda y: Decimal("96.5"), "percent"),
    )
    paragraphs = build_annual_report(2023).as_json()["paragraphs"]
    assert paragraphs["shortcomings.finding.complaints_on_time"].startswith("投诉举报按时办结率为96.5%")


def test_按时办结率为百分之百时不拟此项不足(fake_metrics):
    assert "shortcomings.finding.complaints_on_time" not in build_annual_report(2023).as_json()["paragraphs"]


def test_JSON输出包含每个已注册指标编号(fake_metrics):
    out = io.StringIO()
    call_command("report", "annual", "--year", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(METRICS) <= set(data["metrics"])
    assert set(referenced_metric_ids()) <= set(data["metrics"])
    assert data["metrics"]["registry.entities_new"] == 14163
    assert data["figures"]["registry.entities_new"]["yoy"] == 12.85
    assert data["figures"]["publicity.typical_cases"]["registered"] is False
    assert {"metrics", "outline", "missing"} <= set(data)
    assert all({"title", "paragraphs"} <= set(section) for section in data["outline"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["quarterly", "--year", "2023"], "没有“quarterly”这种报告"),
        (["annual", "--year", "二〇二三"], "不是年份"),
        (["annual", "--year", "1999"], "不在 2000–2100 之间"),
        (["annual"], "请用 --year 指定报告年度"),
        (["annual", "--year", "2023", "--format", "xml"], "不支持的格式“xml”"),
        (["annual", "--year", "2023", "--out", "/nonexistent-o1718/r.docx"], "所在的目录不存在"),
    ],
)
def test_命令参数有误时以中文说明(args, words, tmp_path):
    # docs/formats/report-spec.md: a wrong kind or year is a command error with a Chinese message (exit 1); the
    # same for a format the command does not write and an --out it cannot write — no English usage line, no
    # traceback.
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as err:
        call_command("report", *args, stdout=io.StringIO())
    assert words in str(err.value)
    with pytest.raises(CommandError) as err:
        call_command("report", "annual", "--year", "2023", "--format", "json", "--out", str(tmp_path))
    assert "是一个目录" in str(err.value)


def test_Word稿可由python_docx打开且含标题与图表(fake_metrics):
    from docx import Document

    report = build_annual_report(2023, bureau="测试区市场监督管理局")
    doc = Document(io.BytesIO(render_docx(report)))
    texts = [p.text for p in doc.paragraphs]
    assert "2023年法治政府建设年度报告" in texts and "测试区市场监督管理局" in texts
    assert any("（暂无“共有职权”的记录数据）" in t for t in texts)
    assert any("查办食品案件593件" in t for t in texts)
    body = "\n".join(texts)
    assert "powers.total" not in body and "cases.by_domain.food" not in body


def test_PDF稿以PDF开头且可提取中文(fake_metrics, tmp_path):
    report = build_annual_report(2023, bureau="测试区市场监督管理局")
    data = render_pdf(report)
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "annual.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "法治政府建设年度报告" in text.replace("\n", "")
        assert "存在的不足" in text


@pytest.mark.parametrize(("role", "status"), [("officer", 403), ("leader", 200)])
def test_年度报告下载需要查看统计权限(client, role_users, fake_metrics, role, status):
    client.force_login(role_users[role])
    response = client.get("/reports/annual/2023.json")  # json: the same gate without rendering a chart
    assert response.status_code == status
    if status == 200:
        assert response.json()["metrics"]["registry.entities_new"] == 14163


def test_未知格式返回404(client, role_users):
    client.force_login(role_users["leader"])
    assert client.get("/reports/annual/2023.exe").status_code == 404


def test_看板链接到年度报告且不显示指标编号(client, role_users):
    client.force_login(role_users["leader"])
    html = client.get("/reports/?year=2023").content.decode()
    assert "/reports/reports/rule_of_law/2023/" in html
    assert ">cases.closed_with_penalty<" not in html
