"""``fazhi file-reviews recompute``: the nightly timer command stores every case's live score, prints its counts in
Chinese or as JSON, and refuses a bad or future date with exit code 2 (expected values written by hand)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.models import AuditEvent
from fazhi.file_reviews.models import LiveScore
from fazhi.file_reviews.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_重算全部案件_输出JSON并留痕(closed_case, make_case):
    closed = closed_case()  # no evidence, not published: blocked on evidence_hashed and publicity_published
    make_case("filed")
    out = io.StringIO()
    call_command("file-reviews", "recompute", "--date", "2023-12-31", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["today"] == "2023-12-31" and data["rubric"] == "penalty-case-2021"
    assert data["cases"] == 2 and data["blocked"] == 2
    assert data["failed_by_checkpoint"]["evidence_hashed"] == 1
    assert LiveScore.objects.count() == 2
    assert LiveScore.objects.get(case=closed).score == 100 - 5 - 2 - 2
    event = AuditEvent.objects.get(action="file_reviews.live_recompute")
    assert event.actor_id is None and event.actor_label == "实时评查重算" and event.changes["cases"] == 2


def test_中文输出列出未通过的评查要点(closed_case):
    closed_case()
    out = io.StringIO()
    call_command("file-reviews", "recompute", stdout=out)
    text = out.getvalue()
    assert text.startswith(f"{TODAY} 实时评查") and "1 件案件，阻止归档 1 件" in text
    assert "件未通过" in text and "evidence_hashed" not in text  # checkpoints named in Chinese, not by their id


@pytest.mark.parametrize("date", ["2023-13-01", "20231231x", "2024-01-01"])
def test_错误或晚于今天的日期退出码为2(date):
    with pytest.raises(CommandError) as exc:
        call_command("file-reviews", "recompute", "--date", date, stdout=io.StringIO())
    assert exc.value.returncode == 2
    assert not AuditEvent.objects.filter(action="file_reviews.live_recompute").exists()
