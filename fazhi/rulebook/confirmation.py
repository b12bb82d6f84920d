"""A guess never decides alone (issue 13 §3): which rule values are UNCONFIRMED, and whether a step that rests on
them may proceed without the bureau's legal staff.

Every value in ``tables/`` carries a status. A value tagged UNCONFIRMED may *propose* but not *decide* where it
would refuse a party's request, end a listing or choose a no-penalty outcome: such a step goes to legal review
with the uncertainty shown, unless the bureau's legal staff have confirmed that very value for the bureau
(recorded in the Django shell: ``fazhi.deadlines`` ``RuleConfirmation``). A confirmation names the value by its
``ref`` and the ``fingerprint`` of its content; when the table changes, the fingerprint changes and the
confirmation no longer applies.

Public API (pure)::

    unconfirmed_values() -> tuple[RuleValue, ...]        every UNCONFIRMED value in every table, with its uses
    rule_value(ref) -> RuleValue                          one value by ref (any status)
    deadline_value(result_or_rule_id, on=None) -> RuleValue   the value behind a deadline result / rule version
    may_decide_alone(value, *, confirmed) -> bool         the predicate
    decision_gate(values, *, purpose, confirmations) -> Gate
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import TABLES_DIR, Citation, Status, check_keys, load_yaml

USES_FILE = TABLES_DIR / "decisions.yaml"
LABELS_FILE = TABLES_DIR / "code_labels.yaml"
_META = {"status", "citation", "last_verified_on", "note", "effective_to"}
_NOT_SHOWN = {"id", "name", "text", "label", "effective_from", "starts"}  # a value's own name and dates, not its value
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_RULE_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\Z")  # case.handling, food.expired_food_sale


class Purpose(enum.StrEnum):
    """The kinds of step an UNCONFIRMED value may not take alone."""

    REFUSE_REQUEST = "refuse_request"
    END_LISTING = "end_listing"
    NO_PENALTY = "no_penalty"

    @property
    def label(self) -> str:
        return {
            "refuse_request": "驳回或不受理当事人的请求",
            "end_listing": "结束列入名单或公示",
            "no_penalty": "决定不予行政处罚",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Use:
    """Where in the system a value decides something (``tables/decisions.yaml``)."""

    id: str
    label: str
    purpose: Purpose | None
    module: str


@dataclass(frozen=True, slots=True)
class RuleValue:
    """One value of one table, identified by ``ref`` (``<file>#<path>``); ``fingerprint`` hashes its content."""

    ref: str
    label: str
    value: str
    citation: Citation | None
    status: Status
    fingerprint: str
    uses: tuple[Use, ...] = ()
    rule_ids: tuple[str, ...] = ()  # the dotted ids ``value`` names by their titles (shown small, beside it)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "label": self.label,
            "value": self.value,
            "citation": str(self.citation) if self.citation else "",
            "status": self.status.value,
            "fingerprint": self.fingerprint,
            "uses": [
                {"id": u.id, "label": u.label, "purpose": u.purpose.value if u.purpose else None, "module": u.module}
                for u in self.uses
            ],
        }


@dataclass(frozen=True, slots=True)
class Gate:
    """May the step proceed on the rulebook alone? ``pending``: the UNCONFIRMED values not confirmed."""

    purpose: Purpose
    decides_alone: bool
    pending: tuple[RuleValue, ...] = field(default=())

    @property
    def message(self) -> str:
        """Chinese: what is uncertain and who must look at it."""
        if self.decides_alone:
            return ""
        items = "；".join(f"{v.label}（{v.value}，{v.citation or '依据待核'}）" for v in self.pending)
        return (
            f"该步骤将{self.purpose.label}，所依据的以下规则未经确认，不能由系统单独决定，"
            f"须提交法制审核人员审核，或由法制审核人员在“规则确认”页面核对原文后确认：{items}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose.value,
            "decides_alone": self.decides_alone,
            "message": self.message,
            "pending": [v.as_dict() for v in self.pending],
        }


def may_decide_alone(value: RuleValue, *, confirmed: bool) -> bool:
    """The predicate: a value decides alone when it is not UNCONFIRMED, or the bureau confirmed it."""
    return value.status is not Status.UNCONFIRMED or confirmed


