"""Exams and sittings through the services: publishing, the drawn paper, timing by the server, scoring, results
that cannot change, make-ups and exemptions."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.exams import selectors, services
from fazhi.exams.models import Answer, Candidate, Sitting

from .conftest import T0

pytestmark = pytest.mark.django_db

APL = "中华人民共和国行政处罚法"


def _code(call):
    with pytest.raises(DomainError) as info:
        call()
    return info.value.code


def test_应考名单_只取本局在岗人员(make_exam, staff):
    exam = make_exam(publish=False)
    on_roster = set(exam.candidates.values_list("officer_id", flat=True))
    assert on_roster == {staff["a"].pk, staff["b"].pk, staff["c"].pk}  # 外部成员单位、离岗人员不在名单


def test_发布_记录种子_规则须可组卷(make_exam, organiser):
    exam = make_exam(publish=False, rules=((APL, "single", 3, 40, 1),))  # 起始题库没有 40 道较难单选
    assert _code(lambda: services.exam_publish(exam=exam, expected_revision=exam.revision, actor=organiser)) == (
        "exams.publish.pool_short"
    )
    ok = make_exam(title="另一场")
    assert len(ok.seed) == 32 and ok.status == "published" and ok.total_points == 40
    event = AuditEvent.objects.filter(action="exams.exam_publish", object_id=str(ok.pk)).get()
    assert event.changes["seed"] == ok.seed


def test_合格分不得超过满分_过期的页面版本被拒绝(make_exam, organiser):
    exam = make_exam(publish=False, pass_mark=41)
    assert _code(lambda: services.exam_publish(exam=exam, expected_revision=exam.revision, actor=organiser)) == (
        "exams.publish.pass_mark"
    )
    assert _code(lambda: services.exam_publish(exam=exam, expected_revision=exam.revision + 5, actor=organiser)) in (
        "exams.publish.pass_mark", "concurrency.stale",
    )  # fmt: skip


def test_开始答题_按种子组卷_可复现_每人试卷不同(make_exam, sitters):
    exam = make_exam()
    a = services.sitting_start(exam=exam, actor=sitters["a"])
    c = services.sitting_start(exam=exam, actor=sitters["c"])
    assert a.answers.count() == 10 and a.max_score == 40
    assert a.seed != c.seed
    assert list(a.answers.values_list("question_id", flat=True)) != list(
        c.answers.values_list("question_id", flat=True)
    )
    check = selectors.rederive(a)
    assert check.paper_matches and check.pool_matches and check.result_matches is None
    assert services.sitting_start(exam=exam, actor=sitters["a"]).pk == a.pk  # 再次进入 = 继续答题


def test_不在名单_免考_未关联档案_未开考_均不能答题(make_exam, sitters, make_user, organiser, frozen):
    exam = make_exam()
    stranger = make_user("officer")
    assert _code(lambda: services.sitting_start(exam=exam, actor=stranger)) == "exams.no_staff_record"
    cand = Candidate.objects.get(exam=exam, officer=sitters["b"].officer)
    services.candidate_exempt(candidate=cand, reason="病假", actor=organiser)
    assert _code(lambda: services.sitting_start(exam=exam, actor=sitters["b"])) == "exams.exempt"
    later = make_exam(title="明天的考试", opens=T0 + dt.timedelta(days=1))
    assert _code(lambda: services.sitting_start(exam=later, actor=sitters["a"])) == "exams.not_yet"


def _answer_all(sitting, actor, right: int):
    """Answer the first ``right`` questions correctly and the rest wrongly."""
    for a in Answer.objects.filter(sitting=sitting).select_related("question").order_by("position"):
        correct = a.question.answer
        wrong = "F" if correct == "T" else ("T" if correct == "F" else ("A" if correct != "A" else "B"))
        if a.question.kind == "multiple":
            wrong = "A"  # every multiple answer in the bank has at least two letters
        services.answer_save(sitting=sitting, position=a.position, response=correct if a.position <= right else wrong,
                             actor=actor)  # fmt: skip


def test_交卷自动评分_合格线_成绩摘要入审计链(make_exam, sitters):
    exam = make_exam()  # 10 题 × 4 分，合格 24 分
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    _answer_all(s, sitters["a"], right=6)
    done = services.sitting_submit(sitting=s, actor=sitters["a"])
    assert (done.score, done.passed, done.submitted_how) == (24, True, "sitter")
    s2 = services.sitting_start(exam=exam, actor=sitters["c"])
    _answer_all(s2, sitters["c"], right=5)
    assert services.sitting_submit(sitting=s2, actor=sitters["c"]).passed is False  # 20 < 24
    event = AuditEvent.objects.get(action="exams.sitting_submit", object_id=str(s.pk))
    assert event.changes["result_digest"] == done.result_digest and event.changes["score"] == 24
    assert selectors.rederive(done).result_matches is True


def test_交卷后不可修改_篡改可被校验发现(make_exam, sitters):
    exam = make_exam()
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    _answer_all(s, sitters["a"], right=10)
    services.sitting_submit(sitting=s, actor=sitters["a"])
    assert _code(lambda: services.answer_save(sitting=s, position=1, response="A", actor=sitters["a"])) == (
        "exams.submitted"
    )
    assert _code(lambda: services.sitting_submit(sitting=s, actor=sitters["a"])) == "exams.submitted"
    Sitting.objects.filter(pk=s.pk).update(score=39)  # 绕过服务直接改库
    s.refresh_from_db()
    assert selectors.rederive(s).result_matches is False


def test_只有考生本人能作答(make_exam, sitters):
    exam = make_exam()
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    assert _code(lambda: services.answer_save(sitting=s, position=1, response="A", actor=sitters["b"])) == (
        "access.not_found"
    )


def test_服务器计时_超时后保存被拒并自动交卷(make_exam, sitters, frozen):
    exam = make_exam(duration=30)
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    assert s.deadline_at == T0 + dt.timedelta(minutes=30)
    services.answer_save(sitting=s, position=1, response=Answer.objects.get(sitting=s, position=1).question.answer,
                         actor=sitters["a"])  # fmt: skip
    frozen.advance(minutes=30, seconds=5)  # 截止后 5 秒：在网络延迟容差内，仍可保存
    services.answer_save(sitting=s, position=2, response="", actor=sitters["a"])
    frozen.advance(seconds=10)  # 超过容差
    assert _code(lambda: services.answer_save(sitting=s, position=2, response="A", actor=sitters["a"])) == (
        "exams.time_up"
    )
    s.refresh_from_db()
    assert s.status == "submitted" and s.submitted_how == "timeout" and s.score == 4


def test_超时后交卷_页面上的答案不计入(make_exam, sitters, frozen):
    exam = make_exam()
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    key = {a.position: a.question.answer for a in Answer.objects.filter(sitting=s).select_related("question")}
    frozen.advance(minutes=31)
    done = services.sitting_submit(sitting=s, actor=sitters["a"], responses=key)
    assert done.submitted_how == "timeout" and done.score == 0


def test_截止时间早于时长时_以考试截止为准(make_exam, sitters, frozen):
    exam = make_exam(hours=1, duration=45)
    frozen.advance(minutes=30)
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    assert s.deadline_at == exam.closes_at


def test_离开未交卷的答卷由定时任务自动交卷(make_exam, sitters, frozen):
    exam = make_exam()
    s = services.sitting_start(exam=exam, actor=sitters["a"])
    assert services.sittings_finalize_expired() == 0
    frozen.advance(minutes=40)
    assert services.sittings_finalize_expired() == 1
    s.refresh_from_db()
    assert s.submitted_how == "timeout"


def test_结束考试_未交答卷按已保存答案交卷(make_exam, sitters, organiser):
    exam = make_exam()
    services.sitting_start(exam=exam, actor=sitters["a"])
    assert services.exam_close(exam=exam, actor=organiser) == 1
    assert Sitting.objects.get(exam=exam).submitted_how == "closed"
    assert _code(lambda: services.sitting_start(exam=exam, actor=sitters["c"])) == "exams.not_open"


def test_补考_名单为未合格和未参考人员_参考率合格率按考试家族计算(make_exam, sitters, organiser, staff, frozen):
    exam = make_exam()
    sa = services.sitting_start(exam=exam, actor=sitters["a"])
    _answer_all(sa, sitters["a"], right=10)
    services.sitting_submit(sitting=sa, actor=sitters["a"])  # a 合格
    sc = services.sitting_start(exam=exam, actor=sitters["c"])
    _answer_all(sc, sitters["c"], right=0)
    services.sitting_submit(sitting=sc, actor=sitters["c"])  # c 不合格；b 未参考
    services.exam_close(exam=exam, actor=organiser)
    makeup = services.makeup_create(original=exam, title="补考", opens_at=frozen.advance(hours=3),
                                    closes_at=frozen.at + dt.timedelta(hours=2), actor=organiser)  # fmt: skip
    assert set(makeup.candidates.values_list("officer_id", flat=True)) == {staff["b"].pk, staff["c"].pk}
    assert makeup.rules.count() == 2
    # every roster line of the make-up has its own audit event (issue 14: every write audited per record)
    added = AuditEvent.objects.filter(action="exams.candidate_add", object_id__in=[
        str(pk) for pk in makeup.candidates.values_list("pk", flat=True)])  # fmt: skip
    assert sorted(e.changes["officer"] for e in added) == sorted([staff["b"].pk, staff["c"].pk])
    assert {e.actor_id for e in added} == {organiser.pk}
    services.exam_publish(exam=makeup, expected_revision=makeup.revision, actor=organiser)
    makeup.refresh_from_db()
    sc2 = services.sitting_start(exam=makeup, actor=sitters["c"])
    _answer_all(sc2, sitters["c"], right=10)
    services.sitting_submit(sitting=sc2, actor=sitters["c"])
    rows = {r.department: r for r in selectors.department_rates(makeup)}
    # 本部门：应考 a、b，参考 a，合格 a；另一部门：应考 c，参考 c（补考合格）
    own, other = rows["张贵庄市场监管所"], rows["万新市场监管所"]
    assert (own.required, own.takers, own.passed, str(own.participation), str(own.pass_rate)) == (
        2, 1, 1, "50.00", "100.00",
    )  # fmt: skip
    assert (other.required, other.takers, other.passed) == (1, 1, 1)
    total = selectors.totals(list(rows.values()))
    assert (total.required, total.takers, total.passed) == (3, 2, 2)


def test_补考须在原考试结束后(make_exam, organiser, frozen):
    exam = make_exam()
    assert _code(
        lambda: services.makeup_create(original=exam, title="补考", opens_at=T0, closes_at=T0 + dt.timedelta(hours=1),
                                       actor=organiser)
    ) == "exams.makeup.not_closed"  # fmt: skip


def test_已答题者不能改为免考(make_exam, sitters, organiser):
    exam = make_exam()
    services.sitting_start(exam=exam, actor=sitters["a"])
    cand = Candidate.objects.get(exam=exam, officer=sitters["a"].officer)
    assert _code(lambda: services.candidate_exempt(candidate=cand, reason="出差", actor=organiser)) == (
        "exams.candidate.sat"
    )


def test_考试时间校验(make_exam, organiser, department):
    def create(**over):
        values = dict(
            title="t",
            kind="annual",
            year=2023,
            department=department,
            opens_at=T0,
            closes_at=T0 + dt.timedelta(hours=1),
            duration_minutes=30,
            pass_mark=60,
            actor=organiser,
        )
        values.update(over)
        return lambda: services.exam_create(**values)  # fmt: skip

    assert _code(create(closes_at=T0)) == "exams.schedule"
    assert _code(create(duration_minutes=90)) == "exams.schedule"
    assert _code(create(year=2022)) == "exams.year"
    assert _code(create(duration_minutes=1)) == "number.range"
    assert _code(create(kind="quiz")) == "exams.kind"


def test_已停用法律版本的试题不进入组卷(make_exam, settings, frozen):
    # 反不正当竞争法（2019年修正文本）自 2025-10-15 停止适用：2026 年的考试抽不到它的题
    aucl = "中华人民共和国反不正当竞争法"
    rules = ((aucl, "true_false", None, 1, 1),)
    exam = make_exam(rules=rules, pass_mark=1)
    pools_2023 = selectors.rule_pools(selectors.paper_rules(exam), on=dt.date(2023, 11, 20), at=frozen.at)
    pools_2026 = selectors.rule_pools(selectors.paper_rules(exam), on=dt.date(2026, 11, 20), at=frozen.at)
    assert len(next(iter(pools_2023.values()))) >= 4
    assert next(iter(pools_2026.values())) == []
