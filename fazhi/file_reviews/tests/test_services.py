"""评查活动全过程：计划、可验证抽取与回避、评分、评定、评选、反馈整改到销号、报送上级评查。"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest

from fazhi.core.clock import at_moment
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.file_reviews import services
from fazhi.file_reviews.models import ItemScore, Rectification, ReviewFile, ReviewRound
from fazhi.inspections.drawcli import verify_file
from fazhi.rulebook import draws_v1  # rounds drawn before the commitment (docs/draw-algorithm-v1.md)
from fazhi.rulebook import file_review as engine

pytestmark = pytest.mark.django_db
D = dt.date
RUBRIC = engine.rubric_on(D(2023, 6, 1))
SHANGHAI = ZoneInfo("Asia/Shanghai")
COMMITTED_AT = dt.datetime(2023, 6, 1, 10, 0, tzinfo=SHANGHAI)
LOTTERY_AT = dt.datetime(2023, 6, 1, 21, 15, tzinfo=SHANGHAI)
DRAWN_AT = dt.datetime(2023, 6, 2, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def organiser(users):
    return users["legal_reviewer"]


def _create(organiser, panel, **kw):
    args = dict(
        title="2023年第二季度行政处罚案卷评查",
        started_on=D(2023, 6, 1),
        due_on=D(2023, 6, 30),
        method="draw",
        decided_from=D(2023, 1, 1),
        decided_to=D(2023, 5, 31),
        panel=panel,
        sample_size=2,
        actor=organiser,
    )
    args.update(kw)
    return services.round_create(**args)


@pytest.fixture
def three_cases(closed_case):
    return [closed_case() for _ in range(3)]


def test_计划评查活动_编号与评查标准(organiser, panel):
    r = _create(organiser, panel)
    assert r.number == "津东丽市监评查〔2023〕1号" and r.rubric_id == "penalty-case-2021" and r.status == "draft"
    assert _create(organiser, panel).number == "津东丽市监评查〔2023〕2号"
    assert AuditEvent.objects.filter(action="file_reviews.round_create").count() == 2


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"title": ""}, "cell.required", "title"),
        ({"started_on": D(2024, 1, 1)}, "date.future", "started_on"),
        ({"due_on": D(2023, 5, 31)}, "date.too_early", "due_on"),
        ({"decided_to": D(2022, 12, 31)}, "date.too_early", "decided_to"),
        ({"decided_to": D(2023, 6, 2)}, "file_reviews.scope_after_start", "decided_to"),
        ({"method": "lottery"}, "file_reviews.bad_method", "method"),
        ({"sample_size": None}, "cell.required", "sample_size"),
        ({"sample_size": "abc"}, "number.format", "sample_size"),
        ({"sample_size": 0}, "number.range", "sample_size"),
        ({"team_size": 1}, "number.range", "team_size"),
        ({"min_amount": "1e400"}, "number.format", "min_amount"),
        ({"max_live_score": 101}, "number.range", "max_live_score"),
        ({"domains": ["food", "astrology"]}, "file_reviews.bad_domain", "domains"),
        (
            {
                "started_on": D(2021, 7, 14),
                "due_on": D(2021, 8, 1),
                "decided_from": D(2021, 1, 1),
                "decided_to": D(2021, 7, 1),
            },
            "file_reviews.no_rubric",
            "started_on",
        ),
    ],
)
def test_计划的错误输入逐项拒绝(organiser, panel, overrides, code, field):
    with pytest.raises(DomainError) as exc:
        _create(organiser, panel, **overrides)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_评查人员须有评查权限且人数够组(organiser, panel, users):
    with pytest.raises(DomainError) as exc:
        _create(organiser, panel[:1])
    assert exc.value.code == "file_reviews.panel_too_small"
    with pytest.raises(DomainError) as exc:
        _create(organiser, [*panel, users["leader"]])
    assert exc.value.code == "file_reviews.not_a_reviewer"


def test_只有法制审核人员和局领导可以组织(panel, users):
    for role in ("officer", "section_chief", "admin", "auditor"):
        with pytest.raises(DomainError) as exc:
            _create(users[role], panel)
        assert exc.value.code == "access.forbidden", role


def test_可验证抽取_回避承办人员和本部门人员(organiser, users, panel, three_cases, officers, make_user, department, tmp_path):  # fmt: skip
    """A lottery seed: the future draw is named when the pool is fixed, its numbers entered after it took place;
    the record file verifies with ``fazhi draw verify`` (fazhi-draw/2)."""
    handler = make_user("officer", dept=panel[1].department, username="handler", officer=officers[0])
    r = _create(organiser, [*panel, handler], sample_size=2)
    with at_moment(COMMITTED_AT):
        services.round_commit(
            review_round=r, seed_kind="public_announced", lottery_source="福彩3D 第2023150期",
            lottery_draw_at=LOTTERY_AT, actor=organiser,
        )  # fmt: skip
    assert r.status == "committed" and len(r.pool_hash) == 64 and not r.seed_commitment and not r.seed_value
    with at_moment(LOTTERY_AT - dt.timedelta(minutes=5)), pytest.raises(DomainError) as exc:
        services.round_select(review_round=r, on=D(2023, 6, 1), actor=organiser)
    assert exc.value.code == "file_reviews.lottery_not_drawn"
    with at_moment(DRAWN_AT), pytest.raises(DomainError) as exc:
        services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert exc.value.code == "file_reviews.seed_not_entered"  # nobody has entered the numbers yet
    with at_moment(LOTTERY_AT + dt.timedelta(minutes=30)):
        services.round_seed_enter(review_round=r, value="1 2 3", actor=organiser)
        services.round_seed_enter(review_round=r, value="01 02 03", actor=users["leader"])
    with at_moment(DRAWN_AT):
        services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert r.status == "selected" and r.draw_hash == r.draw_record["record_hash"]
    assert r.draw_record["algorithm"] == "fazhi-draw/2" and r.draw_record["seed"]["kind"] == "lottery"
    assert r.draw_record["seed"]["value"] == "01 02 03"
    assert r.draw_record["seed"]["confirmed_at"] == "2023-06-01T21:45:00+08:00"  # when the two entries agreed
    files = list(r.files.all())
    assert len(files) == 2
    for f in files:
        reviewers = set(f.reviewers.all())
        assert len(reviewers) == 2
        assert panel[3] not in reviewers  # the handling department's own officer (cross review)
        assert handler not in reviewers  # handled the case (officers[0] is on every fixture case)
    assert services.round_verify(r).ok
    for disclosure in ("public", "full"):
        path = tmp_path / f"{disclosure}.txt"
        path.write_text("".join(services.round_record_chunks(r, disclosure=disclosure)), "utf-8")
        assert verify_file(path)[0] == 0, verify_file(path)
    public = (tmp_path / "public.txt").read_text("utf-8")
    assert (
        "本人承办" not in public and "本部门承办" not in public and r.pool_salt not in public
    )  # reasons stay internal
    assert "本人承办" in (tmp_path / "full.txt").read_text("utf-8")
    assert '"value":"01 02 03"' in public
    tampered = public.replace('"value":"01 02 03"', '"value":"01 02 04"', 1)
    (tmp_path / "tampered.txt").write_text(tampered, "utf-8")
    assert verify_file(tmp_path / "tampered.txt")[0] == 1
    assert AuditEvent.objects.filter(action="file_reviews.file_select").count() == 2


def test_先固定案卷库和承诺值再抽取_系统密钥抽取时才公开(organiser, panel, three_cases, tmp_path):
    r = _create(organiser, panel, sample_size=2)
    with pytest.raises(DomainError) as exc:  # no draw without the commitment first
        services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert r.status == "draft" and exc.value.code == "file_reviews.transition_forbidden"
    with at_moment(COMMITTED_AT):
        services.round_commit(review_round=r, actor=organiser)
    secret = r.seed_secret
    assert r.seed_commitment == hashlib.sha256(secret.encode()).hexdigest() and r.seed_value == ""
    commit_event = AuditEvent.objects.get(action="file_reviews.round_commit")
    assert secret not in str(commit_event.changes) and r.seed_commitment in str(commit_event.changes)
    with pytest.raises(DomainError) as exc:  # exactly one commitment per round
        services.round_commit(review_round=r, actor=organiser)
    assert exc.value.code == "file_reviews.transition_forbidden"
    assert r.seed_commitment == hashlib.sha256(secret.encode()).hexdigest()
    with at_moment(DRAWN_AT):
        services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert r.seed_value == secret and r.draw_record["seed"]["commitment"] == r.seed_commitment
    path = tmp_path / "record.txt"
    path.write_text("".join(services.round_record_chunks(r, disclosure="public")), "utf-8")
    assert verify_file(path)[0] == 0
    forged = path.read_text("utf-8").replace(secret, "0" * 64)  # another secret than the one committed to
    path.write_text(forged, "utf-8")
    assert verify_file(path)[0] in (1, 5)


def test_以公开开奖号码抽取须采用尚未开奖的一期(organiser, panel, three_cases):
    r = _create(organiser, panel, sample_size=2)
    with at_moment(COMMITTED_AT), pytest.raises(DomainError) as exc:
        services.round_commit(
            review_round=r, seed_kind="public_announced", lottery_source="福彩3D 第2023149期",
            lottery_draw_at=COMMITTED_AT - dt.timedelta(hours=12), actor=organiser,
        )  # fmt: skip
    assert (exc.value.code, exc.value.field) == ("file_reviews.lottery_not_future", "lottery_draw_at")
    with at_moment(COMMITTED_AT), pytest.raises(DomainError) as exc:
        services.round_commit(review_round=r, seed_kind="public_announced", lottery_draw_at=LOTTERY_AT, actor=organiser)
    assert exc.value.field == "lottery_source"
    assert r.status == "draft"


def test_旧版抽取记录仍可复核(organiser, panel, three_cases):
    """A round drawn under fazhi-draw/1 before the commitment keeps its record and its verification."""
    r = _create(organiser, panel, sample_size=2)
    record = draws_v1.run_draw(
        candidates=[draws_v1.Candidate(f"C{c.pk}", None) for c in three_cases],
        parameters=draws_v1.DrawParameters(size=2, team_size=2),
        seed=draws_v1.Seed(kind="public_announced", value="2023-06-02 福彩3D 123", source="中国福利彩票官网"),
        inspectors=[draws_v1.Inspector(f"U{u.pk}", u.department.code) for u in panel],
        conflicts=[],
    )
    ReviewRound.objects.filter(pk=r.pk).update(status="selected", draw_record=record, draw_hash=record["record_hash"])
    r.refresh_from_db()
    assert services.draw_version(r) == 1 and services.round_verify(r).ok
    tampered = {**record, "seed": {**record["seed"], "value": "x"}}
    ReviewRound.objects.filter(pk=r.pk).update(draw_record=tampered)
    r.refresh_from_db()
    assert not services.round_verify(r).ok


def test_按条件选取全部符合条件的案卷(organiser, panel, three_cases):
    r = _create(organiser, panel, method="criteria", sample_size=None)
    services.round_commit(review_round=r, actor=organiser)
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert r.files.count() == 3 and r.seed_kind == "csprng" and len(r.seed_value) == 64
    assert services.round_verify(r).ok
    # Files already in a round are not drawn again.
    r2 = _create(organiser, panel, method="criteria", sample_size=None)
    with pytest.raises(DomainError) as exc:
        services.round_commit(review_round=r2, actor=organiser)
        services.round_select(review_round=r2, on=D(2023, 6, 2), actor=organiser)
    assert exc.value.code == "file_reviews.no_candidates"


def test_抽取数超过案卷数(organiser, panel, three_cases):
    r = _create(organiser, panel, sample_size=5)
    with pytest.raises(DomainError) as exc:
        services.round_commit(review_round=r, actor=organiser)
    assert (exc.value.code, exc.value.field) == ("file_reviews.sample_exceeds_pool", "sample_size")
    r = _create(organiser, panel, sample_size=2)
    services.round_commit(review_round=r, actor=organiser)
    with pytest.raises(DomainError) as exc:
        services.round_select(review_round=r, on=D(2023, 5, 31), actor=organiser)
    assert exc.value.code == "date.too_early"


def test_评查人员全部需回避时无法配齐(organiser, panel, three_cases):
    r = _create(organiser, [panel[3], panel[3]], sample_size=1, team_size=2)  # duplicates collapse: one member
    with pytest.raises(DomainError) as exc:
        services.round_commit(review_round=r, actor=organiser)
        services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert exc.value.code.startswith("draw.")


def _select_and_start(organiser, panel, n=2):
    r = _create(organiser, panel, method="criteria", sample_size=None)
    services.round_commit(review_round=r, actor=organiser)
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    services.round_start(review_round=r, actor=organiser)
    return r


def _score(f, reviewer, **deductions):
    notes = {k: "扣分理由：见卷内第3页" for k in deductions}
    return services.file_score(
        file=f, deductions=deductions, notes=notes, opinion="评查意见：总体规范。", on=D(2023, 6, 10), actor=reviewer
    )


def test_评分_只有本卷评查人员_扣分须写理由_得分与等次(organiser, panel, three_cases, users):
    r = _select_and_start(organiser, panel)
    f = r.files.first()
    reviewer = f.reviewers.first()
    outsider = next(u for u in panel if u not in set(f.reviewers.all()))
    with pytest.raises(DomainError) as exc:
        _score(f, outsider)
    assert exc.value.code == "file_reviews.not_your_file"
    with pytest.raises(DomainError) as exc:
        services.file_score(
            file=f, deductions={"facts_established": 3}, notes={}, opinion="x", on=D(2023, 6, 10), actor=reviewer
        )
    assert (exc.value.code, exc.value.field) == ("file_reviews.note_required", "note_facts_established")
    with pytest.raises(DomainError) as exc:
        _score(f, reviewer, facts_established=16)
    assert (exc.value.code, exc.value.field) == ("number.range", "deduction_facts_established")
    with pytest.raises(DomainError) as exc:
        services.file_score(
            file=f,
            deductions={},
            notes={"handling_deadline": "x"},
            vetoes=["handling_deadline"],
            opinion="x",
            on=D(2023, 6, 10),
            actor=reviewer,
        )
    assert exc.value.code == "file_reviews.bad_score"
    _score(f, reviewer, facts_established=5, evidence_hashed=5, document_contents=2)
    f.refresh_from_db()
    assert (f.total, f.grade, f.status) == (88, "pass", "scored")
    assert ItemScore.objects.filter(file=f).count() == len(RUBRIC.checkpoints)
    assert (
        f.machine_snapshot["results"]
        and ItemScore.objects.get(file=f, checkpoint_id="evidence_hashed").machine_status == "fail"
    )
    # Re-scoring replaces the sheet.
    _score(f, reviewer)
    f.refresh_from_db()
    assert (f.total, f.grade) == (100, "excellent")


def _finish_scoring(r, deductions_by_rank):
    for f in r.files.order_by("draw_rank"):
        _score(f, f.reviewers.first(), **deductions_by_rank.get(f.draw_rank, {}))


def test_全过程_评定_评选_反馈整改_销号_完成(organiser, panel, three_cases, users):
    r = _select_and_start(organiser, panel)
    with pytest.raises(DomainError) as exc:
        services.round_grade(review_round=r, on=D(2023, 6, 20), actor=organiser)
    assert exc.value.code == "file_reviews.files_unscored"
    _finish_scoring(
        r, {1: {"facts_established": 15, "qualification_correct": 10, "basis_applicable": 10}, 2: {"file_assembled": 1}}
    )
    services.round_grade(review_round=r, on=D(2023, 6, 20), summary="本次评查3卷。", actor=organiser)
    files = {f.draw_rank: f for f in r.files.all()}
    assert files[1].grade == "pass" and files[1].total == 75  # 100 − 15 − 10 (facts_clear capped at 15) − 10
    assert files[2].grade == "excellent" and files[3].grade == "excellent"
    with pytest.raises(DomainError) as exc:
        services.file_distinguish(file=files[1], distinction="exemplary", reason="规范", actor=organiser)
    assert exc.value.code == "file_reviews.distinction_not_allowed"
    services.file_distinguish(file=files[3], distinction="exemplary", reason="证据链完整、说理充分", actor=organiser)
    services.file_distinguish(file=files[1], distinction="poor", reason="事实认定不清", actor=organiser)
    with pytest.raises(DomainError) as exc:
        services.round_close(review_round=r, on=D(2023, 6, 21), actor=organiser)
    assert exc.value.code == "file_reviews.feedback_required"
    services.round_send_feedback(
        review_round=r, on=D(2023, 6, 21), rectification_due_on=D(2023, 7, 21), actor=organiser
    )
    rects = {x.file.draw_rank: x for x in Rectification.objects.select_related("file")}
    assert set(rects) == {1, 2}  # file 3 lost no points
    assert "事实清楚" in rects[1].issues and "扣 15 分" in rects[1].issues
    with pytest.raises(DomainError) as exc:
        services.round_close(review_round=r, on=D(2023, 7, 1), actor=organiser)
    assert exc.value.code == "file_reviews.rectifications_open"
    officer = users["officer"]  # the handling department's officer
    for rect in rects.values():
        services.rectification_report(
            rectification=rect, report="已补充证据并重新组卷", on=D(2023, 7, 5), actor=officer
        )
    services.rectification_verify(
        rectification=rects[1], accepted=False, note="补充的证据仍不能证明违法所得", on=D(2023, 7, 6), actor=organiser
    )
    rects[1].refresh_from_db()
    assert rects[1].status == "open" and rects[1].returns == 1
    services.rectification_report(rectification=rects[1], report="已补充询问笔录", on=D(2023, 7, 10), actor=officer)
    for rect in rects.values():
        services.rectification_verify(rectification=rect, accepted=True, note="", on=D(2023, 7, 12), actor=organiser)
    services.round_close(review_round=r, on=D(2023, 7, 12), actor=organiser)
    assert r.status == "closed"
    with pytest.raises(DomainError) as exc:
        services.file_distinguish(file=files[2], distinction="exemplary", reason="x", actor=organiser)
    assert exc.value.code == "file_reviews.not_graded"


def test_满分活动可直接完成_无需整改(organiser, panel, three_cases):
    r = _select_and_start(organiser, panel)
    _finish_scoring(r, {})
    services.round_grade(review_round=r, on=D(2023, 6, 20), actor=organiser)
    with pytest.raises(DomainError) as exc:
        services.round_send_feedback(
            review_round=r, on=D(2023, 6, 21), rectification_due_on=D(2023, 7, 21), actor=organiser
        )
    assert exc.value.code == "file_reviews.nothing_to_rectify"
    services.round_close(review_round=r, on=D(2023, 6, 21), actor=organiser)
    assert r.status == "closed"


def test_整改只能由承办部门报告(organiser, panel, three_cases, make_user, other_department):
    r = _select_and_start(organiser, panel)
    _finish_scoring(r, {1: {"file_assembled": 1}})
    services.round_grade(review_round=r, on=D(2023, 6, 20), actor=organiser)
    services.round_send_feedback(
        review_round=r, on=D(2023, 6, 21), rectification_due_on=D(2023, 7, 21), actor=organiser
    )
    rect = Rectification.objects.get()
    stranger = make_user("officer", dept=other_department, username="stranger")
    with pytest.raises(DomainError) as exc:
        services.rectification_report(rectification=rect, report="x", on=D(2023, 7, 1), actor=stranger)
    assert exc.value.code == "access.not_found"
    with pytest.raises(DomainError) as exc:
        services.rectification_verify(rectification=rect, accepted=True, note="", on=D(2023, 7, 1), actor=organiser)
    assert exc.value.code == "file_reviews.rectification_forbidden"


def test_调整评查人员适用同样的回避规则(organiser, panel, three_cases):
    r = _create(organiser, panel, method="criteria", sample_size=None)
    services.round_commit(review_round=r, actor=organiser)
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    f = r.files.first()
    with pytest.raises(DomainError) as exc:
        services.file_reassign(file=f, reviewers=[panel[0], panel[3]], reason="人员调整", actor=organiser)
    assert exc.value.code == "file_reviews.reviewer_conflict" and "交叉评查" in exc.value.message
    services.file_reassign(file=f, reviewers=[panel[0], panel[2]], reason="原评查人员出差", actor=organiser)
    assert set(f.reviewers.all()) == {panel[0], panel[2]}


def test_撤销评查活动须说明理由_已撤销的案卷可再次抽取(organiser, panel, three_cases):
    r = _create(organiser, panel, method="criteria", sample_size=None)
    services.round_commit(review_round=r, actor=organiser)
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    with pytest.raises(DomainError):
        services.round_cancel(review_round=r, reason=" ", actor=organiser)
    services.round_cancel(review_round=r, reason="计划调整", actor=organiser)
    r2 = _create(organiser, panel, method="criteria", sample_size=None)
    services.round_commit(review_round=r2, actor=organiser)
    services.round_select(review_round=r2, on=D(2023, 6, 2), actor=organiser)
    assert r2.files.count() == 3


def test_过期页面的修改被拒绝(organiser, panel, three_cases):
    r = _create(organiser, panel, method="criteria", sample_size=None)
    with pytest.raises(DomainError) as exc:
        services.round_commit(review_round=r, expected_revision=r.revision + 1, actor=organiser)
    assert exc.value.code == "concurrency.stale"
    services.round_commit(review_round=r, actor=organiser)
    with pytest.raises(DomainError) as exc:
        services.round_select(review_round=r, on=D(2023, 6, 2), expected_revision=r.revision + 1, actor=organiser)
    assert exc.value.code == "concurrency.stale"
    assert ReviewFile.objects.count() == 0


def test_报送上级评查与结果(closed_case, users, make_case):
    case = closed_case()
    item = services.higher_review_send(
        case=case, authority="天津市市场监督管理委员会", review_name="2023年全市行政处罚案卷评查", sent_on=D(2023, 9, 1),
        actor=users["legal_reviewer"],
    )  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.higher_review_send(
            case=case,
            authority="天津市市场监督管理委员会",
            review_name="2023年全市行政处罚案卷评查",
            sent_on=D(2023, 9, 1),
            actor=users["legal_reviewer"],
        )
    assert exc.value.code == "file_reviews.already_sent"
    with pytest.raises(DomainError) as exc:
        services.higher_review_send(
            case=make_case("notified"),
            authority="x",
            review_name="y",
            sent_on=D(2023, 9, 1),
            actor=users["legal_reviewer"],
        )
    assert exc.value.code == "file_reviews.case_not_concluded"
    with pytest.raises(DomainError) as exc:
        services.higher_review_send(
            case=case, authority="x", review_name="z", sent_on=D(2023, 1, 1), actor=users["legal_reviewer"]
        )
    assert exc.value.code == "date.too_early"
    with pytest.raises(DomainError):
        services.higher_review_send(
            case=case, authority="x", review_name="z", sent_on=D(2023, 9, 1), actor=users["officer"]
        )
    services.higher_review_result(item=item, result="优秀", note="", on=D(2023, 10, 1), actor=users["leader"])
    item.refresh_from_db()
    assert item.result == "优秀"


def _lottery_round(organiser, panel):
    r = _create(organiser, panel, sample_size=2)
    with at_moment(COMMITTED_AT):
        services.round_commit(
            review_round=r, seed_kind="public_announced", lottery_source="福彩3D 第2023150期",
            lottery_draw_at=LOTTERY_AT, actor=organiser,
        )  # fmt: skip
    return r


def _entry_events(r):
    return list(
        AuditEvent.objects.filter(object_id=str(r.pk), action__startswith="file_reviews.seed_")
        .order_by("id")
        .values_list("action", "actor_id", "changes")
    )


def test_开奖号码须两个不同的人分别录入且一致_才能抽取(organiser, users, panel, three_cases):
    """The two-person rule of a round's lottery seed (RFC 3797 §4; the same rule as the inspections' draw seed):
    nothing before the draw, no second entry by the same person, two different entries are both discarded, the
    first entry is never stored in the audit trail (only its hash), and the draw uses only the agreed value."""
    leader, chief = users["leader"], users["section_chief"]
    r = _lottery_round(organiser, panel)
    with at_moment(LOTTERY_AT - dt.timedelta(minutes=1)), pytest.raises(DomainError) as exc:
        services.round_seed_enter(review_round=r, value="03 07 12", actor=organiser)
    assert (exc.value.code, exc.value.field) == ("file_reviews.lottery_not_drawn", "value")
    later = LOTTERY_AT + dt.timedelta(minutes=20)
    with at_moment(later):
        for bad in ("", "三 七 十二", "03 07", "03;07;12"):
            with pytest.raises(DomainError) as exc:
                services.round_seed_enter(review_round=r, value=bad, actor=organiser)
            assert (exc.value.code, exc.value.field) == ("file_reviews.lottery_value_format", "value"), bad
        with pytest.raises(DomainError) as exc:  # 科室负责人 may not organise a review round
            services.round_seed_enter(review_round=r, value="03 07 12", actor=chief)
        assert exc.value.code == "access.forbidden"
        assert services.round_seed_enter(review_round=r, value="03 07 12", actor=organiser).outcome == "first"
        with pytest.raises(DomainError) as exc:
            services.round_seed_enter(review_round=r, value="03 07 12", actor=organiser)
        assert (exc.value.code, exc.value.field) == ("file_reviews.seed_same_person", "value")
        with pytest.raises(DomainError) as exc:  # one person's entry does not let the draw run
            services.round_select(review_round=r, on=D(2023, 6, 1), actor=organiser)
        assert exc.value.code == "file_reviews.seed_not_entered"
        assert services.round_seed_enter(review_round=r, value="03 07 13", actor=leader).outcome == "mismatch"
        r.refresh_from_db()
        assert (r.seed_value, r.seed_first_entry, r.seed_first_entry_by) == ("", "", None)
        # After a mismatch two entries are needed again, and either person may enter first.
        assert services.round_seed_enter(review_round=r, value="3，7、13", actor=leader).outcome == "first"
        confirmed = services.round_seed_enter(review_round=r, value="03 07 13", actor=organiser)
    assert confirmed.outcome == "confirmed"
    r.refresh_from_db()
    assert (r.seed_value, r.seed_first_entry_by, r.seed_confirmed_by) == ("03 07 13", leader, organiser)
    assert r.seed_confirmed_at == later
    with at_moment(later), pytest.raises(DomainError) as exc:  # fixed once: no third entry can change it
        services.round_seed_enter(review_round=r, value="09 09 09", actor=users["leader"])
    assert exc.value.code == "file_reviews.seed_not_open"
    sha = [hashlib.sha256(v.encode()).hexdigest() for v in ("03 07 12", "03 07 13")]
    events = _entry_events(r)
    assert [(a, u) for a, u, _ in events] == [
        ("file_reviews.seed_first_entry", organiser.pk),
        ("file_reviews.seed_entries_differ", leader.pk),
        ("file_reviews.seed_first_entry", leader.pk),
        ("file_reviews.seed_confirm", organiser.pk),
    ]
    assert events[0][2]["entry_sha256"] == sha[0] and "03 07 12" not in str(events[0][2])
    assert (events[1][2]["first_sha256"], events[1][2]["second_sha256"]) == (sha[0], sha[1])
    assert events[3][2]["value"] == "03 07 13" and events[3][2]["first_entry_by"] == leader.pk
    with at_moment(DRAWN_AT):
        services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    assert r.draw_record["seed"]["value"] == "03 07 13" and services.round_verify(r).ok


def test_系统密钥或已抽取的评查活动不能录入开奖号码(organiser, users, panel, three_cases):
    r = _create(organiser, panel, sample_size=2)
    with at_moment(DRAWN_AT), pytest.raises(DomainError) as exc:  # not committed yet
        services.round_seed_enter(review_round=r, value="03 07 12", actor=organiser)
    assert exc.value.code == "file_reviews.seed_not_open"
    with at_moment(COMMITTED_AT):
        services.round_commit(review_round=r, actor=organiser)
    with at_moment(DRAWN_AT), pytest.raises(DomainError) as exc:
        services.round_seed_enter(review_round=r, value="03 07 12", actor=organiser)
    assert exc.value.code == "file_reviews.seed_not_open"
    assert _entry_events(r) == []
