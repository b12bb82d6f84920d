"""Check a bank's ``quote`` fields against the law texts of a LawRefBook/Laws checkout (Markdown, one file per law).

``fazhi exams verify-bank --laws-dir DIR`` reads each [TEXT] law version's ``source`` file under DIR, splits it
into articles (lines starting with 第…条) and reports every question whose quote is not found verbatim in its
article. Pure: file reading only, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fazhi.exams.bank import LawSpec, QuestionSpec

ARTICLE_LINE = re.compile(r"^第([一二三四五六七八九十百零〇]+)条")
# Markup of the supermariao/laws mirror (the one public text of 程序规定 we hold): indents, bold, anchors.
_MARKUP = re.compile(r"&emsp;|\*\*|</?span[^>]*>")


def split_articles(text: str) -> dict[str, str]:
    """``{"第三十六条": "第三十六条 …(following paragraphs)"}`` from a law text in Markdown (LawRefBook/Laws, or the
    supermariao/laws mirror once its indents, bold and anchors are taken off)."""
    out: dict[str, str] = {}
    current = None
    for raw in text.splitlines():
        line = _MARKUP.sub("", raw).strip()
        match = ARTICLE_LINE.match(line)
        if match:
            current = f"第{match.group(1)}条"
            out[current] = line
        elif current and line and not line.startswith("#"):
            out[current] += "\n" + line
    return out


@dataclass(frozen=True)
class Mismatch:
    code: str
    article: str
    reason: str


def verify(
    laws: list[LawSpec], questions: list[QuestionSpec], laws_dir: Path | list[Path]
) -> tuple[int, list[Mismatch]]:
    """(questions checked, mismatches). Only laws with status TEXT are checked, each in the first of ``laws_dir``
    that holds its ``source`` file; a file found in none is a mismatch."""
    dirs = laws_dir if isinstance(laws_dir, list) else [laws_dir]
    texts: dict[str, dict[str, str] | None] = {}
    for law in laws:
        if law.status != "TEXT":
            continue
        path = next((d / law.source for d in dirs if (d / law.source).is_file()), None)
        texts[law.code] = split_articles(path.read_text(encoding="utf-8")) if path is not None else None
    checked, problems = 0, []
    for q in questions:
        if q.law_code not in texts:
            continue
        articles = texts[q.law_code]
        article = q.article.split("第", 2)
        key = "第" + article[1] if len(article) > 1 else q.article  # 第五十八条第一款 → 第五十八条
        key = key[: key.index("条") + 1] if "条" in key else key
        checked += 1
        if articles is None:
            problems.append(Mismatch(q.code, q.article, "找不到法律文本文件"))
        elif key not in articles:
            problems.append(Mismatch(q.code, q.article, "文本中没有该条"))
        elif not q.quote:
            problems.append(Mismatch(q.code, q.article, "缺少法条原文摘录"))
        elif q.quote not in articles[key]:
            problems.append(Mismatch(q.code, q.article, "摘录与该条原文不符"))
    return checked, problems
