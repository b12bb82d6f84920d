"""The annual 法治政府建设年度报告, drafted from the metric catalogue.

The report is a list of sections; each paragraph is a list of :class:`Run` pieces — plain text, a figure
computed by a registered metric, a placeholder for a metric that is not registered or returned None
(``【暂无数据：metric.id】``, never an invented number), or a ``【待填写】`` slot the bureau writes itself
(存在的不足, 下一步工作打算). The .docx, .pdf and JSON renderings all read this one structure, so they say the
same thing. The layout follows the reference report (seed/000_…: 东丽区市场监督管理局 2023 年度报告).

Figures read only the catalogue (``fazhi.core.metrics``), i.e. other apps' selectors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from fazhi.core.metrics import METRICS, Metric, Value, compute_all, yoy

RunKind = Literal["text", "figure", "missing", "todo"]
TODO = "【待填写】"


def missing_text(metric_id: str) -> str:
    return f"【暂无数据：{metric_id}】"


@dataclass(frozen=True)
class Run:
    text: str
    kind: RunKind = "text"
    metric_id: str = ""


@dataclass
class Paragraph:
    key: str
    lead: str  # the bold lead-in, e.g. "1.全面落实清单管理制度。"
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.lead + "".join(r.text for r in self.runs)

    @property
    def metric_ids(self) -> list[str]:
        return [r.metric_id for r in self.runs if r.metric_id]


@dataclass
class Section:
    key: str
    title: str
    level: int  # 1 = 一、…; 2 = （一）…
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class FigureValue:
    metric_id: str
    label: str
    module: str
    unit: str
    value: Value
    previous: Value
    change: Decimal | None  # year-on-year change in percent

    @property
    def text(self) -> str:
        return phrase_value(self.unit, self.value) if self.value is not None else missing_text(self.metric_id)

    @property
    def previous_text(self) -> str:
        return phrase_value(self.unit, self.previous) if self.previous is not None else "—"

    @property
    def change_text(self) -> str:
        return f"{_plain(self.change)}%" if self.change is not None else "—"


@dataclass
class AnnualReport:
    year: int
    bureau: str
    title: str
    generated_on: dt.date
    intro: list[Run]
    sections: list[Section]
    figures: dict[str, FigureValue]
    signature_date: str

    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []

        def walk(section: Section) -> None:
            out.extend(section.paragraphs)
            for child in section.children:
                walk(child)

        for s in self.sections:
            walk(s)
        return out

    @property
    def missing(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self.paragraphs():
            for r in p.runs:
                if r.kind == "missing":
                    seen[r.metric_id] = None
        return list(seen)

    def as_json(self) -> dict[str, Any]:
        """Stable, machine-readable form: ``metrics`` keyed by metric id (every registered metric and every
        metric the text refers to), ``paragraphs`` keyed by paragraph key."""
        return {
            "year": self.year,
            "bureau": self.bureau,
            "title": self.title,
            "generated_on": self.generated_on.isoformat(),
            "metrics": {k: json_number(f.value) for k, f in sorted(self.figures.items())},
            "figures": {
                k: {
                    "label": f.label,
                    "module": f.module,
                    "unit": f.unit,
                    "registered": k in METRICS,
                    "value": json_number(f.value),
                    "previous": json_number(f.previous),
                    "yoy": json_number(f.change),
                    "text": f.text,
                }
                for k, f in sorted(self.figures.items())
            },
            "missing": self.missing,
            "intro": "".join(r.text for r in self.intro),
            "paragraphs": {p.key: p.text for p in self.paragraphs()},
            "paragraph_metrics": {p.key: p.metric_ids for p in self.paragraphs()},
            "outline": [_outline(s) for s in self.sections],
        }


def _outline(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "paragraphs": [p.key for p in section.paragraphs],
        "children": [_outline(c) for c in section.children],
    }


def json_number(value: Value) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return int(value)


# ---------------------------------------------------------------- phrasing


def _plain(d: Decimal, places: int = 2) -> str:
    """12.50 → 12.5, 100.00 → 100: the report writes numbers without trailing zeros or separators."""
    q = d.quantize(Decimal(1).scaleb(-places))
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def phrase_value(unit: str, value: Value, suffix: str = "") -> str:
    """A value as the report writes it: 14163户, 605.14万元, 100%."""
    if value is None:
        raise ValueError("phrase_value needs a value")
    if unit == "percent":
        return f"{_plain(Decimal(value))}%"
    if unit == "yuan":
        amount = Decimal(value)
        if abs(amount) >= 10000:
            return f"{_plain(amount / 10000)}万元"
        return f"{_plain(amount)}元"
    return f"{value}{suffix}"


def phrase_change(change: Decimal) -> str:
    if change > 0:
        return f"同比增长{_plain(change)}%"
    if change < 0:
        return f"同比下降{_plain(-change)}%"
    return "与上年持平"


@dataclass(frozen=True)
class N:
    """A figure in a paragraph template: metric id, measure word, and whether to add the 同比 change."""

    metric_id: str
    suffix: str = ""
    change: bool = False


Piece = str | N


@dataclass(frozen=True)
class ParagraphSpec:
    key: str
    lead: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    paragraphs: tuple[ParagraphSpec, ...]


def P(key: str, lead: str, *pieces: Piece) -> ParagraphSpec:  # reads like the text it builds
    return ParagraphSpec(key, lead, pieces)


# The reference report's sentences, with each number replaced by its metric. Keys are stable (JSON output).
WORK_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "powers",
        "全面落实权责清单管理制度",
        (
            P(
                "powers.list",
                "1.动态调整完善权责清单。",
                "全年权责清单动态调整涉及调整职权",
                N("powers.adjusted", "项"),
                "，调整后我局共有职权",
                N("powers.total", "项"),
                "。",
            ),
            P(
                "powers.exemptions",
                "2.严格落实免罚清单和不予实施行政强制措施清单。",
                "免罚轻微违法案件",
                N("cases.exempted_minor", "件"),
                "，免予行政强制",
                N("cases.coercion_waived", "件"),
                "。",
            ),
            P(
                "registry.business_environment",
                "3.持续优化营商环境。",
                "“证照分离”改革实行告知承诺事项",
                N("permits.notify_commit", "件"),
                "、改为备案",
                N("permits.filing_instead", "件"),
                "，优化审批服务事项",
                N("permits.optimised", "件"),
                "。全区新登记各类市场主体",
                N("registry.entities_new", "户", change=True),
                "，现有市场主体",
                N("registry.entities_total", "户", change=True),
                "。",
            ),
        ),
    ),
    SectionSpec(
        "inspections",
        "深入开展“双随机、一公开”监管",
        (
            P(
                "inspections.joint",
                "1.部门联合抽查。",
                N("inspections.joint.member_units", "家"),
                "成员单位制定完成年度部门联合抽查计划，涉及",
                N("inspections.joint.domains", "个"),
                "领域、",
                N("inspections.joint.items", "项"),
                "抽查事项，共检查市场主体",
                N("inspections.joint.entities_checked", "户", change=True),
                "，出动执法检查人员",
                N("inspections.joint.inspector_visits", "人次"),
                "，发现问题",
                N("inspections.joint.entities_with_problems", "户"),
                "。",
            ),
            P(
                "inspections.internal",
                "2.内部随机抽查。",
                "各监管部门开展内部抽查，检查市场主体",
                N("inspections.internal.entities_checked", "户", change=True),
                "，发现问题",
                N("inspections.internal.entities_with_problems", "户"),
                "，立案处罚",
                N("inspections.cases_filed", "件"),
                "，罚款金额",
                N("inspections.fines_yuan"),
                "。",
            ),
        ),
    ),
    SectionSpec(
        "credit",
        "强化信用监管",
        (
            P(
                "credit.abnormal",
                "1.经营异常名录管理。",
                "依法列入经营异常名录企业",
                N("credit.abnormal_listed.enterprises", "户", change=True),
                "（未年报",
                N("credit.abnormal_listed.enterprises_no_annual_report", "户"),
                "），标记为异常状态个体工商户",
                N("credit.abnormal_marked.individuals", "户"),
                "（未年报",
                N("credit.abnormal_marked.individuals_no_annual_report", "户"),
                "）；依法移出经营异常名录企业",
                N("credit.abnormal_removed.enterprises", "户"),
                "，移出经营异常名录个体工商户",
                N("credit.abnormal_removed.individuals", "户"),
                "。",
            ),
            P(
                "credit.dishonesty",
                "2.失信惩戒与信用修复。",
                "撤销冒用身份信息登记",
                N("credit.fraudulent_registrations_revoked", "户"),
                "，完成行政处罚信息信用修复",
                N("credit.repairs_completed", "件"),
                "，列入严重违法失信名单",
                N("credit.serious_list_added", "户"),
                "。",
            ),
        ),
    ),
    SectionSpec(
        "cases",
        "严格规范公正文明执法，严厉打击违法行为",
        (
            P(
                "cases.overall",
                "1.执法办案总体情况。",
                "全年查处各类违法案件",
                N("cases.closed_with_penalty", "件", change=True),
                "，罚没款",
                N("cases.fines_confiscations_yuan", change=True),
                "，移送公安机关",
                N("cases.transferred_to_police", "件"),
                "。法制审核重大行政执法决定",
                N("legal_review.major_decisions", "件"),
                "。",
            ),
            P(
                "cases.domains",
                "2.重点领域执法。",
                "查办食品案件",
                N("cases.by_domain.food", "件", change=True),
                "；查处“两品一械”违法案件",
                N("cases.by_domain.drugs_cosmetics_devices", "件"),
                "；查处特种设备违法违规案件",
                N("cases.by_domain.special_equipment", "件"),
                "，罚没款",
                N("cases.by_domain.special_equipment_fines_yuan"),
                "；查办工业产品质量安全案件",
                N("cases.by_domain.product_quality", "件"),
                "；查办知识产权行政案件",
                N("cases.by_domain.intellectual_property", "件"),
                "，调解知识产权侵权纠纷",
                N("ip.mediations", "起"),
                "。",
            ),
            P(
                "sampling.checks",
                "3.抽检与专项检查。",
                "开展食品专项执法检查",
                N("campaigns.food_special_inspections", "次"),
                "，完成食品抽样检测",
                N("sampling.food_batches", "批次"),
                "；完成药品",
                N("sampling.drug_batches", "批次"),
                "、化妆品",
                N("sampling.cosmetic_batches", "批次"),
                "、医疗器械",
                N("sampling.device_batches", "批次"),
                "监督抽检任务；完成",
                N("campaigns.elevator_maintainers_checked", "家"),
                "电梯维保单位维保质量抽查；质量监督抽查",
                N("sampling.product_categories", "类"),
                N("sampling.product_batches", "批次"),
                "产品。",
            ),
        ),
    ),
    SectionSpec(
        "complaints",
        "依法处理投诉举报，维护消费者合法权益",
        (
            P(
                "complaints.overall",
                "",
                "全年共受理消费者投诉举报",
                N("complaints.received", "件", change=True),
                "，按时办结率达",
                N("complaints.on_time_rate"),
                "，为消费者挽回经济损失",
                N("complaints.recovered_yuan"),
                "；区党群网格服务综合信息平台共受理各类工单",
                N("complaints.grid_work_orders", "件"),
                "。",
            ),
        ),
    ),
    SectionSpec(
        "oversight",
        "强化行政执法监督，自觉接受监督制约",
        (
            P(
                "oversight.file_reviews",
                "1.开展行政执法监督。",
                "组织开展行政执法案卷评查",
                N("file_reviews.rounds", "次"),
                "，评查执法案卷",
                N("file_reviews.files", "卷"),
                "，报送上级机关案卷评查",
                N("file_reviews.files_sent_up", "卷"),
                "。",
            ),
            P(
                "oversight.reconsideration_litigation",
                "2.组织行政复议和行政应诉。",
                "办理行政复议案件",
                N("reconsiderations.handled", "件"),
                "，办理行政诉讼案件",
                N("litigation.handled", "件"),
                "。行政机关负责人出庭应诉",
                N("litigation.head_appearances", "次"),
                "，出庭应诉率",
                N("litigation.head_appearance_rate"),
                "。",
            ),
            P(
                "oversight.disclosure",
                "3.落实多层面监督制约机制。",
                "满意办结政协提案",
                N("proposals.closed", "件"),
                "，主动公开文件",
                N("disclosure.proactive_documents", "件"),
                "，办结信息公开申请",
                N("disclosure.requests_closed", "件"),
                "。",
            ),
            P(
                "oversight.decisions",
                "4.推进依法科学民主决策。",
                "清理规范性文件",
                N("normative_docs.cleaned", "件"),
                "；作出重大行政决策事项",
                N("major_decisions.made", "项"),
                "；局公职律师和法律顾问办理法律事务",
                N("legal_affairs.handled", "件"),
                "。",
            ),
        ),
    ),
    SectionSpec(
        "activities",
        "深入学法普法，营造法治氛围",
        (
            P(
                "activities.study",
                "1.强化理论武装。",
                "党委理论学习中心组集体学法",
                N("study.party_group_sessions", "次"),
                "，党委会传达学习习近平法治思想和相关会议精神",
                N("study.committee_briefings", "次"),
                "，组织党员干部集中学习",
                N("study.cadre_sessions", "次"),
                "，局长办公会开展会前学法",
                N("study.pre_meeting_sessions", "次"),
                "。",
            ),
            P(
                "activities.leadership",
                "2.履行推进法治建设第一责任人职责。",
                "主要负责人主持局党委会",
                N("meetings.party_committee", "次"),
                "、局长办公会",
                N("meetings.directors_office", "次"),
                "，研究审议推动法治建设工作。",
            ),
            P(
                "activities.training",
                "3.抓好重点对象学法用法。",
                "组织",
                N("training.exam_takers", "名"),
                "干部参加国家工作人员学法用法考试，参考率",
                N("training.exam_participation_rate"),
                "，考试合格率",
                N("training.exam_pass_rate"),
                "。开办业务知识大讲堂",
                N("training.lecture_sessions", "期"),
                "，培训",
                N("training.lecture_attendance", "人次"),
                "。",
            ),
            P(
                "activities.publicity",
                "4.创新普法方式。",
                "在局政务微信刊发信息",
                N("publicity.wechat_issues", "期"),
                "，在各级主流媒体刊发新闻稿件",
                N("publicity.media_articles", "篇"),
                "；局政务微信、政务微博、局官网发布信息",
                N("publicity.online_posts", "条"),
                "；发布以案释法典型案例",
                N("publicity.typical_cases", "件"),
                "。",
            ),
        ),
    ),
)

CN_ORDINALS = "一二三四五六七八九十"


def _figure(metric_id: str, values: dict[str, Value], previous: dict[str, Value]) -> FigureValue:
    metric: Metric | None = METRICS.get(metric_id)
    value = values.get(metric_id)
    prev = previous.get(metric_id)
    if metric is None:
        return FigureValue(metric_id, "", "", "count", None, None, None)
    change: Decimal | None = None
    # A metric's own "<id>_yoy" (e.g. registry.entities_new_yoy) wins: its module defined what the change means.
    own = f"{metric_id}_yoy"
    if own in METRICS:
        raw = values.get(own)
        change = Decimal(raw) if raw is not None else None
    elif metric.unit != "percent":
        change = yoy(value, prev)
    return FigureValue(metric_id, metric.label, metric.module, metric.unit, value, prev, change)


def _runs(spec: ParagraphSpec, figures: dict[str, FigureValue]) -> list[Run]:
    runs: list[Run] = []
    for piece in spec.pieces:
        if isinstance(piece, str):
            runs.append(Run(piece))
            continue
        f = figures[piece.metric_id]
        if f.value is None:
            runs.append(Run(missing_text(piece.metric_id), "missing", piece.metric_id))
            continue
        text = phrase_value(f.unit, f.value, piece.suffix)
        if piece.change and f.change is not None:
            text += f"，{phrase_change(f.change)}"
        runs.append(Run(text, "figure", piece.metric_id))
    return runs


def referenced_metric_ids() -> list[str]:
    ids: dict[str, None] = {}
    for section in WORK_SECTIONS:
        for p in section.paragraphs:
            for piece in p.pieces:
                if isinstance(piece, N):
                    ids[piece.metric_id] = None
    return list(ids)


def build_annual_report(year: int, *, bureau: str | None = None, today: dt.date | None = None) -> AnnualReport:
    """Draft the year's report: every number is a registered metric's value for ``year`` (with the change
    against ``year - 1`` where it means something); unknown figures become ``【暂无数据：id】``."""
    from django.conf import settings

    from fazhi.core.clock import legal_today

    bureau = bureau or settings.FAZHI_BUREAU_NAME
    today = today or legal_today()
    values = compute_all(year)
    previous = {k: METRICS[k].compute(year - 1) for k in values if METRICS[k].unit != "percent"}
    ids = list(dict.fromkeys([*values, *referenced_metric_ids()]))
    figures = {k: _figure(k, values, previous) for k in ids}

    work = Section("work", f"一、{year}年法治政府建设工作开展情况", 1)
    for i, spec in enumerate(WORK_SECTIONS):
        child = Section(spec.key, f"（{CN_ORDINALS[i]}）{spec.title}", 2)
        child.paragraphs = [Paragraph(p.key, p.lead, _runs(p, figures)) for p in spec.paragraphs]
        work.children.append(child)
    shortcomings = Section("shortcomings", "二、存在的不足", 1)
    shortcomings.paragraphs = [
        Paragraph(
            "shortcomings",
            "",
            [Run(TODO, "todo"), Run("（由本局结合年度工作实际撰写，系统不生成此部分内容。）", "todo")],
        )
    ]
    plans = Section("plans", f"三、{year + 1}年工作打算", 1)
    plans.paragraphs = [
        Paragraph(
            "plans",
            "",
            [Run(TODO, "todo"), Run("（由本局结合上级部署和本年度不足撰写，系统不生成此部分内容。）", "todo")],
        )
    ]
    intro = [
        Run(f"{year}年，{bureau}深入学习贯彻习近平法治思想，全面推进法治市场监管建设。"),
        Run(f"现将{year}年度法治政府建设情况报告如下。"),
    ]
    return AnnualReport(
        year=year,
        bureau=bureau,
        title=f"{year}年法治政府建设年度报告",
        generated_on=today,
        intro=intro,
        sections=[work, shortcomings, plans],
        figures=figures,
        signature_date=f"{year + 1}年　月　日",
    )
