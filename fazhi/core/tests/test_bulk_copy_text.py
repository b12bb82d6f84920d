"""``fazhi.core.bulk``'s COPY text: values written as PostgreSQL's COPY text format reads them back unchanged.

Expected texts written by hand from the format's rules (PostgreSQL 15 documentation, COPY, "Text Format"): a
backslash, tab, newline and carriage return inside a value are written ``\\\\``, ``\\t``, ``\\n``, ``\\r``; NULL is
``\\N`` (so a text that *is* ``\\N`` must be escaped to ``\\\\N``); booleans ``t``/``f``; dates ISO 8601."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from fazhi.core import bulk

CASES = [
    ("普通文本", "普通文本"),
    ("反斜杠\\分店", "反斜杠\\\\分店"),
    ("制表\t符", "制表\\t符"),
    ("第一行\n第二行\r\n第三行", "第一行\\n第二行\\r\\n第三行"),
    ("\\N", "\\\\N"),
    ("", ""),
    (None, "\\N"),
    (True, "t"),
    (False, "f"),
    (0, "0"),
    (-12, "-12"),
    (Decimal("12.50"), "12.50"),
    (dt.date(2023, 12, 31), "2023-12-31"),
    (dt.datetime(2023, 12, 31, 23, 59, 1, 5, tzinfo=dt.UTC), "2023-12-31T23:59:01.000005+00:00"),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_单个值的COPY文本(value, expected):
    assert bulk.copy_text(value) == expected


def test_不认识的类型_拒绝而不是猜():
    with pytest.raises(TypeError):
        bulk.copy_text(1.5)
    with pytest.raises(TypeError):
        bulk.copy_text({"a": 1})


def test_按列转换的行_与逐值转换相同():
    columns = [
        ["甲", "反斜杠\\", None, "\\N"],
        [1, None, 3, 4],
        [dt.date(2020, 1, 2), dt.date(2021, 3, 4), None, dt.date(2022, 5, 6)],
        [None, None, None, None],
        [True, False, None, True],
        ["a\tb", "c", "d\ne", ""],
    ]
    expected = ["\t".join(bulk.copy_text(col[i]) for col in columns) for i in range(4)]
    assert bulk.copy_text_rows(columns) == expected
    assert expected[0] == "甲\t1\t2020-01-02\t\\N\tt\ta\\tb"
    assert bulk.copy_text_rows([]) == []


@pytest.mark.django_db
def test_PostgreSQL_COPY读回的值与写入的相同():
    if connection.vendor != "postgresql":
        pytest.skip("COPY 仅用于 PostgreSQL")
    texts = [v for v, _ in CASES if isinstance(v, str) or v is None]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE copy_probe (no int, t text, d date, n numeric, b boolean)")
        rows = [
            [i for i in range(len(texts))],
            texts,
            [dt.date(2023, 1, 1 + i) if i % 2 else None for i in range(len(texts))],
            [Decimal(i) / 4 for i in range(len(texts))],
            [i % 2 == 0 for i in range(len(texts))],
        ]
        bulk.insert_text("copy_probe", "no, t, d, n, b", [line + "\n" for line in bulk.copy_text_rows(rows)])
        cur.execute("SELECT t, d, n, b FROM copy_probe ORDER BY no")
        assert cur.fetchall() == list(zip(*rows[1:], strict=True))


@pytest.mark.django_db
def test_PostgreSQL_COPY发送完毕_等待入库前_通知登记的回调():
    """``while_copies_store``: inside the block, after a ``copy_in`` body has sent its rows and before the COPY ends
    (the rows are not yet stored: the writer waits for the server then); one call per COPY; none outside the
    block."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY 仅用于 PostgreSQL")
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE copy_probe (no int)")
    seen = []

    def count():
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM copy_probe")
            return cur.fetchone()[0]

    with bulk.copy_in("copy_probe", ["no"]) as send:
        send("1\n")
    with bulk.while_copies_store(lambda: seen.append("called")):
        with bulk.copy_in("copy_probe", ["no"]) as send:
            send("2\n3\n")
            assert seen == []  # not while the body still sends
        assert seen == ["called"]
        assert count() == 3
        bulk.insert_text("copy_probe", ["no"], ["4\n"])
        assert seen == ["called", "called"]
    bulk.insert_text("copy_probe", ["no"], ["5\n"])
    assert seen == ["called", "called"] and count() == 5