def decision_gate(values: Iterable[RuleValue], *, purpose: Purpose | str, confirmations: Mapping[str, str]) -> Gate:
    """Gate a step that would ``purpose`` on ``values``. ``confirmations`` maps ref → confirmed fingerprint."""
    purpose = Purpose(purpose)
    pending = tuple(v for v in values if not may_decide_alone(v, confirmed=confirmations.get(v.ref) == v.fingerprint))
    return Gate(purpose, not pending, pending)


# ---------------------------------------------------------------------------------------------------- scanning


def _plain(node: Any) -> Any:
    """YAML data with every key a string (calendar tables key days by date)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _fingerprint(node: Mapping[str, Any]) -> str:
    text = json.dumps(_plain(node), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _segment(item: Any, index: int) -> str:
    if isinstance(item, Mapping):
        for key in ("id", "effective_from", "name"):
            if key in item and item[key] is not None:
                return str(item[key])
    return f"[{index}]"


def is_code(value: str) -> bool:
    """A coded value of a table (``goods_value``, ``tianjin_default_30_40_30``): shown by its Chinese label."""
    return bool(_CODE.match(value))


@functools.cache
def _labels(path: Path) -> dict[str, dict[str, str]]:
    """``tables/code_labels.yaml``: ``codes`` (coded values) and ``fields`` (field names), each code → Chinese."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("codes",), optional=("fields", "note"))
    out: dict[str, dict[str, str]] = {}
    for section in ("codes", "fields"):
        labels: dict[str, str] = {}
        for code, label in (data.get(section) or {}).items():
            if not isinstance(code, str) or not is_code(code):
                raise TableError(
                    "labels.bad_code", f"{path.name}：{code!r} 不是代码（小写字母、数字和下划线）", value=str(code)
                )
            if not isinstance(label, str) or not label.strip() or label.isascii():
                raise TableError("labels.not_chinese", f"{path.name}：{section} 中 {code} 的名称应为中文", value=code)
            labels[code] = label.strip()
        out[section] = labels
    return out


def code_labels(path: Path = LABELS_FILE) -> dict[str, str]:
    """The Chinese label of every coded value the tables show (``codes`` in ``tables/code_labels.yaml``)."""
    return _labels(path)["codes"]


def field_labels(path: Path = LABELS_FILE) -> dict[str, str]:
    """The Chinese name of every table field a screen shows (``fields`` in ``tables/code_labels.yaml``)."""
    return _labels(path)["fields"]


def code_label(code: str) -> str:
    """The Chinese label of a coded value; the code itself only if the table checker has not run (it refuses)."""
    return code_labels().get(code, code)


def field_label(key: str) -> str:
    """The Chinese name of a field (``excluded_kinds`` → 不予信用修复的处罚种类); a date or Chinese key as it is."""
    return field_labels().get(key, key)


def is_rule_id(value: str) -> bool:
    """A dotted id of a table row (``case.handling``, ``food.expired_food_sale``): shown by the row's own title."""
    return bool(_RULE_ID.match(value))


@functools.cache
def rule_titles(directory: Path = TABLES_DIR) -> dict[str, str]:
    """Every dotted row id of the tables → the row's own title (its name, text, label or title).

    The discretion engine's derived facts (``facts.serious_harm``) are rows of no table; their titles are the
    engine's own texts, so that the screen and the engine's reasons say the same words.
    """
    from fazhi.rulebook.discretion import derived_fact_texts

    titles: dict[str, str] = dict(derived_fact_texts())

    def visit(node: Any) -> None:
        if isinstance(node, Mapping):
            row_id = node.get("id")
            if isinstance(row_id, str) and is_rule_id(row_id):
                title = _label(node, "")
                if title:
                    titles.setdefault(row_id, title)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for path in sorted(directory.rglob("*.yaml")):
        if path.relative_to(directory).as_posix() not in (USES_FILE.name, LABELS_FILE.name):
            visit(load_yaml(path))
    return titles


