"""Report screens: the leaders' dashboard, the annual reports (write, submit, approve, publish, download), and the
records behind each figure."""

from __future__ import annotations

import json
from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fazhi.core import pages, revision
from fazhi.core.access import may_open, staff_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import NotFound
from fazhi.core.metrics import METRICS, SERIES, compute_all
from fazhi.core.roles import user_can
from fazhi.core.views import posted_revision, run_action, run_form
from fazhi.reports import selectors, services, workflow
from fazhi.reports.annual import unwritten_parts
from fazhi.reports.charts import dashboard_charts
from fazhi.reports.choices import DraftStatus, report_kinds
from fazhi.reports.documents import FORMATS, linkable_metrics
from fazhi.reports.documents import render as render_document
from fazhi.reports.models import ReportParagraph
from fazhi.reports.selectors import dashboard as dashboard_rows
from fazhi.reports.spec import load_spec


def _year(request) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else legal_today().year - 1
    return min(max(year, 2000), legal_today().year)


def _check_year(year: int) -> None:
    if not 2000 <= year <= legal_today().year:
        raise NotFound("该年度的报告")


def _kind(kind: str) -> str:
    if kind not in report_kinds():
        raise NotFound("这种年度报告")
    return kind


@staff_view("reports.view")
def dashboard(request):
    year = _year(request)
    years = list(range(legal_today().year, legal_today().year - 6, -1))
    return render(
        request,
        "reports/dashboard.html",
        {"year": year, "years": years, "groups": dashboard_rows(year), "charts": dashboard_charts(year)},
    )


@staff_view("reports.view")
def metrics_json(request):
    year = _year(request)
    values = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in compute_all(year).items()}
    return HttpResponse(
        json.dumps({"year": year, "metrics": values}, ensure_ascii=False), content_type="application/json"
    )


