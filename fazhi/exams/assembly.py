"""Papers by rule from a recorded seed, and scoring: pure functions (no Django, no clock, no global random).

A paper rule asks for ``count`` questions of one topic (the law), one kind and optionally one difficulty. The
candidates of a rule are the ids of the questions in the bank on the sitting's date that match it, sorted; the
sitter's paper takes, rule by rule, the first ``count`` ids of a seeded Fisher–Yates shuffle of those candidates.
The shuffle draws from SHA-256 of ``seed:rule-position:counter`` (a stream anyone can recompute with hashlib), so
a paper is re-derived from the recorded seed and the bank as it stood — ``assemble`` is the one function both the
sitting and the check use. The pool digest (SHA-256 of the candidate lists) shows whether the bank a re-derivation
sees is the one the sitter saw.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

KINDS = ("single", "multiple", "true_false")
TRUE, FALSE = "T", "F"


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of an exam's paper: ``count`` questions of ``topic``/``kind`` (``difficulty`` None = any)."""

    position: int
    topic: str
    kind: str
    difficulty: int | None
    count: int
    points: int

    @property
    def key(self) -> str:
        return f"{self.position}:{self.topic}:{self.kind}:{self.difficulty or '*'}"


@dataclass(frozen=True, slots=True)
class Slot:
    """One question on a paper: its position, question id and what it is worth."""

    position: int
    question_id: int
    points: int


class ShortPool(ValueError):
    """The bank holds fewer questions for a rule than the rule asks for."""

    def __init__(self, rule: Rule, available: int) -> None:
        super().__init__(f"rule {rule.key}: {available} < {rule.count}")
        self.rule = rule
        self.available = available


def sitter_seed(exam_seed: str, officer_id: int) -> str:
    """The sitter's seed: SHA-256 of the exam's recorded seed and the sitter's staff id."""
    return hashlib.sha256(f"{exam_seed}:{officer_id}".encode()).hexdigest()


def _stream(seed: str, label: str):
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}:{label}:{counter}".encode()).digest()
        for offset in range(0, 32, 8):
            yield int.from_bytes(digest[offset : offset + 8], "big")
        counter += 1


def _below(stream, n: int) -> int:
    """Uniform integer in [0, n) by rejection sampling from 64-bit draws (no modulo bias)."""
    limit = (1 << 64) - ((1 << 64) % n)
    while True:
        value = next(stream)
        if value < limit:
            return value % n


def shuffled(ids: Sequence[int], seed: str, label: str) -> list[int]:
    """A Fisher–Yates shuffle of ``sorted(ids)`` driven by ``seed`` and ``label``."""
    out = sorted(ids)
    stream = _stream(seed, label)
    for i in range(len(out) - 1, 0, -1):
        j = _below(stream, i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def pool_digest(pools: Mapping[str, Sequence[int]]) -> str:
    """SHA-256 of the sorted candidate ids per rule key (what the sitter's bank offered)."""
    canonical = json.dumps({k: sorted(v) for k, v in sorted(pools.items())}, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def assemble(seed: str, rules: Sequence[Rule], pools: Mapping[str, Sequence[int]]) -> list[Slot]:
    """The paper: for each rule in position order, ``count`` questions drawn from its pool.

    A question matching two rules is taken at most once (a later rule skips ids an earlier rule took).
    Raises ``ShortPool`` when a rule cannot be filled.
    """
    taken: set[int] = set()
    slots: list[Slot] = []
    for rule in sorted(rules, key=lambda r: r.position):
        candidates = [q for q in shuffled(pools.get(rule.key, ()), seed, rule.key) if q not in taken]
        if len(candidates) < rule.count:
            raise ShortPool(rule, len(candidates))
        for question_id in candidates[: rule.count]:
            taken.add(question_id)
            slots.append(Slot(len(slots) + 1, question_id, rule.points))
    return slots


# --- answers and scoring ------------------------------------------------------------------------------------


def normalise_response(kind: str, raw: str | Sequence[str], option_count: int) -> str:
    """A sitter's answer in stored form: letters in order (``"ACD"``) or ``"T"``/``"F"``; ``""`` = unanswered.

    Raises ``ValueError`` for a letter outside the question's options, several letters on a single-choice
    question, or anything but T/F on a true/false question.
    """
    letters = "".join(raw) if not isinstance(raw, str) else raw
    letters = "".join(sorted(set(letters.strip().upper().replace(",", "").replace(" ", ""))))
    if not letters:
        return ""
    if kind == "true_false":
        if letters not in (TRUE, FALSE):
            raise ValueError("true_false")
        return letters
    allowed = {chr(ord("A") + i) for i in range(option_count)}
    if not set(letters) <= allowed:
        raise ValueError("option")
    if kind == "single" and len(letters) != 1:
        raise ValueError("single")
    return letters


def is_correct(response: str, answer: str) -> bool:
    """All or nothing: a multiple-choice answer scores only when exactly the right options are chosen."""
    return bool(response) and response == answer


def score(slots: Sequence[tuple[str, str, int]]) -> tuple[int, list[bool]]:
    """``slots`` = (response, answer, points) in paper order → (total points, correctness per slot)."""
    marks = [is_correct(response, answer) for response, answer, _points in slots]
    total = sum(points for (_r, _a, points), ok in zip(slots, marks, strict=True) if ok)
    return total, marks


def result_digest(*, sitting_id: int, seed: str, responses: Sequence[tuple[int, int, str]], total: int) -> str:
    """SHA-256 over the submitted paper (position, question id, response) and the score, recorded at submission:
    any later change to an answer or the score no longer matches the digest in the audit trail."""
    payload = {"sitting": sitting_id, "seed": seed, "responses": [list(r) for r in responses], "score": total}
    return hashlib.sha256(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
