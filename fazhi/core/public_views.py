"""Public views of the kernel: the audit chain's anchors (read from the anchor file, not from the database), and the
technical specifications an outsider needs to check the bureau's records with their own tools (the draw algorithm,
the anchor file's format), rendered from ``docs/`` so that the page and the repository never disagree."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from markdown_it import MarkdownIt

from fazhi.core import anchors
from fazhi.core.access import public_view


@public_view
def audit_anchors(request):
    data = anchors.read_anchor_file()
    return render(
        request,
        "core/public_anchors.html",
        {"rows": anchors.anchor_rows(limit=400), "problem": data.problem, "exists": data.exists},
    )


@public_view
def audit_anchors_file(request):
    """The anchor file itself (JSON Lines), for anyone who wants to archive it or check it with their own tools."""
    data = anchors.read_anchor_file()
    body = "".join(a.as_json() + "\n" for a in data.anchors)
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="audit-anchors.jsonl"'
    return response


# slug → (Chinese title, file under docs/, what it is for). Only these files are served: the slug is looked up, never
# joined into a path.
SPECS = {
    "draw-algorithm": (
        "双随机抽取算法规范（fazhi-draw/2）",
        "draw-algorithm.md",
        "双随机、一公开抽查和案卷评查抽取所用的算法：名录库哈希、随机数承诺、抽取和核对的每一步。",
    ),
    "draw-algorithm-v1": (
        "旧版抽取算法规范（fazhi-draw/1）",
        "draw-algorithm-v1.md",
        "仅用于核对 2026年12月6日以前的案卷评查抽取记录。",
    ),
    "draw-record-format": (
        "抽取记录文件格式",
        "formats/draw-record.md",
        "公开下载的抽取记录文件（JSON）中每个字段的含义。",
    ),
    "import-formats": (
        "导入文件格式：通用约定",
        "formats/README.md",
        "所有批量导入（市场主体、投诉举报、检验结果、许可事项等）共用的表头、行号、错误代码和退出码约定。",
    ),
    "entities-format": (
        "市场主体导入格式",
        "formats/entities.md",
        "登记系统导出的市场主体名录的列、取值和校验。",
    ),
    "calendar-year-format": (
        "节假日安排文件格式",
        "formats/calendar-year.md",
        "国务院办公厅公布的年度节假日安排的录入格式。",
    ),
    "audit-anchors-format": (
        "审计锚点文件格式",
        "formats/audit-anchors.md",
        "本局每日公布的审计链链头文件的格式和核对方法。",
    ),
}


@public_view
def spec(request, name: str):
    """One technical specification from ``docs/``, as published with the records it lets anyone check."""
    if name not in SPECS:
        raise Http404("没有这份技术规范")
    title, filename, purpose = SPECS[name]
    text = (Path(settings.BASE_DIR) / "docs" / filename).read_text(encoding="utf-8")
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return render(request, "core/public_spec.html", {"title": title, "purpose": purpose, "html": html})
