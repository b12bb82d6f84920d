"""Bounded parameter types for API routes: what a query or path parameter may be, so bad input is a 422, never a 500.

``offset=-5`` reached a queryset slice ("Negative indexing is not supported"), ``stats/99999`` a date beyond year
9999, a 30-digit id an integer the database cannot hold. Each route declares its parameters with these types;
Pydantic refuses what is out of bounds and ``fazhi.api.root`` answers with a Chinese field error
(``input.invalid``). The bounds are those of ``fazhi.core.validation`` (dates, integers, text lengths), so the API
refuses what forms and imports refuse.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

from fazhi.core import validation

DB_ID_MAX = 2**63 - 1  # bigint / SQLite INTEGER
MAX_OFFSET = 10_000_000
MAX_PAGE = 1_000_000
MIN_YEAR, MAX_YEAR = validation.MIN_DATE.year, validation.MAX_DATE.year


def _in_range(day: dt.date | None) -> dt.date | None:
    if day is not None and not validation.MIN_DATE <= day <= validation.MAX_DATE:
        raise ValueError(f"日期应在 {validation.MIN_DATE:%Y-%m-%d} 至 {validation.MAX_DATE:%Y-%m-%d} 之间，请核对年份")
    return day


RecordId = Annotated[int, Field(ge=1, le=DB_ID_MAX, description="记录编号（正整数）")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="跳过的条数（≥ 0）")]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="页码（从 1 开始）")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description=f"年度（{MIN_YEAR}–{MAX_YEAR}）")]
ApiDate = Annotated[dt.date, AfterValidator(_in_range)]
SearchText = Annotated[str, Field(max_length=100, description="检索词（最多 100 字）")]
Code = Annotated[str, Field(max_length=64, description="编码（最多 64 字）")]


def limit(maximum: int, *, default_description: str = "") -> object:
    """``limit`` with the route's own maximum: ``Annotated[int, limit(500)]``."""
    return Field(ge=1, le=maximum, description=default_description or f"条数（1–{maximum}）")


# -- Chinese messages for Pydantic's error types (the API's one error format, see ``fazhi.api.root``)

_MESSAGES = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期（YYYY-MM-DD），不含时间",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间（YYYY-MM-DDTHH:MM:SS）",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "uuid_parsing": "应为 UUID",
    "json_invalid": "不是有效的 JSON",
}


def message_for(error: dict) -> str:
    """A Chinese message for one Pydantic error dict (``type``, ``ctx``, ``msg``)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "too_short") and "ge" in ctx:
        return f"应不小于 {ctx['ge']}"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge', '')}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt', '')}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le', '')}"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt', '')}"
    if kind == "string_too_long":
        return f"过长，最多 {ctx.get('max_length', '')} 字"
    if kind == "string_too_short":
        return f"过短，至少 {ctx.get('min_length', '')} 字"
    if kind in ("literal_error", "enum"):
        return "取值无效"
    if kind == "value_error":
        # Our own validators raise ValueError with a Chinese message; Pydantic prefixes "Value error, ".
        text = str(ctx.get("error") or error.get("msg", ""))
        return text.removeprefix("Value error, ") or "取值无效"
    return _MESSAGES.get(kind, "取值无效")


def field_name(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header", "cookie", "form", "file")]
    return ".".join(parts) or "input"