def _tokens(value: Any) -> Iterator[tuple[str, str]]:
    """What ``_shown`` would show by a label: ("code", coded value), ("field", key), ("id", dotted id)."""
    if isinstance(value, Mapping):
        if value.get("instrument") and set(value) <= {"instrument", "article", "url"}:
            return
        for key, item in value.items():
            if str(key) not in _HIDDEN:
                yield "field", str(key)
                yield from _tokens(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _tokens(item)
    elif isinstance(value, str) and is_code(value):
        yield "code", value
    elif isinstance(value, str) and is_rule_id(value):
        yield "id", value


def _node_tokens(node: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """The codes, field names and dotted ids ``_value_text`` shows for one table value (the same choices)."""
    if "value" in node:
        yield from _tokens(node["value"])
    elif not ("length" in node and "unit" in node):
        for key, value in node.items():
            if key in _META or key in _NOT_SHOWN:
                continue
            if isinstance(value, Mapping | list) and len(_shown(value)) > 80:
                continue
            yield "field", key
            yield from _tokens(value)


def _shown(value: Any) -> str:
    """One value as a person reads it: 是/否, 无, lists with 、, mappings as 名称：值 (never JSON or a repr)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "无"
    if isinstance(value, Mapping) and value.get("instrument") and set(value) <= {"instrument", "article", "url"}:
        return f"《{value['instrument']}》{value.get('article') or ''}"
    if isinstance(value, Mapping):
        shown = [(k, v) for k, v in value.items() if str(k) not in _HIDDEN]
        return "；".join(f"{field_label(str(k))}：{_shown(v)}" for k, v in shown) or "无"
    if isinstance(value, list | tuple):
        return "、".join(_shown(v) for v in value) or "无"
    if isinstance(value, str) and is_code(value):
        return code_label(value)
    if isinstance(value, str) and is_rule_id(value):
        return rule_titles().get(value, value)
    return str(_plain(value))


# The ids of nested rows stay in the data (and the JSON); a screen shows their text and values.
_HIDDEN = {*_META, "id"}


def _value_text(node: Mapping[str, Any]) -> str:
    if "value" in node:
        return _shown(node["value"])
    if "length" in node and "unit" in node:
        units = {"working_days": "个工作日", "natural_days": "日", "months": "个月", "years": "年"}
        return f"{node['length']}{units.get(str(node['unit']), str(node['unit']))}"
    parts = []
    for key, value in node.items():
        if key in _META or key in _NOT_SHOWN:
            continue
        text = _shown(value)
        if isinstance(value, Mapping | list) and len(text) > 80:
            continue
        parts.append(f"{field_label(key)}：{text}")
    return "，".join(parts)[:200] or "见规则表"


def _citation(node: Mapping[str, Any], inherited: Citation | None) -> Citation | None:
    raw = node.get("citation")
    if isinstance(raw, Mapping) and raw.get("instrument"):
        return Citation(str(raw["instrument"]), str(raw.get("article") or ""), raw.get("url"))
    if isinstance(node.get("article"), str) and inherited is not None:
        return Citation(inherited.instrument, str(node["article"]), inherited.url)
    return inherited


def _label(node: Mapping[str, Any], inherited: str) -> str:
    for key in ("name", "text", "label", "title"):
        if isinstance(node.get(key), str) and node[key].strip():
            return node[key].strip()
    return inherited


def _walk(
    node: Any, path: list[str], label: str, citation: Citation | None
) -> Iterator[tuple[list[str], str, Citation | None, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        label = _label(node, label)
        citation = _citation(node, citation)
        if "status" in node:
            yield path, label, citation, node
        for key, value in node.items():
            if isinstance(value, Mapping | list) and key != "citation":
                yield from _walk(value, [*path, str(key)], label, citation)
    elif isinstance(node, list):
        segments = [_segment(item, i) for i, item in enumerate(node)]
        for i, item in enumerate(node):
            segment = segments[i]
            if segments.count(segment) > 1:  # one id in several rows: tell them apart (kind, date, position)
                for key in ("consequence", "kind", "effective_from"):
                    if isinstance(item, Mapping) and item.get(key) is not None:
                        segment = f"{segment}@{item[key]}"
                        break
                else:
                    segment = f"{segment}@[{i}]"
            yield from _walk(item, [*path, segment], label, citation)


def _status(value: Any) -> Status | None:
    try:
        return Status(str(value).strip("[]"))
    except ValueError:
        return None


def scan_tables(directory: Path = TABLES_DIR) -> tuple[RuleValue, ...]:
    """Every value with a status in every YAML table (any status), as ``RuleValue`` without uses."""
    values: list[RuleValue] = []
    for path in sorted(directory.rglob("*.yaml")):
        rel = path.relative_to(directory).as_posix()
        if rel in (USES_FILE.name, LABELS_FILE.name):
            continue
        data = load_yaml(path)
        top_label = _top_label(data, rel)
        for parts, label, citation, node in _walk(data, [], top_label, None):
            status = _status(node["status"])
            if status is None:
                continue  # the table's own loader reports a bad status
            values.append(
                RuleValue(
                    ref=f"{rel}#{'/'.join(parts)}",
                    label=label,
                    value=_value_text(node),
                    citation=citation,
                    status=status,
                    fingerprint=_fingerprint(node),
                    rule_ids=tuple(dict.fromkeys(t for kind, t in _node_tokens(node) if kind == "id")),
                )
            )
    return tuple(values)


def _top_label(data: Any, rel: str) -> str:
    """A table's own title: its instrument, else its citation's instrument (the calendar years), else its file."""
    if not isinstance(data, Mapping):
        return rel
    citation = data.get("citation")
    cited = citation.get("instrument") if isinstance(citation, Mapping) else None
    return str(data.get("title") or data.get("instrument") or cited or rel)


def _unlabelled(kind: str, known: Mapping[str, str], directory: Path) -> dict[str, str]:
    """Tokens of ``kind`` a screen would show without a Chinese label: token → the ref of the first value showing it.

    A field name needs a label only when it is a code (``excluded_kinds``); dates and Chinese keys read as they are.
    """
    missing: dict[str, str] = {}
    for path in sorted(directory.rglob("*.yaml")):
        rel = path.relative_to(directory).as_posix()
        if rel in (USES_FILE.name, LABELS_FILE.name):
            continue
        for parts, _, _, node in _walk(load_yaml(path), [], rel, None):
            if _status(node["status"]) is None:
                continue
            for token_kind, token in _node_tokens(node):
                if token_kind == kind and (kind != "field" or is_code(token)) and token not in known:
                    missing.setdefault(token, f"{rel}#{'/'.join(parts)}")
    return missing


def unlabelled_codes(directory: Path = TABLES_DIR, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Coded values a screen would show without a Chinese label: code → the ref of the first value showing it."""
    return _unlabelled("code", code_labels() if labels is None else labels, directory)


def unlabelled_fields(directory: Path = TABLES_DIR, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field names a screen would show without a Chinese name: key → the ref of the first value showing it."""
    return _unlabelled("field", field_labels() if labels is None else labels, directory)


def untitled_rule_ids(directory: Path = TABLES_DIR, titles: Mapping[str, str] | None = None) -> dict[str, str]:
    """Dotted ids a screen would show that no table row (or derived fact) titles: id → the ref showing it."""
    return _unlabelled("id", rule_titles(directory) if titles is None else titles, directory)


@dataclass(frozen=True, slots=True)
class _UseRule:
    use: Use
    patterns: tuple[str, ...]


def load_uses(path: Path = USES_FILE) -> tuple[_UseRule, ...]:
    """The decision points and the value refs (glob patterns) each one reads."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("decisions",))
    rules: list[_UseRule] = []
    seen: set[str] = set()
    for i, row in enumerate(data["decisions"] or ()):
        where = f"{path.name} decisions[{i}]"
        check_keys(where, row, required=("id", "label", "module", "reads"), optional=("purpose",))
        if row["id"] in seen:
            raise TableError("decisions.duplicate_id", f"{where}：编号 {row['id']} 重复", where=where)
        seen.add(row["id"])
        purpose = row.get("purpose")
        try:
            parsed = Purpose(purpose) if purpose else None
        except ValueError as exc:
            raise TableError(
                "decisions.bad_purpose",
                f"{where}：purpose 只能是 refuse_request、end_listing 或 no_penalty，得到 {purpose!r}",
                where=where,
            ) from exc
        patterns = tuple(str(p) for p in row["reads"] or ())
        if not patterns:
            raise TableError("decisions.no_reads", f"{where}：reads 至少列出一个规则值", where=where)
        rules.append(_UseRule(Use(str(row["id"]), str(row["label"]), parsed, str(row["module"])), patterns))
    return tuple(rules)


@functools.cache
def _all_values() -> Mapping[str, RuleValue]:
    uses = load_uses()
    out: dict[str, RuleValue] = {}
    for value in scan_tables():
        matched = tuple(u.use for u in uses if any(fnmatch.fnmatchcase(value.ref, p) for p in u.patterns))
        out[value.ref] = RuleValue(
            value.ref, value.label, value.value, value.citation, value.status, value.fingerprint, matched,
            value.rule_ids,
        )  # fmt: skip
    return out


def all_values() -> tuple[RuleValue, ...]:
    """Every value with a status, with the decision points that read it."""
    return tuple(_all_values().values())


def unconfirmed_values() -> tuple[RuleValue, ...]:
    """Every UNCONFIRMED value, with the decision points that read it (``fazhi rules unconfirmed``)."""
    return tuple(v for v in _all_values().values() if v.status is Status.UNCONFIRMED)


def rule_value(ref: str) -> RuleValue:
    """A value by ref; ``rules.unknown_value`` when no table has it."""
    try:
        return _all_values()[ref]
    except KeyError:
        raise RulebookError("rules.unknown_value", f"规则表中没有规则值 {ref}，请刷新页面后重试", ref=ref) from None


def deadline_value(result_or_rule: Any, on: Any = None) -> RuleValue:
    """The value behind a deadline: pass a ``DeadlineResult`` or ``(rule_id, version effective_from date)``."""
    if hasattr(result_or_rule, "rule_id"):
        rule_id, version = result_or_rule.rule_id, str(result_or_rule.version)
    else:
        from fazhi.rulebook.deadlines import get_rule

        rule_id = str(result_or_rule)
        version = get_rule(rule_id).version_on(on).effective_from.isoformat()
    suffix = f"#rules/{rule_id}/versions/{version}"
    for ref, value in _all_values().items():
        if ref.startswith("deadlines/") and ref.endswith(suffix):
            return value
    raise RulebookError("rules.unknown_value", f"期限规则 {rule_id}（{version} 版本）没有对应的规则值", ref=suffix)


def values_matching(pattern: str) -> tuple[RuleValue, ...]:
    """Values whose ref matches a glob pattern (e.g. ``credit/serious_list.yaml#*period_years``)."""
    return tuple(v for ref, v in _all_values().items() if fnmatch.fnmatchcase(ref, pattern))


def check_tables() -> dict[str, int]:
    """Every decision point's patterns must match at least one value; scanning must succeed."""
    uses = load_uses()
    values = scan_tables()
    missing = unlabelled_codes()
    if missing:
        code, ref = next(iter(sorted(missing.items())))
        raise TableError(
            "labels.missing",
            f"规则值 {ref} 显示代码 {code}，但 code_labels.yaml 中没有它的中文名称（共 {len(missing)} 个代码缺少名称）",
            value=code,
        )
    fields = unlabelled_fields()
    if fields:
        key, ref = next(iter(sorted(fields.items())))
        raise TableError(
            "labels.missing_field",
            f"规则值 {ref} 显示字段 {key}，但 code_labels.yaml 的 fields 中没有它的中文名称"
            f"（共 {len(fields)} 个字段缺少名称）",
            value=key,
        )
    ids = untitled_rule_ids()
    if ids:
        rule_id, ref = next(iter(sorted(ids.items())))
        raise TableError(
            "labels.untitled_id",
            f"规则值 {ref} 引用编号 {rule_id}，但没有任何规则表的行以此为 id 并写明名称（共 {len(ids)} 个编号）",
            value=rule_id,
        )
    refs = [v.ref for v in values]
    if len(set(refs)) != len(refs):
        dupes = sorted({r for r in refs if refs.count(r) > 1})
        raise TableError("rules.duplicate_ref", f"规则值编号重复：{dupes[0]}（请给表中的行加上 id）", ref=dupes[0])
    for rule in uses:
        for pattern in rule.patterns:
            if not any(fnmatch.fnmatchcase(r, pattern) for r in refs):
                raise TableError(
                    "decisions.unmatched",
                    f"decisions.yaml {rule.use.id}：{pattern} 没有匹配任何规则值",
                    pattern=pattern,
                )
    for value in values:
        if value.status is Status.UNCONFIRMED and not any(
            fnmatch.fnmatchcase(value.ref, p) for rule in uses for p in rule.patterns
        ):
            raise TableError(
                "decisions.unused_unconfirmed",
                f"未经确认的规则值 {value.ref} 没有在 decisions.yaml 中登记用于何处（fazhi rules unconfirmed 须列出用途）",
                ref=value.ref,
            )
    return {"rule_values": len(values), "unconfirmed": sum(v.status is Status.UNCONFIRMED for v in values)}