def _download(report, fmt: str, *, filename: str) -> HttpResponse:
    data = render_document(report, fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    if fmt in ("docx", "pdf"):
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@staff_view("reports.view")
def annual(request, year: int, fmt: str):
    """The 法治政府建设年度报告 of ``year`` as the bureau has it now (kept for the links that exist)."""
    return report_file(request, kind="rule_of_law", year=year, fmt=fmt)


@staff_view("reports.view")
def report_file(request, kind: str, year: int, fmt: str):
    """The report as .docx, .pdf, .html (figures open their records) or .json."""
    _kind(kind)
    _check_year(year)
    if fmt not in FORMATS:
        raise NotFound("这种格式")
    report = selectors.report_for(kind, year)
    stage = {"approved": "审定稿", "published": "公开稿"}.get(report.status, "工作稿")
    return _download(report, fmt, filename=f"{report.title}（{stage}）.{fmt}")


@staff_view("reports.view")
def report_list(request):
    today = legal_today()
    drafts = {(d.kind, d.year): d for d in selectors.draft_list()}
    rows = []
    for year in range(today.year, today.year - 4, -1):
        for kind, name in report_kinds().items():
            spec = load_spec(kind)
            draft = drafts.get((kind, year))
            due = [
                {"label": d.label, "on": f"{year + 1}年{d.month}月{d.day}日", "citation": d.citation}
                for d in spec.deadlines
            ]
            rows.append({"kind": kind, "name": name, "year": year, "draft": draft, "due": due})
    return render(
        request, "reports/report_list.html", {"rows": rows, "can_edit": user_can(request.user, "reports.edit")}
    )


class OpenForm(forms.Form):
    kind = forms.ChoiceField(choices=lambda: list(report_kinds().items()))
    year = forms.IntegerField(min_value=2000, max_value=2100)


@require_POST
@staff_view("reports.edit")
def draft_open(request):
    form = OpenForm(request.POST)
    if not form.is_valid():
        raise NotFound("这种年度报告")
    kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    run_action(request, lambda: services.draft_open(kind=kind, year=year, actor=request.user), success="已起草")
    return redirect("reports:draft", kind=kind, year=year)


class ParagraphForm(forms.Form):
    lead = forms.CharField(label="段首标题", max_length=services.MAX_LEAD_CHARS, required=False)
    text = forms.CharField(
        label="正文", max_length=services.MAX_PARAGRAPH_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


class StepForm(forms.Form):
    opinion = forms.CharField(label="意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    acknowledge_missing = forms.BooleanField(label="已知悉上列暂无数据的项目", required=False)
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


def _draft_or_404(kind: str, year: int):
    draft = selectors.draft_for(_kind(kind), year)
    if draft is None:
        raise NotFound("该年度报告稿")
    return draft


@staff_view("reports.view")
def draft(request, kind: str, year: int):
    """One year's report: the text part by part (editable while 撰写中), what is missing, the workflow."""
    _kind(kind)
    _check_year(year)
    spec = load_spec(kind)
    the_draft = selectors.draft_for(kind, year)
    report = selectors.report_for(kind, year)
    paragraphs = {}
    if the_draft is not None:
        paragraphs = {p.key: p for p in the_draft.paragraphs.all()}
    can_edit = (
        the_draft is not None and the_draft.status == DraftStatus.DRAFT and user_can(request.user, "reports.edit")
    )
    steps = []
    if the_draft is not None:
        for event in workflow.allowed(workflow.State(the_draft.status)):
            perm = "reports.edit" if event == workflow.Event.SUBMIT else "reports.approve"
            if user_can(request.user, perm):
                steps.append({"event": event.value, "label": workflow.EVENT_LABELS[event]})
    figures = sorted(
        ({"id": k, "label": f.label, "text": f.text} for k, f in report.figures.items() if k in METRICS),
        key=lambda r: r["label"],
    )
    series = [{"id": k, "label": s.label} for k, s in sorted(SERIES.items())]
    return render(
        request,
        "reports/draft.html",
        {
            "spec": spec,
            "kind": kind,
            "year": year,
            "draft": the_draft,
            "report": report,
            "paragraphs": paragraphs,
            "can_edit": can_edit,
            "can_open": the_draft is None and user_can(request.user, "reports.edit"),
            "steps": steps,
            "step_form": StepForm(initial={"revision": the_draft.revision if the_draft else ""}),
            "approvals": the_draft.approvals.select_related("approved_by", "published_by") if the_draft else [],
            "figures": figures,
            "linkable": linkable_metrics(),  # a series or table figure has no records page of its own
            "series": series,
            "missing": report.missing_labels(),
            "unwritten": unwritten_parts(kind, services.written_paragraphs(the_draft))
            if the_draft is not None and the_draft.status in (DraftStatus.DRAFT, DraftStatus.SUBMITTED)
            else [],
            "formats": [("docx", "Word"), ("pdf", "PDF"), ("html", "网页版"), ("json", "JSON")],
        },
    )


def _paragraph(pk: int) -> ReportParagraph:
    paragraph = ReportParagraph.objects.select_related("draft").filter(pk=pk).first()
    if paragraph is None:
        raise NotFound("报告段落")
    return paragraph


@staff_view("reports.edit")
def paragraph_edit(request, pk: int):
    paragraph = _paragraph(pk)
    draft = paragraph.draft
    form = ParagraphForm(
        request.POST or None, initial={"lead": paragraph.lead, "text": paragraph.text, "revision": paragraph.revision}
    )
    if request.method == "POST":

        def save(data):
            return services.paragraph_edit(
                paragraph=paragraph, text=data["text"], lead=data["lead"], actor=request.user,
                revision_seen=revision.parse_revision(data["revision"]),
            )  # fmt: skip

        if run_form(request, form, save, success="段落已保存（已留存修改前的版本）").ok:
            return redirect(reverse("reports:draft", args=[draft.kind, draft.year]) + f"#p-{paragraph.pk}")
    return render(
        request,
        "reports/paragraph_form.html",
        {
            "form": form,
            "paragraph": paragraph,
            "draft": draft,
            "history": selectors.paragraph_history(paragraph)[:50],
            "figures": sorted(((k, m.label) for k, m in METRICS.items()), key=lambda r: r[1]),
        },
    )


@require_POST
@staff_view("reports.edit")
def paragraph_remove(request, pk: int):
    paragraph = _paragraph(pk)
    run_action(
        request,
        lambda: services.paragraph_remove(
            paragraph=paragraph, actor=request.user,
            revision_seen=posted_revision(request),
        ),
        success="段落已删除（可在历史版本中查看）",
    )  # fmt: skip
    return redirect("reports:draft", kind=paragraph.draft.kind, year=paragraph.draft.year)


@staff_view("reports.edit")
def paragraph_add(request, kind: str, year: int, section: str):
    the_draft = _draft_or_404(kind, year)
    try:
        part = load_spec(kind).section(section)
    except KeyError as exc:
        raise NotFound("报告的这一部分") from exc
    form = ParagraphForm(request.POST or None)
    if request.method == "POST":

        def add(data):
            return services.paragraph_add(
                draft=the_draft, section=section, text=data["text"], lead=data["lead"], actor=request.user
            )

        if run_form(request, form, add, success="已增加段落").ok:
            return redirect("reports:draft", kind=kind, year=year)
    return render(
        request,
        "reports/paragraph_form.html",
        {
            "form": form,
            "draft": the_draft,
            "part": part,
            "figures": sorted(((k, m.label) for k, m in METRICS.items()), key=lambda r: r[1]),
        },
    )


STEP_SERVICES = {
    "submit": ("reports.edit", "已提交领导审定"),
    "return": ("reports.approve", "已退回修改"),
    "approve": ("reports.approve", "已审定：正文和数字已按审定时的值固定"),
    "reopen": ("reports.approve", "已重新打开，可继续修改"),
    "publish": ("reports.approve", "已在公示网站公开"),
}


@require_POST
@staff_view("reports.view")
def draft_step(request, kind: str, year: int, event: str):
    the_draft = _draft_or_404(kind, year)
    if event not in STEP_SERVICES:
        raise NotFound("这一步骤")
    permission, message = STEP_SERVICES[event]
    if not user_can(request.user, permission):
        return render(request, "web/forbidden.html", {"permission": permission}, status=403)
    form = StepForm(request.POST)
    form.is_valid()
    data = form.cleaned_data

    def seen() -> int | None:
        return revision.parse_revision(data.get("revision"))

    calls = {
        "submit": lambda: services.draft_submit(draft=the_draft, actor=request.user, revision_seen=seen()),
        "return": lambda: services.draft_return(
            draft=the_draft, opinion=data.get("opinion", ""), actor=request.user, revision_seen=seen()
        ),
        "approve": lambda: services.draft_approve(
            draft=the_draft,
            opinion=data.get("opinion", ""),
            actor=request.user,
            acknowledge_missing=bool(data.get("acknowledge_missing")),
            revision_seen=seen(),
        ),  # fmt: skip
        "reopen": lambda: services.draft_reopen(
            draft=the_draft, reason=data.get("opinion", ""), actor=request.user, revision_seen=seen()
        ),
        "publish": lambda: services.draft_publish(draft=the_draft, actor=request.user, revision_seen=seen()),
    }
    run_action(request, calls[event], success=message)
    return redirect("reports:draft", kind=kind, year=year)


@staff_view("reports.view")
def figure_records(request, year: int, metric_id: str):
    """The records a figure counts — the same conditions as the figure itself."""
    _check_year(year)
    metric = METRICS.get(metric_id)
    if metric is None:
        raise NotFound("该统计指标")
    records = selectors.figure_records(metric_id, year)
    value = metric.value(year)
    page = None
    if records is not None:
        if not records.ordered:  # a stable order, so that page 2 continues page 1
            records = records.order_by("pk")
        page = Paginator(records, 50).get_page(pages.page_number(request))
    return render(
        request,
        "reports/figure_records.html",
        {
            "metric": metric, "year": year, "value": value, "page": page, "has_records": records is not None,
            "rows": _linked(request.user, page.object_list if page is not None else ()),
        },
    )  # fmt: skip


def _linked(user, records) -> list[tuple[object, str | None]]:
    """Each record of this page with the link to its page, or None where that page would not open for the reader.

    A figure counts the whole bureau's records and its list shows them all; but a department-scoped reader (a 所's
    科室负责人) opens only what the target page's own gate lets through — their department's records, and records
    scoped through a parent (a hearing through its lawsuit, a result through its task) only when the parent is
    theirs. ``core.access.may_open`` runs that page's permission and gate; records it refuses are listed unlinked.
    """
    decided: dict[str, bool] = {}  # several records may open one page (the checks of one campaign)
    out: list[tuple[object, str | None]] = []
    for record in records:
        url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else None
        if url is not None:
            if url not in decided:
                decided[url] = may_open(user, url)
            if not decided[url]:
                url = None
        out.append((record, url))
    return out
