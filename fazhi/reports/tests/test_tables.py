"""Table blocks of the report templates and the 政府信息公开工作年度报告 written from them (issue 18).

The spec checks are written from the official form's head (国办公开办函〔2021〕30号, table 三: a corner cell over three
head rows, 申请人情况 over seven columns, 法人或其他组织 over five). The disclosure fixture holds records on both sides
of 1 January and 31 December; every expected count below is worked out by hand from it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.core.metrics import METRICS, TABLES, Metric, Table, TableData, TableRow
from fazhi.disclosure.models import DisclosureRequest, ProactiveDocument
from fazhi.reports import selectors, services
from fazhi.reports.annual import Figures, build_report, build_table
from fazhi.reports.documents import appendix_groups, head_grid, render_docx, render_html
from fazhi.reports.spec import HeadCell, SpecError, parse_spec
from fazhi.reports.tests.helpers import write_own_parts

D = dt.date

REQUESTS_HEAD = [
    [{"text": "（勾稽关系）", "rowspan": 3}, {"text": "申请人情况", "colspan": 7}],
    [{"text": "自然人", "rowspan": 2}, {"text": "法人或其他组织", "colspan": 5}, {"text": "总计", "rowspan": 2}],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]
COLUMNS = ["natural_person", "business", "research", "public_interest", "legal_service", "other", "total"]


def _spec(**table):
    base = {"key": "t", "section": "one", "source": "x.table"}
    return {
        "kind": "k",
        "name": "测试报告",
        "title": "{year}年测试报告",
        "sections": [{"key": "one", "title": "第一部分"}],
        "tables": [{**base, **table}],
    }


# ------------------------------------------------------------------ the spec format


def test_表头各行宽度相同_与所取列数相符():
    spec = parse_spec(_spec(columns=COLUMNS, head=REQUESTS_HEAD))
    table = spec.tables[0]
    assert table.width == 8  # the label column and seven columns
    assert table.head[0][0] == HeadCell("（勾稽关系）", 1, 3)


def test_表头比表体宽_拒绝():
    with pytest.raises(SpecError, match="表头宽度 8 列，表体 7 列"):
        parse_spec(_spec(columns=COLUMNS[:-1], head=REQUESTS_HEAD))


def test_表头某行缺一格_拒绝():
    head = [REQUESTS_HEAD[0], REQUESTS_HEAD[1], REQUESTS_HEAD[2][:-1]]
    with pytest.raises(SpecError, match="表头各行的列数不一致"):
        parse_spec(_spec(columns=COLUMNS, head=head))


def test_向下合并超出表头_拒绝():
    with pytest.raises(SpecError, match="向下合并超出了表头"):
        parse_spec(_spec(columns=["a"], head=[["项目", {"text": "数", "rowspan": 2}]]))


def test_自定义表头须列出所取的列():
    with pytest.raises(SpecError, match="columns"):
        parse_spec(_spec(head=[["项目", "数"]]))


def test_表格或取自统计表或逐行写出_二者选一():
    with pytest.raises(SpecError, match="二者选一"):
        parse_spec(_spec(rows=[{"label": "甲", "cells": ["{a.b}"]}]))
    with pytest.raises(SpecError, match="二者选一"):
        parse_spec(_spec(source=""))


def test_表格所在部分须存在():
    with pytest.raises(SpecError, match="表格所在部分 two 不存在"):
        parse_spec(_spec(section="two"))


def test_逐行写出的表格_须写出表头():
    with pytest.raises(SpecError, match="须写出表头"):
        parse_spec(_spec(source="", rows=[{"label": "甲", "cells": ["1"]}]))


def test_逐行写出的表格_各行单元格数一致_占位符合法():
    with pytest.raises(SpecError, match="各行的单元格数不一致"):
        parse_spec(
            _spec(
                source="", head=[["项目", "甲", "乙"]],
                rows=[{"label": "甲", "cells": ["1", "2"]}, {"label": "乙", "cells": ["1"]}],
            )
        )  # fmt: skip
    with pytest.raises(SpecError, match="占位符格式不正确"):
        parse_spec(_spec(source="", head=[["项目", "甲"]], rows=[{"label": "甲", "cells": ["{a.b"]}]))


def test_表格的未知键_拒绝():
    with pytest.raises(SpecError, match="未知的键"):
        parse_spec(_spec(colour="red"))


def test_折行不在中文之间留空格():
    spec = parse_spec({**_spec(), "intro": "全年办结{a.b}件，\n其中逾期{a.c}件；\nsee RFC 3797\nfor details"})
    assert spec.intro == "全年办结{a.b}件，其中逾期{a.c}件；see RFC 3797 for details"


def test_合并表头的单元格位置():
    """Where each head cell starts in a Word table: cells merged down from above take their columns."""
    spec = parse_spec(_spec(columns=COLUMNS, head=REQUESTS_HEAD))
    table = build_table(spec.tables[0], _figures({}), {"year": "2023"})
    positions = [[(col, cell.text) for col, cell in row] for row in head_grid(table)]
    assert positions == [
        [(0, "（勾稽关系）"), (1, "申请人情况")],
        [(1, "自然人"), (2, "法人或其他组织"), (7, "总计")],
        [(2, "商业企业"), (3, "科研机构"), (4, "社会公益组织"), (5, "法律服务机构"), (6, "其他")],
    ]


# ------------------------------------------------------------------ building a table from figures


@pytest.fixture
def registered(monkeypatch):
    """A registered table and two metrics, only for the test (the catalogue is restored afterwards)."""
    monkeypatch.setitem(TABLES, "x.table", Table("x.table", "测试统计表", "x", lambda year: None, unit="yuan"))
    monkeypatch.setitem(TABLES, "x.empty", Table("x.empty", "未登记金额的统计表", "x", lambda year: None))
    monkeypatch.setitem(METRICS, "x.count", Metric("x.count", "测试件数", "x", lambda year: None))
    monkeypatch.setitem(METRICS, "x.none", Metric("x.none", "没有记录的件数", "x", lambda year: None))


def _figures(tables, values=None, previous=None):
    return Figures(2023, values or {}, previous or {}, {}, dt.datetime(2024, 1, 5, 9, 0), {}, tables)


def test_取自统计表_按模板所列的列_标题行跨整行_金额写作万元(registered):
    data = TableData(
        columns=[("b", "乙"), ("a", "甲")],
        rows=[
            TableRow("r1", "一、收费", {"a": Decimal("25000"), "b": Decimal("800")}),
            TableRow("r2", "二、分类", None),
            TableRow("r3", "1. 其中", {"a": 0, "b": Decimal("12345.5")}, level=2),
        ],
    )
    spec = parse_spec(_spec(columns=["a", "b"])).tables[0]
    table = build_table(spec, _figures({"x.table": data}), {"year": "2023"})
    assert [[c.text for c in row] for row in table.head] == [["项目", "甲", "乙"]]
    assert table.as_json()["rows"] == [
        {"label": "一、收费", "level": 0, "cells": ["2.5万元", "800元"]},
        {"label": "二、分类", "level": 0, "cells": None},
        {"label": "1. 其中", "level": 2, "cells": ["0元", "1.23万元"]},
    ]
    assert table.missing is None


def test_统计表无记录_写明中文句子_列入暂无数据(registered):
    spec = parse_spec(_spec(source="x.empty")).tables[0]
    table = build_table(spec, _figures({"x.empty": None}), {"year": "2023"})
    assert table.missing is not None
    assert table.missing.text == "（暂无“未登记金额的统计表”的记录数据）"
    assert table.lines == []


def test_逐行写出的表格_单元格是本年_上年_同比(registered):
    spec = parse_spec(
        _spec(
            source="",
            head=[["指标", "{year}年", "上年", "同比"]],
            rows=[
                {"label": "受理件数", "cells": ["{x.count}", "{x.count|prev}", "{x.count|yoy}"]},
                {"label": "无记录", "cells": ["{x.none}", "—", "—"]},
            ],
        )
    ).tables[0]
    table = build_table(spec, _figures({}, {"x.count": 120, "x.none": None}, {"x.count": 100}), {"year": "2023"})
    assert table.as_json()["rows"] == [
        {"label": "受理件数", "level": 0, "cells": ["120", "100", "同比增长20%"]},
        {"label": "无记录", "level": 0, "cells": ["（暂无“没有记录的件数”的记录数据）", "—", "—"]},
    ]
    assert table.width == 4
    assert [c.text for c in table.head[0]] == ["指标", "2023年", "上年", "同比"]
    assert [r.metric_id for r in table.runs() if r.kind == "missing"] == ["x.none"]


def test_统计表随审定冻结_JSON往返不变():
    data = TableData(columns=[("n", "件数")], rows=[TableRow("r", "甲", {"n": 3}), TableRow("h", "乙", None, 1)])
    figures = _figures({"t.a": data, "t.b": None})
    again = Figures.from_json(json.loads(json.dumps(figures.as_json())))
    assert again.tables == {
        "t.a": TableData(columns=[("n", "件数")], rows=[TableRow("r", "甲", {"n": 3}), TableRow("h", "乙", None, 1)]),
        "t.b": None,
    }


# ------------------------------------------------------------------ the 政府信息公开工作年度报告, end to end


@pytest.fixture
def disclosure_records(department, role_users):
    user = role_users["legal_reviewer"]
    n = iter(range(1000))

    def req(received, replied=None, *, kind="natural_person", reply_type="disclosed", group="disclosed", late=False):
        return DisclosureRequest.objects.create(
            number=f"R{next(n)}", department=department, applicant_name="a", applicant_kind=kind,
            applicant_kind_label="x", channel="in_person", channel_label="当面提交", submitted_on=received,
            received_on=received, receipt_rule="r", content="c", created_by=user,
            status="replied" if replied else "received", replied_on=replied, reply_type=reply_type if replied else "",
            reply_group=group if replied else "", replied_late=late,
        )  # fmt: skip

    def doc(published, *, category="normative", withdrawn=None):
        return ProactiveDocument.objects.create(
            number=f"P{next(n)}", department=department, title="t", category=category, category_label="c",
            formed_on=published, published_on=published, withdrawn_on=withdrawn, created_by=user,
        )  # fmt: skip

    req(D(2022, 12, 31), D(2023, 1, 1))  # received 2022, replied 1 January 2023: 上年结转, 予以公开 in 2023
    req(D(2023, 1, 1), D(2023, 12, 31), kind="business", reply_type="refused_process", group="refused", late=True)
    req(D(2023, 12, 31))  # received on the last day, open: 结转下年度
    req(D(2023, 12, 30), D(2024, 1, 2))  # replied in 2024: 结转下年度 too
    req(D(2022, 6, 1), D(2022, 12, 31))  # 2022 only
    req(D(2024, 1, 1), D(2024, 1, 3))  # 2024 only
    doc(D(2022, 12, 31))  # in force through 2023
    doc(D(2023, 1, 1), withdrawn=D(2023, 6, 1))  # issued and repealed in 2023
    doc(D(2023, 12, 31), category="penalty")
    doc(D(2024, 1, 1))
    return req


def _rows(table_json):
    return {r["label"]: r["cells"] for r in table_json["rows"]}


@pytest.mark.django_db
def test_政府信息公开年报_六个部分_表格按记录计数(disclosure_records):
    report = build_report("disclosure", 2023, bureau="测试局")
    data = report.as_json()
    assert [s["title"] for s in data["outline"]] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert data["paragraphs"]["overview.requests"] == (
        "依申请公开。全年新收政府信息公开申请3件，上年结转1件；办结2件，其中逾期答复1件；结转下年度继续办理2件。"
    )
    tables = data["tables"]
    assert _rows(tables["proactive_documents"]) == {"规章": ["0", "0", "0"], "行政规范性文件": ["1", "1", "1"]}
    assert _rows(tables["proactive_decisions"]) == {"行政许可": ["0"], "行政处罚": ["1"], "行政强制": ["0"]}
    requests = _rows(tables["requests"])
    assert requests["一、本年新收政府信息公开申请数量"] == ["2", "1", "0", "0", "0", "0", "3"]
    assert requests["二、上年结转政府信息公开申请数量"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert requests["三、本年度办理结果"] is None
    assert requests["（一）予以公开"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert requests["6. 属于四类过程性信息"] == ["0", "1", "0", "0", "0", "0", "1"]
    assert requests["（七）总计"] == ["1", "1", "0", "0", "0", "0", "2"]
    assert requests["四、结转下年度继续办理"] == ["2", "0", "0", "0", "0", "0", "2"]
    assert tables["remedies"]["rows"] == [{"label": "", "level": 0, "cells": ["0"] * 15}]
    assert [[c["text"] for c in row] for row in tables["remedies"]["head"]][0] == ["行政复议", "行政诉讼"]
    # The catalogue keeps no fee amounts: said in Chinese, listed for the leader, never a number.
    assert tables["proactive_fees"]["missing"] == "（暂无“行政事业性收费金额”的记录数据）"
    assert data["missing"] == ["disclosure.table.proactive_fees"]
    assert report.missing_labels() == [("disclosure.table.proactive_fees", "行政事业性收费金额")]
    # Only the figures it prints go to its appendix.
    assert {f.metric_id for g in appendix_groups(report) for f in g["rows"]} == {
        "disclosure.proactive_documents", "disclosure.requests_received", "disclosure.requests_carried_in",
        "disclosure.requests_closed", "disclosure.replies_late", "disclosure.requests_carried_forward",
    }  # fmt: skip
    assert [d["due_on"] for d in data["deadlines"]] == ["2024-01-31", "2024-01-31"]


@pytest.mark.django_db
def test_政府信息公开年报_Word表头按格式合并(disclosure_records):
    from docx import Document

    document = Document(io.BytesIO(render_docx(build_report("disclosure", 2023, bureau="测试局"), charts=[])))
    table = next(t for t in document.tables if t.cell(0, 0).text.startswith("（本列数据的勾稽关系"))
    assert table.cell(0, 0)._tc is table.cell(2, 0)._tc  # the corner over the three head rows
    assert table.cell(0, 1)._tc is table.cell(0, 7)._tc and table.cell(0, 1).text == "申请人情况"
    assert table.cell(1, 1)._tc is table.cell(2, 1)._tc and table.cell(1, 1).text == "自然人"
    assert table.cell(1, 2)._tc is table.cell(1, 6)._tc and table.cell(1, 2).text == "法人或其他组织"
    assert [table.cell(2, i).text for i in range(2, 7)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    body = {row.cells[0].text.strip("　"): [c.text for c in row.cells[1:]] for row in table.rows[3:]}
    assert body["一、本年新收政府信息公开申请数量"] == ["2", "1", "0", "0", "0", "0", "3"]
    assert body["三、本年度办理结果"] == ["三、本年度办理结果"] * 7  # a heading row: one cell across
    remedies = next(t for t in document.tables if t.cell(0, 0).text == "行政复议")
    assert remedies.cell(0, 5).text == "行政诉讼" and remedies.cell(0, 5)._tc is remedies.cell(0, 14)._tc
    assert remedies.cell(1, 5).text == "未经复议直接起诉" and remedies.cell(1, 10).text == "复议后起诉"
    assert [c.text for c in remedies.rows[3].cells] == ["0"] * 15
    text = "\n".join(p.text for p in document.paragraphs)
    assert "（暂无“行政事业性收费金额”的记录数据）" in text
    assert "disclosure." not in text and "disclosure." not in "".join(c.text for t in document.tables for c in t._cells)


@pytest.mark.django_db
def test_政府信息公开年报_网页版表格(disclosure_records):
    html = render_html(build_report("disclosure", 2023, bureau="测试局"), charts=[])
    assert '<th rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>' in html
    assert '<th colspan="7">申请人情况</th>' in html
    assert '<tr class="heading"><td colspan="8" class="level-0">三、本年度办理结果</td></tr>' in html
    assert "disclosure.table" not in html


@pytest.mark.django_db
def test_政府信息公开年报_起草_审定时冻结表格(disclosure_records, role_users):
    officer, leader = role_users["legal_reviewer"], role_users["leader"]
    draft = services.draft_open(kind="disclosure", year=2023, actor=officer)
    keys = list(draft.paragraphs.values_list("key", flat=True))
    assert "problems.finding.late_replies" in keys  # one late reply in 2023: proposed as a problem
    write_own_parts(draft, officer)
    services.draft_submit(draft=draft, actor=officer)
    draft.refresh_from_db()
    services.draft_approve(draft=draft, opinion="同意", actor=leader, acknowledge_missing=True)
    disclosure_records(D(2023, 7, 1))  # a request entered after the approval
    frozen = selectors.report_for("disclosure", 2023).as_json()["tables"]["requests"]
    live = build_report("disclosure", 2023).as_json()["tables"]["requests"]
    assert _rows(frozen)["一、本年新收政府信息公开申请数量"][-1] == "3"
    assert _rows(live)["一、本年新收政府信息公开申请数量"][-1] == "4"


@pytest.mark.django_db
def test_命令_fazhi_report_disclosure_输出JSON(disclosure_records):
    out = io.StringIO()
    call_command("report", "disclosure", "--year", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["kind"] == "disclosure"
    assert data["metrics"]["disclosure.requests_received"] == 3
    assert data["missing"] == ["disclosure.table.proactive_fees"]
    assert _rows(data["tables"]["requests"])["（七）总计"][-1] == "2"


def test_每个模板_表格取自已登记的统计表_占位符都是已登记的数字():
    from fazhi.core.metrics import SERIES
    from fazhi.reports.spec import available_kinds, load_spec

    assert {"rule_of_law", "disclosure"} <= set(available_kinds())
    for kind in available_kinds():
        spec = load_spec(kind)
        assert [t.source for t in spec.tables if t.source and t.source not in TABLES] == [], kind
        assert [m for m in spec.metric_ids() if m not in METRICS and m not in SERIES] == [], kind
