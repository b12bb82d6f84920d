"""The question bank's one validation, shared by the staff form, the API and the YAML loader.

``clean_question(...)`` returns the stored form of a question or raises a field ``DomainError``
(``exams.question.*`` codes); ``parse_document(data)`` reads a bank file (laws and questions, format in
docs/domain/exams.md) strictly: unknown or missing keys, a law a question does not declare, a duplicate code and
every invalid question are refused with the question's code in the message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fazhi.core import validation
from fazhi.core.errors import DomainError
from fazhi.exams.choices import Difficulty, QuestionKind, SourceStatus

STARTER_BANK = Path(__file__).resolve().parent / "data" / "starter_bank.yaml"
MIN_OPTIONS, MAX_OPTIONS = 2, 6
STEM_MAX, OPTION_MAX, NOTE_MAX = 500, 200, 1000
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,38}$")
ARTICLE_RE = re.compile(
    r"^第[一二三四五六七八九十百零〇]+条(之[一二三四五六七八九十])?(第[一二三四五六七八九十]+款)?(第[一二三四五六七八九十]+项)?$"
)
_LAW_KEYS = {"id", "title", "version", "in_force_from", "in_force_until", "status", "source", "last_verified_on"}
_QUESTION_KEYS = {"id", "law", "article", "difficulty", "kind", "stem", "options", "answer", "explanation", "quote"}
_QUESTION_REQUIRED = {"id", "law", "article", "difficulty", "kind", "stem", "answer"}


@dataclass(frozen=True)
class LawSpec:
    code: str
    title: str
    version: str
    in_force_from: dt.date
    in_force_until: dt.date | None
    status: str
    source: str
    last_verified_on: dt.date


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    law_code: str
    article: str
    kind: str
    difficulty: int
    stem: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    quote: str

    def content(self) -> dict[str, Any]:
        """The fields that make two versions of a question the same question."""
        return {
            "article": self.article,
            "kind": self.kind,
            "difficulty": self.difficulty,
            "stem": self.stem,
            "options": list(self.options),
            "answer": self.answer,
            "explanation": self.explanation,
            "quote": self.quote,
        }


def clean_question(
    *,
    article: Any,
    kind: Any,
    difficulty: Any,
    stem: Any,
    options: Any,
    answer: Any,
    explanation: Any = "",
    quote: Any = "",
    code: str = "",
) -> dict[str, Any]:
    """The stored form of a question (answer as letters ``"AC"`` or ``"T"``/``"F"``), or a field error."""
    where = f"试题 {code}：" if code else ""
    article_text = validation.text(article, field="article", max_chars=40, required=True, what="条款")
    if not ARTICLE_RE.match(article_text):
        raise DomainError(
            "exams.question.article", f"{where}条款应写作“第三十六条”或“第五十八条第一款”", field="article"
        )
    if kind not in QuestionKind.values:
        raise DomainError("exams.question.kind", f"{where}题型只能是单选、多选或判断", field="kind")
    level = validation.bounded_int(difficulty, field="difficulty", minimum=1, maximum=3)
    if level not in Difficulty.values:
        raise DomainError("exams.question.difficulty", f"{where}难度只能是 1、2、3", field="difficulty")
    stem_text = validation.text(stem, field="stem", max_chars=STEM_MAX, required=True, what="题干")
    if kind == QuestionKind.TRUE_FALSE:
        if options:
            raise DomainError("exams.question.options", f"{where}判断题不设选项", field="options")
        option_list: list[str] = []
        answer_text = str(answer or "").strip().upper()
        answer_text = {"TRUE": "T", "FALSE": "F", "正确": "T", "错误": "F", "对": "T", "错": "F"}.get(
            answer_text, answer_text
        )
        if answer_text not in ("T", "F"):
            raise DomainError("exams.question.answer", f"{where}判断题的答案应为“正确”或“错误”", field="answer")
    else:
        if isinstance(options, str):
            options = [line for line in options.splitlines() if line.strip()]
        if not isinstance(options, list | tuple):
            raise DomainError("exams.question.options", f"{where}选项应逐行填写", field="options")
        option_list = [
            validation.text(o, field="options", max_chars=OPTION_MAX, required=True, what="选项") for o in options
        ]
        if not MIN_OPTIONS <= len(option_list) <= MAX_OPTIONS:
            raise DomainError(
                "exams.question.options", f"{where}选择题应有 {MIN_OPTIONS}–{MAX_OPTIONS} 个选项", field="options"
            )
        if len(set(option_list)) != len(option_list):
            raise DomainError("exams.question.options", f"{where}选项不能重复", field="options")
        letters = "".join(sorted(set(str(answer or "").strip().upper().replace(",", "").replace(" ", ""))))
        allowed = {chr(ord("A") + i) for i in range(len(option_list))}
        if not letters or not set(letters) <= allowed:
            raise DomainError(
                "exams.question.answer",
                f"{where}答案应为选项字母（A–{chr(ord('A') + len(option_list) - 1)}）",
                field="answer",
            )
        if kind == QuestionKind.SINGLE and len(letters) != 1:
            raise DomainError("exams.question.answer", f"{where}单选题只能有一个正确答案", field="answer")
        if kind == QuestionKind.MULTIPLE and len(letters) < 2:
            raise DomainError("exams.question.answer", f"{where}多选题应有两个或以上正确答案", field="answer")
        answer_text = letters
    return {
        "article": article_text,
        "kind": kind,
        "difficulty": level,
        "stem": stem_text,
        "options": option_list,
        "answer": answer_text,
        "explanation": validation.text(explanation, field="explanation", max_chars=NOTE_MAX, what="解析"),
        "quote": validation.text(quote, field="quote", max_chars=NOTE_MAX, what="法条原文摘录"),
    }


def _date(where: str, value: Any, *, allow_none: bool = False) -> dt.date | None:
    if value is None and allow_none:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("exams.bank.date", f"{where}：日期应为 YYYY-MM-DD，得到 {value!r}") from None


def _keys(where: str, data: Any, *, allowed: set[str], required: set[str]) -> None:
    if not isinstance(data, dict):
        raise DomainError("exams.bank.format", f"{where}：应为键值表")
    unknown, missing = sorted(set(data) - allowed), sorted(required - set(data))
    if unknown:
        raise DomainError("exams.bank.unknown_key", f"{where}：未知字段 {', '.join(unknown)}")
    if missing:
        raise DomainError("exams.bank.missing_key", f"{where}：缺少字段 {', '.join(missing)}")


def parse_document(data: Any) -> tuple[list[LawSpec], list[QuestionSpec]]:
    """A bank document → its law versions and questions, all validated (the first problem is raised)."""
    _keys("题库文件", data, allowed={"laws", "questions"}, required={"laws", "questions"})
    laws: dict[str, LawSpec] = {}
    for raw in data["laws"] or []:
        _keys("法律版本", raw, allowed=_LAW_KEYS, required=_LAW_KEYS)
        code = str(raw["id"])
        where = f"法律版本 {code}"
        if not CODE_RE.match(code) or code in laws:
            raise DomainError("exams.bank.law_code", f"{where}：代码无效或重复")
        if raw["status"] not in SourceStatus.values:
            raise DomainError("exams.bank.status", f"{where}：status 只能是 TEXT、SECONDARY 或 UNCONFIRMED")
        start = _date(where, raw["in_force_from"])
        until = _date(where, raw["in_force_until"], allow_none=True)
        if start is None or (until is not None and until <= start):
            raise DomainError("exams.bank.period", f"{where}：停止适用日期应晚于施行日期")
        laws[code] = LawSpec(
            code=code,
            title=validation.text(raw["title"], max_chars=100, required=True),
            version=validation.text(raw["version"], max_chars=200, required=True),
            in_force_from=start,
            in_force_until=until,
            status=raw["status"],
            source=validation.text(raw["source"], max_chars=300),
            last_verified_on=_date(where, raw["last_verified_on"]),  # type: ignore[arg-type]
        )
    questions: list[QuestionSpec] = []
    seen: set[str] = set()
    for raw in data["questions"] or []:
        _keys("试题", raw, allowed=_QUESTION_KEYS, required=_QUESTION_REQUIRED)
        code = str(raw["id"])
        if not CODE_RE.match(code) or code in seen:
            raise DomainError("exams.bank.question_code", f"试题 {code}：题号无效或重复")
        seen.add(code)
        if raw["law"] not in laws:
            raise DomainError("exams.bank.unknown_law", f"试题 {code}：法律版本 {raw['law']} 未在 laws 中声明")
        clean = clean_question(
            code=code,
            article=raw["article"],
            kind=raw["kind"],
            difficulty=raw["difficulty"],
            stem=raw["stem"],
            options=raw.get("options") or [],
            answer=raw["answer"],
            explanation=raw.get("explanation", ""),
            quote=raw.get("quote", ""),
        )
        questions.append(QuestionSpec(code=code, law_code=raw["law"], **{**clean, "options": tuple(clean["options"])}))
    return list(laws.values()), questions


def read_bank_file(path: Path = STARTER_BANK) -> tuple[list[LawSpec], list[QuestionSpec]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DomainError("exams.bank.file", f"无法读取题库文件 {path.name}：{exc}") from exc
    return parse_document(data)
