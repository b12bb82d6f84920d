"""Paper assembly and scoring (pure). The shuffle is checked against an oracle written from the docstring with
hashlib alone, so anyone can re-derive a paper from its recorded seed without fazhi."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.exams import assembly
from fazhi.exams.assembly import Rule, ShortPool


def oracle_shuffle(ids, seed, label):
    """Fisher–Yates over sorted ids; draws are successive 8-byte big-endian words of
    SHA-256(f"{seed}:{label}:{counter}"), rejection-sampled below the largest multiple of n under 2**64."""
    out = sorted(ids)
    words = []
    counter = 0

    def draw():
        nonlocal counter
        while not words:
            digest = hashlib.sha256(f"{seed}:{label}:{counter}".encode()).digest()
            words.extend(int.from_bytes(digest[i : i + 8], "big") for i in (0, 8, 16, 24))
            counter += 1
        return words.pop(0)

    for i in range(len(out) - 1, 0, -1):
        n = i + 1
        limit = 2**64 - (2**64 % n)
        while True:
            v = draw()
            if v < limit:
                break
        j = v % n
        out[i], out[j] = out[j], out[i]
    return out


def test_洗牌与只用hashlib写成的复算一致():
    ids = list(range(100, 160))
    for seed in ("a" * 64, hashlib.sha256(b"fazhi").hexdigest()):
        assert assembly.shuffled(ids, seed, "1:行政处罚法:single:*") == oracle_shuffle(
            ids, seed, "1:行政处罚法:single:*"
        )


def test_考生种子由考试种子与人员编号派生():
    assert assembly.sitter_seed("abc", 7) == hashlib.sha256(b"abc:7").hexdigest()
    assert assembly.sitter_seed("abc", 7) != assembly.sitter_seed("abc", 8)


RULES = [Rule(1, "行政处罚法", "single", None, 3, 2), Rule(2, "行政处罚法", "true_false", 2, 2, 1)]


def test_按规则顺序组卷_题号连续_分值取自规则():
    pools = {RULES[0].key: [1, 2, 3, 4, 5], RULES[1].key: [10, 11, 12]}
    slots = assembly.assemble("s", RULES, pools)
    assert [s.position for s in slots] == [1, 2, 3, 4, 5]
    assert {s.question_id for s in slots[:3]} <= {1, 2, 3, 4, 5}
    assert {s.question_id for s in slots[3:]} <= {10, 11, 12}
    assert [s.points for s in slots] == [2, 2, 2, 1, 1]
    assert [s.question_id for s in slots[:3]] == oracle_shuffle([1, 2, 3, 4, 5], "s", RULES[0].key)[:3]


def test_同一种子同一题库_试卷相同_与候选顺序无关():
    pools = {RULES[0].key: [5, 3, 1, 4, 2], RULES[1].key: [12, 10, 11]}
    again = {RULES[0].key: [1, 2, 3, 4, 5], RULES[1].key: [10, 11, 12]}
    assert assembly.assemble("s", RULES, pools) == assembly.assemble("s", RULES, again)


def test_两条规则可选同一题时_后一条规则跳过已选的题():
    rules = [Rule(1, "T", "single", None, 2, 1), Rule(2, "T", "single", None, 2, 1)]
    pools = {rules[0].key: [1, 2, 3, 4], rules[1].key: [1, 2, 3, 4]}
    ids = [s.question_id for s in assembly.assemble("z", rules, pools)]
    assert sorted(ids) == [1, 2, 3, 4]


def test_题库不足_拒绝组卷并指出规则():
    with pytest.raises(ShortPool) as info:
        assembly.assemble("s", RULES, {RULES[0].key: [1, 2], RULES[1].key: [10, 11]})
    assert info.value.rule == RULES[0] and info.value.available == 2


@settings(deadline=None)  # the shared CI machine is slow at times; the property is what matters
@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=60, unique=True), st.text(min_size=1, max_size=20))
def test_洗牌是候选题的一个排列(ids, seed):
    assert sorted(assembly.shuffled(ids, seed, "k")) == sorted(ids)


def test_池摘要与候选顺序无关():
    assert assembly.pool_digest({"a": [2, 1]}) == assembly.pool_digest({"a": [1, 2]})
    assert assembly.pool_digest({"a": [1, 2]}) != assembly.pool_digest({"a": [1, 3]})


@pytest.mark.parametrize(
    ("kind", "raw", "options", "expected"),
    [
        ("single", "b", 4, "B"),
        ("single", "", 4, ""),
        ("multiple", "DCA", 4, "ACD"),
        ("multiple", ["C", "A"], 4, "AC"),
        ("multiple", "A,A", 4, "A"),
        ("true_false", "t", 0, "T"),
        ("true_false", "F", 0, "F"),
    ],
)
def test_作答规范化(kind, raw, options, expected):
    assert assembly.normalise_response(kind, raw, options) == expected


@pytest.mark.parametrize(
    ("kind", "raw", "options"),
    [("single", "AB", 4), ("single", "E", 4), ("multiple", "AZ", 4), ("true_false", "A", 0), ("true_false", "TF", 0)],
)
def test_不符合题型的作答被拒绝(kind, raw, options):
    with pytest.raises(ValueError):
        assembly.normalise_response(kind, raw, options)


def test_评分_多选全对才得分_未作答不得分():
    # (作答, 答案, 分值) — 手算：第1题对 2 分；第2题多选少选 0；第3题全对 3；第4题未作答 0；第5题判断对 1
    slots = [("B", "B", 2), ("AC", "ACD", 3), ("ACD", "ACD", 3), ("", "T", 1), ("F", "F", 1)]
    total, marks = assembly.score(slots)
    assert total == 6
    assert marks == [True, False, True, False, True]


def test_成绩摘要随作答或分数变化而变化():
    base = assembly.result_digest(sitting_id=1, seed="s", responses=[(1, 10, "A")], total=2)
    assert base == assembly.result_digest(sitting_id=1, seed="s", responses=[(1, 10, "A")], total=2)
    assert base != assembly.result_digest(sitting_id=1, seed="s", responses=[(1, 10, "B")], total=2)
    assert base != assembly.result_digest(sitting_id=1, seed="s", responses=[(1, 10, "A")], total=3)
