"""Chinese labels for the codes stored with rule provenance (status) and step-date fields."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_LABELS = {
    "TEXT": ("已核对原文", "ok"),
    "SECONDARY": ("二手来源，条文序号待核", "warn"),
    "UNCONFIRMED": ("未经确认", "warn"),
}


@register.simple_tag
def status_label(status: str) -> str:
    return STATUS_LABELS.get(str(status), ("", ""))[0]


@register.simple_tag
def status_badge(status: str) -> str:
    label, tone = STATUS_LABELS.get(str(status), ("", ""))
    if not label or status == "TEXT":
        return ""
    return format_html('<span class="badge {}">{}</span>', tone, label)


@register.filter
def step_field_label(name: str) -> str:
    from fazhi.cases.services.corrections import STEP_FIELDS

    return STEP_FIELDS.get(name, "日期")


@register.filter
def plain(text: str) -> str:
    """A rulebook text without the bracketed status codes ("未经确认（UNCONFIRMED）" → "未经确认")."""
    out = str(text)
    for code in STATUS_LABELS:
        out = out.replace(f"（{code}）", "").replace(f"({code})", "")
    return out
