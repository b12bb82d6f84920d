"""实时评查：经由案件服务办理的案件，机器核查结果、归档阻断、单案与批量重算一致（期望值手写）。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.cases import services as case_services
from fazhi.file_reviews import selectors
from fazhi.file_reviews.facts import load_facts
from fazhi.file_reviews.models import LiveScore
from fazhi.file_reviews.services import live_recompute
from fazhi.file_reviews.tests.conftest import D0, TODAY
from fazhi.rulebook import file_review as engine

pytestmark = pytest.mark.django_db


def statuses(case, today=TODAY) -> dict[str, str]:
    return {r.checkpoint_id: r.status for r in selectors.case_live_review(case, today=today).rows}


def test_立案调查中_尚未指派两名执法人员即不通过(make_case):
    case = make_case("filed")
    got = statuses(case)
    assert got["officers_certified"] == "fail"
    assert got["notice_before_decision"] == "pending"
    assert got["evidence_hashed"] == "pending"
    assert got["decision_document"] == "not_applicable"


def test_办结案件_没有证据材料扣分且阻断归档(closed_case):
    case = closed_case()
    view = selectors.case_live_review(case)
    got = {r.checkpoint_id: r.status for r in view.rows}
    assert got["officers_certified"] == "pass"
    assert got["notice_before_decision"] == "pass"
    assert got["decision_document"] == "pass"
    assert got["closing_approval"] == "pass"
    assert got["citations_present"] == "pass"
    assert got["discretion_reasons"] == "pass"
    assert got["handling_deadline"] == "pass"
    assert got["evidence_hashed"] == "fail"  # no evidence item was registered
    # Decided 2023-04-02 (the day after the 陈述申辩 period ran out): 20 working days from 4月3日 — 清明 4月5日
    # not counted, Sunday 4月23日 a make-up working day — end on 2023-04-28; not published by 2023-12-31, so both
    # publicity checks fail.
    assert case.decided_on == dt.date(2023, 4, 2)
    assert case.publication.due_on == dt.date(2023, 4, 28)
    assert got["publicity_published"] == "fail" and got["publicity_on_time"] == "fail"
    assert {r.checkpoint_id for r in view.blocking} == {"evidence_hashed", "publicity_published"}
    assert view.score == 100 - 5 - 2 - 2


def test_登记证据并公示后_阻断项消除(closed_case, users):
    case = closed_case(with_evidence=True)  # evidence is registered while the case is open (a 现场检查笔录)
    pub = case.publication
    case_services.publication_publish(publication=pub, on=D0 + dt.timedelta(days=40), actor=users["officer"])
    view = selectors.case_live_review(case)
    assert not view.blocking
    assert view.score == 100  # published 2023-04-10, before the 2023-04-28 due date
    selectors.check_archivable(case=case)  # no error


def test_阻断项未消除时归档闸门拒绝并逐项说明(closed_case):
    case = closed_case()
    with pytest.raises(Exception) as exc:
        selectors.check_archivable(case=case)
    assert exc.value.code == "file_reviews.archive_blocked"
    assert "evidence_hashed" in exc.value.params["checkpoints"]


def test_应当法制审核的案件经审核同意后通过(closed_case):
    case = closed_case(major_public_interest=True)  # 行政处罚法第五十八条第一款第（一）项
    got = statuses(case)
    assert got["legal_review"] == "pass"
    assert got["collective_discussion"] == "not_applicable"
    plain = statuses(closed_case())
    assert plain["legal_review"] == "not_applicable"  # 70,000 yuan to an organisation, no other criterion


def test_单案计算查询数固定(closed_case):
    """A fixed handful of queries whatever the case (the < 50 ms figure is measured by benchmarks/bench_file_reviews)."""
    case = closed_case()
    selectors.case_live_review(case)  # warm the rubric and calendar caches
    with CaptureQueriesContext(connection) as queries:
        selectors.case_live_review(case)
    assert len(queries) <= 10


def test_单案与批量重算结果一致(closed_case, make_case):
    cases = [closed_case(), make_case("notified"), make_case("filed")]
    report = live_recompute(today=TODAY, chunk_size=2)  # several chunks
    assert report.cases == 3
    stored = {s.case_id: s for s in LiveScore.objects.all()}
    for case in cases:
        view = selectors.case_live_review(case)
        assert stored[case.pk].score == view.score
        assert stored[case.pk].blocking == [r.checkpoint_id for r in view.blocking]
        assert stored[case.pk].rubric_id == "penalty-case-2021" and stored[case.pk].computed_on == TODAY
    rubric = engine.rubric_on(TODAY)
    by_range = {f.case_id: f for f in load_facts(rubric=rubric, id_range=(0, 10**9))}
    for case in cases:
        assert by_range[case.pk] == load_facts(rubric=rubric, case_ids=[case.pk])[0]
    by_set = load_facts(rubric=rubric, case_ids=[cases[2].pk, cases[0].pk, cases[2].pk])
    assert [f.case_id for f in by_set] == sorted([cases[0].pk, cases[2].pk])
    assert by_set == [by_range[pk] for pk in sorted([cases[0].pk, cases[2].pk])]
    assert load_facts(rubric=rubric, id_range=(cases[1].pk, cases[1].pk + 1)) == [by_range[cases[1].pk]]


def test_单案实时评查_事实为一条语句_且语句复用(closed_case):
    """单案页面：案件事实一条语句（外加日历键一条），再次请求时复用同一已编译语句、只换案件主键。"""
    first, second = closed_case(), closed_case()
    selectors.case_live_review(first)
    with CaptureQueriesContext(connection) as queries:
        selectors.case_live_review(second)
    fact_sql = [
        q["sql"]
        for q in queries.captured_queries
        if "cases_case" in q["sql"] and "deadlines_trackeddeadline" in q["sql"]
    ]
    assert len(fact_sql) == 1 and len(queries.captured_queries) <= 2
    assert str(second.pk) in fact_sql[0] and "-7300000001" not in fact_sql[0]


def test_重算覆盖旧结果(closed_case):
    closed_case()
    live_recompute(today=TODAY)
    live_recompute(today=TODAY)
    assert LiveScore.objects.count() == 1


def test_没有案件时重算为空():
    report = live_recompute(today=TODAY)
    assert report.cases == 0 and LiveScore.objects.count() == 0


def test_2021年7月15日前决定的案件_送达与法制审核检查不适用(department):
    from fazhi.cases.models import Case

    old = Case.objects.create(
        number="旧案1", department=department, title="t", party_kind="organisation", party_name="p",
        filed_on=dt.date(2019, 3, 1), decided_on=dt.date(2019, 5, 1), decision_kind="penalty", state="closed",
        served_on=dt.date(2019, 5, 30), major_public_interest=True,
    )  # fmt: skip
    got = statuses(old)
    assert got["service_in_time"] == "not_applicable" and got["legal_review"] == "not_applicable"
    assert live_recompute(today=TODAY).cases == 1
