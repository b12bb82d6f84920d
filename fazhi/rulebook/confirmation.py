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


# The Chinese names of the table fields a value is shown with (the rule confirmation page, the gate's message):
# a legal reviewer reads 处罚依据：中华人民共和国价格法 第四十条第一款, not penalty_provision={"instrument": …}.
# A field without a name here is shown by its key.
FIELD_LABELS = {
    "version": "版本", "violated": "违反的规定", "penalty_provision": "处罚依据", "instrument": "法律文件",
    "article": "条款", "group": "类别", "base": "计罚基数", "confiscation": "没收", "other_penalties": "其他处罚",
    "corrects": "纠正原行为", "withdraws_publicity": "撤下公示", "year": "年度", "deduction": "扣分",
    "veto": "一票否决", "machine": "系统自动核对项", "blocking": "不符合时阻止归档", "brackets": "裁量档次",
    "flags": "标记", "fine_condition": "罚款条件", "list": "清单", "violation_ids": "违法行为",
    "consequence": "后果", "cure": "消除事由的方式", "conditions": "条件", "trigger": "触发条件", "number": "编号",
    "kinds": "适用主体类型", "window_from": "起始日", "window_to": "截止日", "first_report_year": "首次报告年度",
    "decides": "决定机关", "removal_decides": "移出决定机关", "authority": "决定机关", "bureau_role": "本局角色",
    "split": "档次划分", "needs_explanation": "须说明理由", "min_publicity_months": "最短公示期（月）",
    "short_publicity_kinds": "适用短公示期的种类", "representative_bar_grounds": "任职限制的事由", "params": "参数",
    "natural_person_max": "自然人上限", "organisation_max": "法人或者其他组织上限", "natural_person_min": "自然人起点",
    "organisation_min": "法人或者其他组织起点", "daily_rate": "每日比例", "length_days": "天数",
    "lookback_years": "回溯年数", "thresholds": "分界值", "lighter": "从轻", "general": "一般", "heavier": "从重",
    "reason": "理由", "short_period_rule": "短期规则", "other_period_rule": "其他期限规则",
    "restriction_rule": "限制规则", "short_kinds": "短期种类", "below": "低于", "description": "说明", "fine": "罚款",
    "min": "下限", "max": "上限",
}  # fmt: skip


def is_code(value: str) -> bool:
    """A coded value of a table (``goods_value``, ``tianjin_default_30_40_30``): shown by its Chinese label."""
    return bool(_CODE.match(value))


@functools.cache
def code_labels(path: Path = LABELS_FILE) -> dict[str, str]:
    """The Chinese label of every coded value the tables show (``tables/code_labels.yaml``)."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("codes",), optional=("note",))
    labels: dict[str, str] = {}
    for code, label in (data["codes"] or {}).items():
        if not isinstance(code, str) or not is_code(code):
            raise TableError(
                "labels.bad_code", f"{path.name}：{code!r} 不是代码（小写字母、数字和下划线）", value=str(code)
            )
        if not isinstance(label, str) or not label.strip() or label.isascii():
            raise TableError("labels.not_chinese", f"{path.name}：代码 {code} 的名称应为中文", value=code)
        labels[code] = label.strip()
    return labels


def code_label(code: str) -> str:
    """The Chinese label of a coded value; the code itself only if the table checker has not run (it refuses)."""
    return code_labels().get(code, code)


def _codes(value: Any) -> Iterator[str]:
    """The coded values ``_shown`` would show (the same walk)."""
    if isinstance(value, Mapping):
        if value.get("instrument") and set(value) <= {"instrument", "article", "url"}:
            return
        for key, item in value.items():
            if str(key) not in _HIDDEN:
                yield from _codes(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _codes(item)
    elif isinstance(value, str) and is_code(value):
        yield value


def _node_codes(node: Mapping[str, Any]) -> Iterator[str]:
    """The coded values ``_value_text`` shows for one table value."""
    if "value" in node:
        yield from _codes(node["value"])
    elif not ("length" in node and "unit" in node):
        for key, value in node.items():
            if key not in _META and key not in _NOT_SHOWN:
                yield from _codes(value)


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
        return "；".join(f"{FIELD_LABELS.get(str(k), k)}：{_shown(v)}" for k, v in shown) or "无"
    if isinstance(value, list | tuple):
        return "、".join(_shown(v) for v in value) or "无"
    if isinstance(value, str) and is_code(value):
        return code_label(value)
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
        parts.append(f"{FIELD_LABELS.get(key, key)}：{text}")
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
        top_label = str(data.get("instrument") or rel) if isinstance(data, Mapping) else rel
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
                )
            )
    return tuple(values)


def unlabelled_codes(directory: Path = TABLES_DIR, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Coded values a screen would show without a Chinese label: code → the ref of the first value showing it."""
    known = code_labels() if labels is None else labels
    missing: dict[str, str] = {}
    for path in sorted(directory.rglob("*.yaml")):
        rel = path.relative_to(directory).as_posix()
        if rel in (USES_FILE.name, LABELS_FILE.name):
            continue
        for parts, _, _, node in _walk(load_yaml(path), [], rel, None):
            if _status(node["status"]) is None:
                continue
            for code in _node_codes(node):
                if code not in known:
                    missing.setdefault(code, f"{rel}#{'/'.join(parts)}")
    return missing


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
            value.ref, value.label, value.value, value.citation, value.status, value.fingerprint, matched
        )
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
