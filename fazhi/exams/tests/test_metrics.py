"""training.exam_* over hand-built exams on both sides of 1 January: the year is the exam's (an annual exam
opened on 31 December 2022 whose papers came in after midnight counts for 2022), make-ups count with their
exam, exempt staff are not required, other kinds of exams do not count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core import clock
from fazhi.core.metrics import compute_all
from fazhi.exams import services
from fazhi.exams.models import Answer, Candidate

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI
APL = "中华人民共和国行政处罚法"


def _sit(exam, user, *, right: bool):
    s = services.sitting_start(exam=exam, actor=user)
    for a in Answer.objects.filter(sitting=s).select_related("question"):
        answer = a.question.answer
        services.answer_save(sitting=s, position=a.position, response=answer if right else ("F" if answer == "T" else "T"),
                             actor=user)  # fmt: skip
    return services.sitting_submit(sitting=s, actor=user)


@pytest.fixture
def history(make_exam, sitters, organiser, frozen, settings):
    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    rules = ((APL, "true_false", None, 4, 20),)
    # 2022 annual exam, opened 31 Dec 23:00: a passes after midnight (1 Jan 2023), b fails, c does not sit.
    frozen.at = dt.datetime(2022, 12, 31, 23, 0, tzinfo=SH)
    e22 = make_exam(rules=rules, pass_mark=60, opens=frozen.at, hours=3, duration=60, title="2022年度考试")
    frozen.advance(minutes=50)
    _sit(e22, sitters["b"], right=False)
    frozen.advance(minutes=20)  # 2023-01-01 00:10
    _sit(e22, sitters["a"], right=True)
    services.exam_close(exam=e22, actor=organiser)
    # 2023 annual exam: c exempt; a fails then passes the make-up; b passes.
    frozen.at = dt.datetime(2023, 1, 1, 9, 0, tzinfo=SH)
    e23 = make_exam(rules=rules, pass_mark=60, opens=frozen.at, title="2023年度考试", publish=False)
    services.candidate_exempt(candidate=Candidate.objects.get(exam=e23, officer=sitters["c"].officer), reason="借调",
                              actor=organiser)  # fmt: skip
    e23.refresh_from_db()
    services.exam_publish(exam=e23, expected_revision=e23.revision, actor=organiser)
    e23.refresh_from_db()
    _sit(e23, sitters["a"], right=False)
    _sit(e23, sitters["b"], right=True)
    services.exam_close(exam=e23, actor=organiser)
    frozen.at = dt.datetime(2023, 3, 1, 9, 0, tzinfo=SH)
    makeup = services.makeup_create(original=e23, title="补考", opens_at=frozen.at,
                                    closes_at=frozen.at + dt.timedelta(hours=2), actor=organiser)  # fmt: skip
    services.exam_publish(exam=makeup, expected_revision=makeup.revision, actor=organiser)
    makeup.refresh_from_db()
    _sit(makeup, sitters["a"], right=True)
    # A special test in 2023 that everyone fails: not the annual exam, not counted.
    frozen.at = dt.datetime(2023, 12, 31, 20, 0, tzinfo=SH)
    special = make_exam(rules=rules, pass_mark=60, opens=frozen.at, title="专题测试", kind="special")
    _sit(special, sitters["c"], right=False)


def test_参加考试人数_按考试年度_跨零点交卷仍计入原年度(history):
    assert compute_all(2022, only="training.")["training.exam_takers"] == 2  # a, b
    assert compute_all(2023, only="training.")["training.exam_takers"] == 2  # a（补考）, b；c 只参加专题测试


def test_参考率_免考人员不计入应考(history):
    assert compute_all(2022, only="training.")["training.exam_participation_rate"] == Decimal("66.67")  # 2/3
    assert compute_all(2023, only="training.")["training.exam_participation_rate"] == Decimal("100.00")  # 2/2


def test_合格率_补考合格计为合格(history):
    assert compute_all(2022, only="training.")["training.exam_pass_rate"] == Decimal("50.00")  # a/ (a,b)
    assert compute_all(2023, only="training.")["training.exam_pass_rate"] == Decimal("100.00")


def test_没有年度考试的年份没有数据(history):
    values = compute_all(2021, only="training.exam")
    assert values == {
        "training.exam_participation_rate": None,
        "training.exam_pass_rate": None,
        "training.exam_takers": None,
    }


def test_指标列出所计人员_与口径一致(history, sitters):
    """The report opens each figure's records: the takers (a after the make-up counted once, b) and the required."""
    from fazhi.core.metrics import METRICS

    takers = METRICS["training.exam_takers"].records
    required = METRICS["training.exam_participation_rate"].records
    assert takers is not None and required is not None
    assert sorted(c.officer_id for c in takers(2023)) == sorted([sitters["a"].officer_id, sitters["b"].officer_id])
    assert sorted(c.officer_id for c in required(2022)) == sorted(sitters[k].officer_id for k in "abc")
    assert [c.officer_id for c in required(2023)] != [] and sitters["c"].officer_id not in {
        c.officer_id for c in required(2023)
    }  # 免考
    assert METRICS["training.exam_pass_rate"].records is takers
    assert all(METRICS[m].definition for m in ("training.exam_takers", "training.exam_participation_rate"))
