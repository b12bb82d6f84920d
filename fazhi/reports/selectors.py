"""Reads for the dashboard: every registered metric for a year, grouped by module, with the year before."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fazhi.core.metrics import METRICS, Metric, Value, format_value

# The order of the dashboard's groups and the report's appendix; a module not listed here comes after them under
# its app's Chinese name (AppConfig.verbose_name).
MODULE_LABELS = {
    "registry": "登记注册",
    "powers": "权责清单",
    "inspections": "双随机、一公开",
    "cases": "行政处罚",
    "sampling": "抽检与专项整治",
    "complaints": "投诉举报",
    "credit": "信用监管",
    "file_reviews": "案卷评查",
    "remedies": "行政复议与行政诉讼",
    "disclosure": "政府信息公开",
    "normative_docs": "规范性文件",
    "major_decisions": "重大行政决策",
    "legal_affairs": "法律事务",
    "activities": "学法普法",
    "exams": "学法用法考试",
}


def module_label(module: str) -> str:
    if module in MODULE_LABELS:
        return MODULE_LABELS[module]
    from django.apps import apps

    try:
        return str(apps.get_app_config(module).verbose_name)
    except LookupError:
        return module


@dataclass(frozen=True)
class MetricRow:
    metric: Metric
    value: Value
    previous: Value

    @property
    def display(self) -> str:
        return format_value(self.metric, self.value)

    @property
    def previous_display(self) -> str:
        return format_value(self.metric, self.previous)

    @property
    def bar(self) -> int:
        """Width (0–100) of this year's bar relative to the larger of the two years."""
        if self.value is None:
            return 0
        top = max(Decimal(self.value), Decimal(self.previous or 0))
        return int(Decimal(self.value) * 100 / top) if top else 0

    @property
    def previous_bar(self) -> int:
        if self.previous is None:
            return 0
        top = max(Decimal(self.value or 0), Decimal(self.previous))
        return int(Decimal(self.previous) * 100 / top) if top else 0


def dashboard(year: int) -> list[dict]:
    groups: dict[str, list[MetricRow]] = {}
    for metric_id in sorted(METRICS):
        metric = METRICS[metric_id]
        value = metric.value(year)
        previous = metric.value(year - 1) if metric.unit != "percent" else None
        groups.setdefault(metric.module, []).append(MetricRow(metric, value, previous))
    order = list(MODULE_LABELS)
    return [
        {"module": m, "label": module_label(m), "rows": rows}
        for m, rows in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]


# ---------------------------------------------------------------- the annual reports


def draft_for(kind: str, year: int):
    from fazhi.reports.models import ReportDraft

    return ReportDraft.objects.filter(kind=kind, year=year).first()


def current_approval(draft):
    return draft.approvals.filter(superseded=False).order_by("-number").select_related("approved_by").first()


def report_for(kind: str, year: int, *, bureau: str | None = None, today=None):
    """The report as the bureau has it: the approved copy (frozen text and figures) once approved or published,
    else the draft's text with live figures, else the template's starting text with live figures."""
    from fazhi.reports.annual import build_report
    from fazhi.reports.services import written_paragraphs

    draft = draft_for(kind, year)
    if draft is None:
        return build_report(kind, year, bureau=bureau, today=today)
    if draft.status in ("approved", "published"):
        approval = current_approval(draft)
        if approval is not None:
            return report_from_approval(approval, bureau=bureau, today=today)
    return build_report(kind, year, written=written_paragraphs(draft), bureau=bureau, today=today, status=draft.status)


def report_from_approval(approval, *, bureau: str | None = None, today=None):
    from fazhi.reports.annual import Figures, WrittenParagraph, build_report

    draft = approval.draft
    return build_report(
        draft.kind,
        draft.year,
        figures=Figures.from_json(approval.figures),
        written=[WrittenParagraph(**p) for p in approval.paragraphs],
        bureau=bureau,
        today=today,
        status="published" if approval.published_at else "approved",
        approved_by=str(approval.approved_by),
        approved_at=approval.approved_at,
    )


def published_reports():
    from fazhi.reports.models import ReportApproval

    return (
        ReportApproval.objects.filter(published_at__isnull=False)
        .select_related("draft")
        .order_by("-draft__year", "draft__kind", "-number")
    )


def published_report(kind: str, year: int):
    """The latest published approval of a year's report (the public copy), or None."""
    return published_reports().filter(draft__kind=kind, draft__year=year).first()


def draft_list():
    from fazhi.reports.models import ReportDraft

    return ReportDraft.objects.order_by("-year", "kind")


def paragraph_history(paragraph):
    return paragraph.versions.select_related("author").order_by("-number")


def figure_records(metric_id: str, year: int):
    """The records a figure counts (the metric's own ``records`` query), or None when the metric has none."""
    metric = METRICS.get(metric_id)
    if metric is None or metric.records is None:
        return None
    return metric.records(year)
