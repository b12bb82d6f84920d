"""案卷评查标准与实时评查：分值、等次分数线两侧、每项机器检查的通过/不通过/未到期/不适用（期望值手写）。"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from fazhi.rulebook import file_review as fr
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import Status

D = dt.date
TODAY = D(2024, 1, 15)
RUBRIC = fr.rubric_on(D(2023, 6, 1))
TABLE = Path(fr.FILE_REVIEWS_DIR) / "penalty_case_rubric.yaml"

# Hand-written from the rubric YAML (the specification of the standard): item → points.
ITEM_POINTS = {
    "subject_lawful": 10,
    "facts_clear": 15,
    "evidence_conclusive": 15,
    "procedure_lawful": 20,
    "basis_correct": 10,
    "discretion": 10,
    "documents": 10,
    "service_execution": 5,
    "archiving": 5,
}
# Machine checkpoint → (deduction, blocking, veto).
MACHINE = {
    "officers_certified": (10, True, True),
    "evidence_hashed": (5, True, False),
    "notice_before_decision": (10, True, True),
    "legal_review": (10, True, True),
    "collective_discussion": (5, True, False),
    "handling_deadline": (5, False, False),
    "citations_present": (5, True, False),
    "discretion_reasons": (5, True, False),
    "decision_document": (5, True, False),
    "service_in_time": (3, False, False),
    "publicity_published": (2, True, False),
    "publicity_on_time": (2, False, False),
    "closing_approval": (2, True, False),
}


def facts(**overrides) -> fr.CaseFacts:
    """A cleanly handled, closed ordinary-procedure penalty case of 2023 (every machine check passes)."""
    base = dict(
        case_id=1,
        procedure="ordinary",
        state="closed",
        party_kind="organisation",
        decision_kind="penalty",
        filed_on=D(2023, 3, 1),
        decided_on=D(2023, 5, 10),
        notified_on=D(2023, 4, 25),
        served_on=D(2023, 5, 12),
        closed_on=D(2023, 6, 1),
        fine=Decimal("20000"),
        confiscation=Decimal("0"),
        major_public_interest=False,
        complex_case=False,
        hearing_held=False,
        outside_computed_range=False,
        mitigated=False,
        discussion_required=False,
        discussion_recorded=False,
        discretion_frozen=True,
        deviation_reason=False,
        violation_recorded=True,
        officers_valid=2,
        evidence_count=3,
        evidence_unchained=0,
        approved_review_on=None,
        decision_document=True,
        closing_document=True,
        publication_status="published",
        publication_due_on=D(2023, 6, 7),
        publication_published_on=D(2023, 5, 20),
        service_due_on=D(2023, 5, 19),
        deadlines_late=0,
        deadlines_open_due=None,
    )
    base.update(overrides)
    return fr.CaseFacts(**base)


def result(f: fr.CaseFacts, checkpoint: str, today: dt.date = TODAY) -> fr.CheckResult:
    review = fr.evaluate(f, today=today, rubric=RUBRIC)
    return next(r for r in review.results if r.checkpoint_id == checkpoint)


def status(f: fr.CaseFacts, checkpoint: str, today: dt.date = TODAY) -> str:
    return result(f, checkpoint, today).status.value


# ------------------------------------------------------------------------------------------- the rubric as data


def test_评查标准可严格加载_各项目分值合计100():
    counts = fr.check_tables()
    assert counts == {"rubrics": 1, "checkpoints": 23, "machine_checkpoints": 13}
    assert {i.id: i.points for i in RUBRIC.items} == ITEM_POINTS
    assert RUBRIC.total_points == 100


def test_机器可查要点的扣分_阻断归档与否决项如标准所列():
    got = {cp.machine: (cp.deduction, cp.blocking, cp.veto) for cp in RUBRIC.machine_checkpoints}
    assert got == MACHINE


def test_每个要点都有依据和核实状态():
    for cp in RUBRIC.checkpoints:
        assert cp.citation.instrument and cp.citation.article
        assert isinstance(cp.status, Status)
    assert RUBRIC.status is Status.UNCONFIRMED  # the weights are the bureau's own standard
    assert RUBRIC.checkpoint("officers_certified").citation.article == "第四十二条"
    assert RUBRIC.checkpoint("notice_before_decision").status is Status.TEXT


def test_2021年7月15日起适用_之前没有评查标准():
    assert fr.rubric_on(D(2021, 7, 15)).id == "penalty-case-2021"
    with pytest.raises(RulebookError) as exc:
        fr.rubric_on(D(2021, 7, 14))
    assert exc.value.code == "file_reviews.no_rubric"
    assert fr.rubric_by_id("penalty-case-2021") is RUBRIC
    with pytest.raises(RulebookError):
        fr.rubric_by_id("nope")
    assert fr.list_rubrics() == (RUBRIC,)


@pytest.mark.parametrize(
    ("points", "veto", "grade"),
    [
        (100, False, "excellent"),
        (90, False, "excellent"),
        (89, False, "pass"),
        (70, False, "pass"),
        (69, False, "fail"),
        (0, False, "fail"),
        (100, True, "fail"),  # 否决项不符合：不论总分均为不合格
    ],
)
def test_等次分数线两侧(points, veto, grade):
    assert RUBRIC.grade(points, veto_failed=veto).id == grade


def test_等次名称与示范优案典型差案的资格():
    assert [g.label for g in RUBRIC.grades] == ["优秀", "合格", "不合格"]
    assert RUBRIC.grade_label("pass") == "合格"
    with pytest.raises(RulebookError):
        RUBRIC.grade_label("good")
    assert RUBRIC.distinction_allowed("exemplary", "excellent")
    assert not RUBRIC.distinction_allowed("exemplary", "pass")
    assert RUBRIC.distinction_allowed("poor", "fail") and RUBRIC.distinction_allowed("poor", "pass")
    assert not RUBRIC.distinction_allowed("poor", "excellent")
    with pytest.raises(RulebookError) as exc:
        RUBRIC.distinction_allowed("best", "excellent")
    assert exc.value.code == "file_reviews.unknown_distinction"


def test_评查人员规则_回避与交叉评查():
    assert set(RUBRIC.reviewer_rules) == {"not_handler", "cross_department"}
    assert RUBRIC.reviewer_rules["cross_department"].status is Status.UNCONFIRMED


def test_法制审核情形的缓存满时清空_结果不变(monkeypatch):
    monkeypatch.setattr(fr, "_CRITERIA_CACHE_MAX", 1)
    big = facts(fine=Decimal("100000"))
    assert status(big, "legal_review") == "fail" and status(big, "legal_review") == "fail"
    assert len(fr._CRITERIA_CACHE) == 1


def test_未知要点和项目报错():
    assert RUBRIC.item("documents").points == 10
    with pytest.raises(RulebookError) as exc:
        RUBRIC.checkpoint("x")
    assert exc.value.code == "file_reviews.unknown_checkpoint"
    with pytest.raises(RulebookError) as exc:
        RUBRIC.item("x")
    assert exc.value.code == "file_reviews.unknown_item"


# ------------------------------------------------------------------------------------------- manual score sheet


def test_评分表_扣分按项目累计_不低于零():
    sheet = fr.score_sheet(RUBRIC, {"facts_established": 5, "qualification_correct": 10, "file_assembled": 5})
    # facts_clear: 15 − (5 + 10) = 0; archiving: 5 − 5 = 0; the rest full.
    assert sheet.item_points["facts_clear"] == 0 and sheet.item_points["archiving"] == 0
    assert sheet.total == 80 and sheet.grade.id == "pass"
    capped = fr.score_sheet(RUBRIC, {"authority_and_jurisdiction": 10, "officers_certified": 10})
    assert capped.item_points["subject_lawful"] == 0 and capped.total == 90


def test_评分表_否决项不符合为不合格():
    sheet = fr.score_sheet(RUBRIC, {}, vetoes=["notice_before_decision"])
    assert sheet.total == 100 and sheet.grade.id == "fail" and sheet.veto_failed == ("notice_before_decision",)


@pytest.mark.parametrize(
    ("deductions", "vetoes"),
    [
        ({"facts_established": 16}, []),
        ({"facts_established": -1}, []),
        ({"facts_established": True}, []),
        ({"facts_established": 1.5}, []),
        ({}, ["handling_deadline"]),  # not a veto item
    ],
)
def test_评分表_超过最高扣分或非否决项被拒绝(deductions, vetoes):
    with pytest.raises(RulebookError) as exc:
        fr.score_sheet(RUBRIC, deductions, vetoes)
    assert exc.value.code == "file_reviews.bad_score"


# ------------------------------------------------------------------------------------------- live checks


def test_规范办理的案件全部通过_满分():
    review = fr.evaluate(facts(), today=TODAY, rubric=RUBRIC)
    assert review.score == 100 and review.max_score == 100
    assert not review.failed and not review.blocking and not review.veto_failed
    assert {r.status.value for r in review.results} <= {"pass", "not_applicable"}
    data = review.as_dict()
    assert data["score"] == 100 and len(data["results"]) == 13


def test_扣分与阻断归档():
    review = fr.evaluate(facts(evidence_count=0, closing_document=False), today=TODAY, rubric=RUBRIC)
    assert review.score == 100 - 5 - 2
    assert {r.checkpoint_id for r in review.blocking} == {"evidence_hashed", "closing_approval"}


def test_同一项目扣分不超过项目分值():
    # subject_lawful (10): officers_certified 10 → 0, not negative; total 90.
    review = fr.evaluate(facts(officers_valid=1), today=TODAY, rubric=RUBRIC)
    assert review.score == 90 and review.veto_failed


@pytest.mark.parametrize(("valid", "expected"), [(2, "pass"), (3, "pass"), (1, "fail"), (0, "fail")])
def test_执法人员不少于两人(valid, expected):
    assert status(facts(officers_valid=valid), "officers_certified") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"notified_on": D(2023, 5, 10)}, "pass"),  # 当日告知后决定（陈述申辩期另有检查）
        ({"notified_on": D(2023, 5, 11)}, "fail"),
        ({"notified_on": None}, "fail"),
        ({"decided_on": None, "decision_kind": "", "state": "investigating", "notified_on": None}, "pending"),
        ({"decided_on": None, "decision_kind": "", "state": "notified"}, "pass"),
        ({"procedure": "summary"}, "not_applicable"),
        ({"decision_kind": "no_penalty"}, "not_applicable"),
        ({"decision_kind": "transfer"}, "not_applicable"),
        ({"state": "terminated", "decision_kind": ""}, "not_applicable"),
    ],
)
def test_决定前告知(overrides, expected):
    assert status(facts(**overrides), "notice_before_decision") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "not_applicable"),  # 20,000 yuan to an organisation: below the 100,000 threshold
        ({"fine": Decimal("100000")}, "fail"),  # at the threshold, no review
        ({"fine": Decimal("99999.99")}, "not_applicable"),
        ({"fine": Decimal("100000"), "approved_review_on": D(2023, 5, 9)}, "pass"),
        ({"fine": Decimal("100000"), "approved_review_on": D(2023, 5, 10)}, "pass"),
        ({"fine": Decimal("100000"), "approved_review_on": D(2023, 5, 11)}, "fail"),  # after the decision
        ({"party_kind": "natural_person", "fine": Decimal("10000")}, "fail"),
        ({"party_kind": "natural_person", "fine": Decimal("9999")}, "not_applicable"),
        ({"confiscation": Decimal("100000")}, "fail"),
        ({"major_public_interest": True}, "fail"),
        ({"hearing_held": True}, "fail"),
        ({"complex_case": True}, "fail"),
        ({"mitigated": True}, "fail"),
        ({"outside_computed_range": True, "deviation_reason": True}, "fail"),
        ({"decided_on": None, "decision_kind": "", "state": "case_review", "major_public_interest": True}, "pending"),
        (
            {"decided_on": None, "decision_kind": "", "state": "reviewed", "complex_case": True,
             "approved_review_on": D(2023, 5, 1)},
            "pass",
        ),
        ({"procedure": "summary", "major_public_interest": True}, "not_applicable"),
        ({"decision_kind": "transfer", "major_public_interest": True}, "not_applicable"),
        ({"party_kind": "unknown", "major_public_interest": True}, "not_applicable"),
        ({"decided_on": D(2021, 7, 14), "major_public_interest": True}, "not_applicable"),
        ({"decided_on": D(2021, 7, 15), "major_public_interest": True}, "fail"),
    ],
)  # fmt: skip
def test_应当法制审核的决定前须审核同意(overrides, expected):
    assert status(facts(**overrides), "legal_review") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "not_applicable"),
        ({"discussion_required": True, "discussion_recorded": True}, "pass"),
        ({"discussion_required": True}, "fail"),
        ({"discussion_required": True, "decided_on": None, "decision_kind": "", "state": "reviewed"}, "pending"),
    ],
)
def test_集体讨论(overrides, expected):
    assert status(facts(**overrides), "collective_discussion") == expected


@pytest.mark.parametrize(
    ("overrides", "today", "expected"),
    [
        ({}, TODAY, "pass"),
        ({"deadlines_late": 1}, TODAY, "fail"),
        (
            {"deadlines_open_due": D(2024, 1, 15), "decided_on": None, "state": "investigating"},
            D(2024, 1, 15),
            "pending",
        ),
        ({"deadlines_open_due": D(2024, 1, 15), "decided_on": None, "state": "investigating"}, D(2024, 1, 16), "fail"),
        ({"procedure": "summary", "deadlines_late": 1}, TODAY, "not_applicable"),
    ],
)
def test_办案期限_届满日当天不算逾期(overrides, today, expected):
    assert status(facts(**overrides), "handling_deadline", today) == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"evidence_unchained": 1}, "fail"),
        ({"evidence_count": 0}, "fail"),
        ({"evidence_count": 0, "procedure": "summary"}, "not_applicable"),
        ({"evidence_count": 0, "decided_on": None, "decision_kind": "", "state": "investigating"}, "pending"),
        ({"evidence_count": 0, "decision_kind": "no_penalty"}, "not_applicable"),
        ({"evidence_count": 0, "decided_on": None, "decision_kind": "", "state": "terminated"}, "not_applicable"),
    ],
)
def test_证据哈希与审计链(overrides, expected):
    assert status(facts(**overrides), "evidence_hashed") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"violation_recorded": False}, "fail"),
        ({"violation_recorded": False, "decided_on": None, "state": "reviewed"}, "pending"),
        ({"decision_kind": "no_penalty", "violation_recorded": False}, "not_applicable"),
    ],
)
def test_载明违反条款和处罚依据(overrides, expected):
    assert status(facts(**overrides), "citations_present") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"discretion_frozen": False}, "fail"),
        ({"outside_computed_range": True, "deviation_reason": True}, "pass"),
        ({"outside_computed_range": True}, "fail"),
        ({"outside_computed_range": True, "decided_on": None, "state": "reviewed"}, "pending"),
        ({"discretion_frozen": False, "decided_on": None, "state": "reviewed"}, "pending"),
        ({"procedure": "summary", "discretion_frozen": False}, "not_applicable"),
        ({"decision_kind": "no_penalty", "discretion_frozen": False}, "not_applicable"),
    ],
)
def test_裁量理由(overrides, expected):
    assert status(facts(**overrides), "discretion_reasons") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"decision_document": False}, "fail"),
        ({"decision_kind": "no_penalty", "decision_document": False}, "fail"),
        ({"decision_kind": "transfer", "decision_document": False}, "not_applicable"),
    ],
)
def test_决定书编号出具(overrides, expected):
    assert status(facts(**overrides), "decision_document") == expected


@pytest.mark.parametrize(
    ("overrides", "today", "expected"),
    [
        ({}, TODAY, "pass"),
        ({"served_on": D(2023, 5, 19)}, TODAY, "pass"),  # on the last day
        ({"served_on": D(2023, 5, 20)}, TODAY, "fail"),
        ({"served_on": None, "state": "decided"}, D(2023, 5, 19), "pending"),
        ({"served_on": None, "state": "decided"}, D(2023, 5, 20), "fail"),
        ({"served_on": None, "state": "decided", "service_due_on": None}, TODAY, "not_applicable"),
        ({"served_on": D(2023, 5, 30), "service_due_on": None}, TODAY, "not_applicable"),  # no rule for that date
        ({"procedure": "summary"}, TODAY, "not_applicable"),
        ({"decision_kind": "transfer"}, TODAY, "not_applicable"),
    ],
)
def test_七个工作日内送达(overrides, today, expected):
    assert status(facts(**overrides), "service_in_time", today) == expected


@pytest.mark.parametrize(
    ("overrides", "today", "published", "on_time"),
    [
        ({}, TODAY, "pass", "pass"),
        ({"publication_published_on": D(2023, 6, 7)}, TODAY, "pass", "pass"),
        ({"publication_published_on": D(2023, 6, 8)}, TODAY, "pass", "fail"),
        ({"publication_status": "pending", "publication_published_on": None}, D(2023, 6, 7), "pending", "pending"),
        ({"publication_status": "pending", "publication_published_on": None}, D(2023, 6, 8), "fail", "fail"),
        ({"publication_status": "withdrawn", "publication_published_on": None}, TODAY, "pass", "not_applicable"),
        ({"publication_status": "expired"}, TODAY, "pass", "pass"),
        ({"publication_status": None}, TODAY, "not_applicable", "not_applicable"),
    ],
)
def test_处罚信息公示(overrides, today, published, on_time):
    f = facts(**overrides)
    assert status(f, "publicity_published", today) == published
    assert status(f, "publicity_on_time", today) == on_time


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"closing_document": False}, "fail"),
        ({"closing_document": False, "state": "archived"}, "fail"),
        ({"closing_document": False, "state": "served"}, "not_applicable"),
    ],
)
def test_结案审批表在卷(overrides, expected):
    assert status(facts(**overrides), "closing_approval") == expected


def test_状态标签():
    assert fr.CheckStatus.PENDING.label == "尚未到期" and fr.CheckStatus.FAIL.label == "未通过"


# ------------------------------------------------------------------------------------------- strict loading


def _write(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    mutate(data["versions"][0], data)
    (tmp_path / "rubric.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _items(v):
    return v["items"]


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda v, d: _items(v)[0].update(points=11), "file_reviews.total_not_100"),
        (lambda v, d: _items(v)[0]["checkpoints"][1].update(machine="telepathy"), "file_reviews.unknown_machine_check"),
        (lambda v, d: _items(v)[0]["checkpoints"][0].update(blocking=True), "file_reviews.blocking_needs_machine"),
        (lambda v, d: _items(v)[0]["checkpoints"][0].update(veto="yes"), "file_reviews.bad_flag"),
        (lambda v, d: _items(v)[0]["checkpoints"][0].update(deduction=0), "file_reviews.bad_number"),
        (lambda v, d: _items(v)[0]["checkpoints"][0].update(params=[1]), "file_reviews.bad_params"),
        (lambda v, d: _items(v)[0]["checkpoints"][0].pop("citation"), "table.missing_key"),
        (lambda v, d: _items(v)[0]["checkpoints"][0].update(citation=None), "table.missing_citation"),
        (lambda v, d: _items(v)[0]["checkpoints"][1].update(id="authority_and_jurisdiction"), "file_reviews.duplicate_id"),
        (lambda v, d: _items(v)[1].update(id="subject_lawful"), "file_reviews.duplicate_id"),
        (lambda v, d: _items(v)[0].update(checkpoints=[]), "file_reviews.empty_item"),
        (lambda v, d: v.update(items=[]), "file_reviews.no_items"),
        (lambda v, d: v["grades"][0].update(id="good"), "file_reviews.bad_grade"),
        (lambda v, d: v["grades"].reverse(), "file_reviews.bad_grade"),
        (lambda v, d: v["grades"][1].update(min_points=95), "file_reviews.bad_grade"),
        (lambda v, d: v["distinctions"]["exemplary"].update(grades=["great"]), "file_reviews.bad_grade"),
        (lambda v, d: v.update(effective_to="2021-01-01"), "table.bad_period"),
        (lambda v, d: v.update(unknown=1), "table.unknown_key"),
        (lambda v, d: d.update(versions=[]), "file_reviews.no_rubric"),
        (lambda v, d: d["versions"].append(dict(v)), "file_reviews.duplicate_id"),
        (lambda v, d: d["versions"].append({**v, "id": "other"}), "table.overlapping_versions"),
    ],
)  # fmt: skip
def test_规则表严格加载_错误有代码(tmp_path, mutate, code):
    with pytest.raises(TableError) as exc:
        fr.load_rubrics(_write(tmp_path, mutate))
    assert exc.value.code == code
