"""The disclosure figures of the annual report (seed-figures.md § Oversight) and the figures the annual disclosure
report (政府信息公开工作年度报告) needs; definitions in ``selectors``."""

from __future__ import annotations

from fazhi.core.metrics import TableData, TableRow, register_metric, register_table
from fazhi.disclosure import selectors

register_metric(
    "disclosure.proactive_documents", "主动公开政府信息（件）", module="disclosure",
    compute=selectors.proactive_documents, records=selectors.proactive_records,
    definition="当年公开日期在1月1日至12月31日之间、列入主动公开目录的政府信息件数（含其后撤回的）",
)  # fmt: skip
register_metric(
    "disclosure.requests_closed", "办结政府信息公开申请（件）", module="disclosure",
    compute=selectors.requests_closed, records=selectors.closed_records,
    definition="当年作出答复（含逾期不补正不再处理）的政府信息公开申请件数，按答复日期计",
)  # fmt: skip
register_metric(
    "disclosure.requests_received", "新收政府信息公开申请（件）", module="disclosure",
    compute=selectors.requests_received, records=selectors.received_records,
    definition="收到申请之日（政府信息公开条例第三十一条）在当年的申请件数",
)  # fmt: skip
register_metric(
    "disclosure.requests_carried_in", "上年结转政府信息公开申请（件）", module="disclosure",
    compute=selectors.requests_carried_in, records=selectors.carried_in_records,
    definition="上一年度及以前收到、当年1月1日尚未答复的申请件数",
)  # fmt: skip
register_metric(
    "disclosure.requests_carried_forward", "结转下年度继续办理的申请（件）", module="disclosure",
    compute=selectors.requests_carried_forward, records=selectors.carried_forward_records,
    definition="当年12月31日及以前收到、至12月31日尚未答复的申请件数",
)  # fmt: skip
register_metric(
    "disclosure.replies_late", "逾期答复的政府信息公开申请（件）", module="disclosure",
    compute=selectors.replies_late, records=selectors.late_records,
    definition="当年答复、答复日期晚于答复期限（含延长、扣除征求意见时间）的申请件数",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# The tables of the annual disclosure report (国办公开办函〔2021〕30号), registered for the reports engine
# (fazhi/reports/specs/disclosure.yaml places them and draws their heads). Rows and counts: ``selectors``.

DOCUMENT_COLUMNS = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
REMEDY_BLOCKS = (("reconsideration", "行政复议"), ("direct", "未经复议直接起诉"), ("after", "复议后起诉"))
REMEDY_RESULTS = ("kept", "corrected", "other", "pending", "total")


def proactive_documents_table(year: int) -> TableData:
    rows = [r for r in selectors.proactive_table(year) if r["kind"] == "documents"]
    return TableData(
        columns=DOCUMENT_COLUMNS,
        rows=[TableRow(r["label"], r["label"], {k: r[k] for k, _ in DOCUMENT_COLUMNS}) for r in rows],
    )


def proactive_decisions_table(year: int) -> TableData:
    rows = [r for r in selectors.proactive_table(year) if r["kind"] == "decisions"]
    return TableData(
        columns=(("count", "本年处理决定数量"),),
        rows=[TableRow(r["label"], r["label"], {"count": r["count"]}) for r in rows],
    )


def proactive_fees_table(year: int) -> None:
    """行政事业性收费 is reported as an amount (万元); the catalogue keeps fee notices, not the amounts charged."""
    return None


def requests_table(year: int) -> TableData:
    data = selectors.requests_table(year)
    keys = [c["id"] for c in data["columns"]]
    columns = [(c["id"], c["label"]) for c in data["columns"]] + [("total", "总计")]
    rows = []
    for n, r in enumerate(data["rows"], start=1):
        cells = None
        if r["cells"] is not None:
            cells = {**dict(zip(keys, r["cells"], strict=True)), "total": r["total"]}
        rows.append(TableRow(f"row{n}", r["label"], cells, r["level"]))
    return TableData(columns=columns, rows=rows)


def remedies_table(year: int) -> TableData:
    data = selectors.remedies_table(year)
    columns = [
        (f"{block}.{result}", header)
        for block, _ in REMEDY_BLOCKS
        for result, header in zip(REMEDY_RESULTS, data["headers"], strict=True)
    ]
    cells = {
        f"{block}.{result}": value
        for block, _ in REMEDY_BLOCKS
        for result, value in zip(REMEDY_RESULTS, data[block], strict=True)
    }
    return TableData(columns=columns, rows=[TableRow("all", "", cells)])


register_table(
    "disclosure.table.proactive_documents", "主动公开的规章和规范性文件", module="disclosure",
    compute=proactive_documents_table,
    definition="列入主动公开目录的规章、行政规范性文件：当年公开的件数、当年撤回（废止）的件数、12月31日现行有效的件数",
)  # fmt: skip
register_table(
    "disclosure.table.proactive_decisions", "主动公开的行政许可、行政处罚、行政强制决定", module="disclosure",
    compute=proactive_decisions_table,
    definition="当年公开日期在1月1日至12月31日之间、列入主动公开目录的行政许可、行政处罚、行政强制决定件数",
)  # fmt: skip
register_table(
    "disclosure.table.proactive_fees", "行政事业性收费金额", module="disclosure", compute=proactive_fees_table,
    unit="yuan", definition="当年收取的行政事业性收费金额（系统尚未登记收费金额）",
)  # fmt: skip
register_table(
    "disclosure.table.requests", "收到和处理政府信息公开申请情况", module="disclosure", compute=requests_table,
    definition="按申请人类别统计的新收、上年结转、当年办理结果（按答复类型）和结转下年度的申请件数",
)  # fmt: skip
register_table(
    "disclosure.table.remedies", "政府信息公开行政复议、行政诉讼情况", module="disclosure", compute=remedies_table,
    definition="以政府信息公开答复为被复议、被诉行为的行政复议和行政诉讼：当年审结的按结果分类，12月31日尚未审结的另计",
)  # fmt: skip
