"""The audit screen (审计日志) for the 审计 role and the 安全审计员 (issue 14 §6): search the chain by person, object,
action and date, read one event, see the last verification and the anchors, run a verification."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.contrib import messages
from django.forms.utils import flatatt
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from fazhi.core import anchors, audit_check, audit_labels, audit_search
from fazhi.core.access import staff_view
from fazhi.core.audit import audit_record
from fazhi.core.errors import NotFound
from fazhi.core.validation import DateInput

RESULT_LABELS = {
    0: "完整，与全部锚点一致",
    1: "审计链断开",
    2: "与锚点不符（截断或改写）",
    3: "锚点文件损坏",
    4: "完整，但尚无锚点",
    5: "数据库保护缺失",
}
KEY_LABELS = {
    "ip": "IP 地址",
    "user_agent": "浏览器",
    "username": "用户名",
    "reason": "原因",
    "path": "访问路径",
    "method": "请求方式",
    "status": "状态",
    "superuser": "超级用户",
    "fields": "涉及字段",
    "evidence": "证据",
    "opinion": "意见",
    "note": "意见",
    "passed": "审核通过",
    "approve": "批准",
    "number": "文号",
    "records": "记录数",
    "counts": "各类记录数",
    "directory": "目录",
    "by": "方式",
    "role": "角色",
    "department": "部门",
    "is_active": "启用",
}


@cache
def object_type_choices() -> list[tuple[str, str]]:
    types = {
        model._meta.label_lower: str(model._meta.verbose_name)
        for config in apps.get_app_configs()
        if config.name.startswith("fazhi.")
        for model in config.get_models()
    }
    types.update(audit_labels.OBJECT_TYPES)
    return [("", "全部对象")] + sorted(types.items(), key=lambda kv: (kv[0].split(".")[0], kv[1]))


@cache
def _action_choices() -> list[tuple[str, str]]:
    return [("", "全部操作"), *audit_labels.choices()]


@cache
def _rendered_options(choices: Callable[[], list[tuple[str, str]]]) -> tuple[tuple[str, str, str], ...]:
    """Each option's markup before and after its ``selected`` mark, escaped once per process."""
    return tuple((code, f'<option value="{escape(code)}"', f">{escape(label)}</option>") for code, label in choices())


class LongSelect(forms.Select):
    """A select of a few hundred options (313 actions, 112 object types) rendered in Python from markup made once.

    Django renders every option through its own template: for these two lists that was about 60 % of the audit
    screen's time (cProfile, issue 14 §6). Same markup, same ``selected`` option, options escaped."""

    def __init__(self, options: Callable[[], list[tuple[str, str]]], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.option_list = options

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f"{head}{' selected' if code in chosen else ''}{tail}"
            for code, head, tail in _rendered_options(self.option_list)
        )
        return mark_safe(  # every part above is escaped
            f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>{options}</select>'
        )


class AuditSearchForm(forms.Form):
    person = forms.CharField(label="人员（用户名或姓名；填“system”查系统与命令行）", max_length=40, required=False)
    # the choices as functions: evaluated when a value is validated, not copied and normalised for every form
    action = forms.ChoiceField(
        label="操作", required=False, choices=_action_choices, widget=LongSelect(_action_choices)
    )
    object_type = forms.ChoiceField(
        label="对象", required=False, choices=object_type_choices, widget=LongSelect(object_type_choices)
    )
    object_id = forms.CharField(label="对象编号", max_length=80, required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput)
    request_id = forms.CharField(label="请求编号", max_length=64, required=False, widget=forms.HiddenInput)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期")
        return data


def _changes(event: Any) -> list[dict[str, Any]]:
    """The event's recorded changes as rows with Chinese field names where the model names them."""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for key, value in (event.changes or {}).items():
        label = KEY_LABELS.get(key, key)
        if model is not None:
            try:
                label = str(model._meta.get_field(key.removesuffix("_id")).verbose_name)
            except Exception:
                pass
        diff = isinstance(value, list) and len(value) == 2
        rows.append(
            {
                "label": label,
                "before": _shown(value[0]) if diff else None,
                "after": _shown(value[1] if diff else value),
                "diff": diff,
            }
        )
    return rows


def _shown(value: Any) -> Any:
    """A recorded value as a person reads it: 是/否 for booleans, lists and mappings spelled out (never a repr)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(_shown(v)) for v in value) or "（空）"
    if isinstance(value, dict):
        return "；".join(f"{KEY_LABELS.get(str(k), k)}：{_shown(v)}" for k, v in value.items()) or "（空）"
    return value


def _row(event: Any) -> dict[str, Any]:
    return {
        "event": event,
        "action": audit_labels.display(event.action),
        "object": audit_labels.object_type_label(event.object_type),
    }


def _list_rows(events: list[Any]) -> list[dict[str, Any]]:
    """The list's rows with their link and local time made here, once per page: ``{% url %}`` and ``|date`` per row
    were a third of the page's template time (cProfile, issue 14 §6)."""
    link = reverse("web:audit_event", args=[1]).removesuffix("1/")
    zone = timezone.get_current_timezone()
    return [
        {
            **_row(e),
            "url": f"{link}{e.sequence}/",
            "at": timezone.localtime(e.occurred_at, zone).strftime("%Y-%m-%d %H:%M:%S"),
        }
        for e in events
    ]


@staff_view("audit.view")
def audit(request):
    form = AuditSearchForm(request.GET or None)
    page = None
    filters = audit_search.AuditFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = audit_search.AuditFilters(
            person=d["person"].strip(),
            action=d["action"],
            object_type=d["object_type"],
            object_id=d["object_id"].strip(),
            date_from=d["date_from"],
            date_to=d["date_to"],
            request_id=d["request_id"].strip(),
            before=d["before"],
        )
    if not form.is_bound or form.is_valid():
        page = audit_search.search(filters)
    latest = audit_check.latest_verification()
    return render(
        request,
        "web/audit.html",
        {
            "form": form,
            "rows": _list_rows(page.events) if page else [],
            "people": page.people if page else [],
            "next_query": urlencode({**filters.as_query(), "before": page.next_before})
            if page and page.next_before
            else "",
            "first_query": urlencode(filters.as_query()) if filters.before else "",
            "latest": latest,
            "latest_label": RESULT_LABELS.get(latest.exit_code, "") if latest else "",
            "anchors": anchors.anchor_rows(limit=10),
            "anchor_file": anchors.read_anchor_file(),
        },
    )


@staff_view("audit.view")
def audit_event(request, sequence: int):
    event = audit_search.event(sequence)
    if event is None:
        raise NotFound("审计事件")
    return render(
        request,
        "web/audit_event.html",
        {**_row(event), "changes": _changes(event), **audit_search.neighbours(event)},
    )


@staff_view("audit.view")
@require_POST
def audit_verify(request):
    """Run the full check now (it rehashes every event: docs/benchmarks.md has its time at a million) and record who ran it."""
    result = audit_check.verify(trigger="screen", actor=request.user)
    audit_record(
        action="audit.verify_run",
        target=("core.auditverification", audit_check.latest_verification().pk),
        changes={"exit_code": result.exit_code, "events": result.events_checked, "anchors": result.anchors_checked},
        actor=request.user,
    )
    (messages.success if result.ok else messages.error)(request, result.message)
    return redirect("web:audit")
