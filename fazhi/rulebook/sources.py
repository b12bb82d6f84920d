"""Citations, confidence status and strict loading helpers shared by every rule table.

A rule table is YAML under ``tables/``; each rule value carries a citation, a status as in
the legal digest ([TEXT] / [SECONDARY] / [UNCONFIRMED]) and the date it was last verified.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fazhi.rulebook.errors import TableError

TABLES_DIR = Path(__file__).resolve().parent / "tables"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Status(enum.StrEnum):
    """How sure we are that a rule is the law (legal digest §0)."""

    TEXT = "TEXT"  # checked against the full text
    SECONDARY = "SECONDARY"  # number reliable, article possibly not
    UNCONFIRMED = "UNCONFIRMED"  # best understanding, must be checked before relying on it

    @property
    def label(self) -> str:
        return {"TEXT": "已核对原文", "SECONDARY": "二手来源", "UNCONFIRMED": "未经确认"}[self.value]


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: the instrument, the article and optionally a link."""

    instrument: str
    article: str
    url: str | None = None

    def __str__(self) -> str:
        return f"《{self.instrument}》{self.article}" if self.article else f"《{self.instrument}》"

    def as_dict(self) -> dict[str, str | None]:
        return {"instrument": self.instrument, "article": self.article, "url": self.url}


def load_yaml(path: Path) -> Any:
    """Load a YAML file, turning parse errors into a coded TableError naming the file."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise TableError("table.yaml_invalid", f"规则表 {path.name} 不是有效的 YAML：{exc}", file=path.name) from exc


def check_keys(where: str, data: Mapping[str, Any], *, required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Reject unknown keys and missing required keys (the loaders are strict)."""
    if not isinstance(data, Mapping):
        raise TableError("table.not_mapping", f"{where}：应为键值表", where=where)
    required = set(required)
    allowed = required | set(optional)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TableError("table.unknown_key", f"{where}：未知字段 {', '.join(unknown)}", where=where, keys=unknown)
    missing = sorted(k for k in required if k not in data)
    if missing:
        raise TableError("table.missing_key", f"{where}：缺少字段 {', '.join(missing)}", where=where, keys=missing)


def parse_citation(where: str, data: Any) -> Citation:
    """A citation is required on every rule: instrument and article at least."""
    if not data:
        raise TableError("table.missing_citation", f"{where}：缺少法律依据（citation）", where=where)
    check_keys(f"{where}.citation", data, required=("instrument", "article"), optional=("url",))
    if not str(data["instrument"]).strip():
        raise TableError("table.missing_citation", f"{where}：法律依据缺少文件名称", where=where)
    return Citation(str(data["instrument"]).strip(), str(data["article"]).strip(), data.get("url"))


def parse_status(where: str, value: Any) -> Status:
    try:
        return Status(str(value).strip("[]"))
    except ValueError as exc:
        raise TableError(
            "table.bad_status", f"{where}：status 只能是 TEXT、SECONDARY 或 UNCONFIRMED", where=where
        ) from exc


def parse_date(where: str, value: Any, *, allow_none: bool = False) -> dt.date | None:
    if value is None and allow_none:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise TableError("table.bad_date", f"{where}：日期格式应为 YYYY-MM-DD，得到 {value!r}", where=where)


def check_no_overlap(where: str, periods: list[tuple[dt.date, dt.date | None]]) -> None:
    """Versions of one rule must not overlap: [from, to) intervals, ``None`` = open end."""
    ordered = sorted(periods, key=lambda p: p[0])
    for (a_from, a_to), (b_from, _b_to) in zip(ordered, ordered[1:], strict=False):
        if a_to is None or a_to > b_from:
            raise TableError(
                "table.overlapping_versions",
                f"{where}：版本 {a_from} 与 {b_from} 的生效期间重叠",
                where=where,
                first=a_from,
                second=b_from,
            )
