"""The starter bank and the one question validation (form, API and loader share it)."""

from __future__ import annotations

import collections

import pytest
import yaml

from fazhi.core.errors import DomainError
from fazhi.exams import bank, services
from fazhi.exams.models import Law, Question


def test_起始题库_约六十题_覆盖六部法律与三种题型():
    laws, questions = bank.read_bank_file()
    assert {law.title for law in laws} == {
        "中华人民共和国行政处罚法",
        "中华人民共和国行政许可法",
        "中华人民共和国行政强制法",
        "市场监督管理行政处罚程序规定",
        "中华人民共和国反不正当竞争法",
        "中华人民共和国食品安全法",
    }
    assert len(questions) >= 60
    per_law = collections.Counter(q.law_code for q in questions)
    assert min(per_law.values()) >= 8
    kinds = {(q.law_code, q.kind) for q in questions}
    for law in laws:
        assert {k for c, k in kinds if c == law.code} == {"single", "multiple", "true_false"}, law.code
    # every [TEXT] question carries the fragment of its article it was checked against
    text_laws = {law.code for law in laws if law.status == "TEXT"}
    assert all(q.quote for q in questions if q.law_code in text_laws)


def test_已修订的法律版本_标明停止适用日期():
    laws = {law.code: law for law in bank.read_bank_file()[0]}
    assert str(laws["anti_unfair_competition_law"].in_force_until) == "2025-10-15"  # 2025年修订法施行
    assert str(laws["food_safety_law"].in_force_until) == "2025-12-01"  # 2025年修正施行
    assert laws["administrative_penalty_law"].in_force_until is None


GOOD = {
    "article": "第三十六条",
    "kind": "single",
    "difficulty": 2,
    "stem": "题干",
    "options": ["甲", "乙"],
    "answer": "b",
}


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"article": "36条"}, "exams.question.article", "article"),
        ({"kind": "essay"}, "exams.question.kind", "kind"),
        ({"difficulty": 4}, "number.range", "difficulty"),
        ({"stem": ""}, "cell.required", "stem"),
        ({"stem": "长" * 501}, "cell.too_long", "stem"),
        ({"options": ["甲"]}, "exams.question.options", "options"),
        ({"options": ["甲", "甲"]}, "exams.question.options", "options"),
        ({"answer": "C"}, "exams.question.answer", "answer"),
        ({"answer": "AB"}, "exams.question.answer", "answer"),
        ({"kind": "multiple", "answer": "A"}, "exams.question.answer", "answer"),
        ({"kind": "true_false", "options": [], "answer": "也许"}, "exams.question.answer", "answer"),
        ({"kind": "true_false", "answer": "T"}, "exams.question.options", "options"),
    ],
)
def test_试题校验_字段错误带稳定代码(change, code, field):
    with pytest.raises(DomainError) as info:
        bank.clean_question(**{**GOOD, **change})
    assert info.value.code == code
    assert info.value.field == field


def test_判断题答案可写中文():
    clean = bank.clean_question(**{**GOOD, "kind": "true_false", "options": [], "answer": "错误"})
    assert clean["answer"] == "F" and clean["options"] == []


def _doc():
    return yaml.safe_load(bank.STARTER_BANK.read_text(encoding="utf-8"))


def test_题库文件_未知字段与未声明的法律被拒绝():
    doc = _doc()
    doc["questions"][0]["hint"] = "x"
    with pytest.raises(DomainError) as info:
        bank.parse_document(doc)
    assert info.value.code == "exams.bank.unknown_key"
    doc = _doc()
    doc["questions"][0]["law"] = "no_such_law"
    with pytest.raises(DomainError) as info:
        bank.parse_document(doc)
    assert info.value.code == "exams.bank.unknown_law"


@pytest.mark.django_db
def test_载入幂等_内容变化时新增版本并停用旧版本():
    first = services.bank_load(document=_doc(), actor=None)
    assert first.questions_added == len(_doc()["questions"]) and first.laws_added == 6
    again = services.bank_load(document=_doc(), actor=None)
    assert again.questions_added == 0 and again.questions_unchanged == first.questions_added
    doc = _doc()
    doc["questions"][0]["stem"] = doc["questions"][0]["stem"] + "（修订）"
    third = services.bank_load(document=doc, actor=None)
    assert third.questions_revised == 1
    versions = Question.objects.filter(code=doc["questions"][0]["id"]).order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].retired_at is not None and versions[1].retired_at is None
    assert versions[1].supersedes_id == versions[0].pk
    assert Law.objects.count() == 6


@pytest.mark.django_db
def test_员工新增与修订试题(make_user):
    services.bank_load(document=_doc(), actor=None)
    user = make_user("legal_reviewer")
    law = Law.objects.get(code="administrative_penalty_law")
    q = services.question_add(law=law.pk, actor=user, **GOOD)
    assert q.code == "q-00001" and q.answer == "B"
    revised = services.question_revise(question=q, law=law.pk, actor=user, **{**GOOD, "answer": "A"})
    assert revised.code == q.code and revised.version == 2
    with pytest.raises(DomainError) as info:
        services.question_revise(question=revised, law=law.pk, actor=user, **{**GOOD, "answer": "A"})
    assert info.value.code == "exams.question_unchanged"
    q.refresh_from_db()
    with pytest.raises(DomainError) as info:
        services.question_revise(question=q, law=law.pk, actor=user, **GOOD)
    assert info.value.code == "exams.question_retired"


@pytest.mark.django_db
def test_版本号与题号_来自统一编号服务_接续既有记录(make_user):
    """Versions and staff 题号 come from fazhi.core.numbering; rows stored before the counter existed (simulated by
    removing the counters) raise its floor, so numbering continues without a duplicate."""
    from fazhi.core.models import NumberCounter

    services.bank_load(document=_doc(), actor=None)
    user = make_user("legal_reviewer")
    law = Law.objects.get(code="administrative_penalty_law")
    q = services.question_add(law=law.pk, actor=user, **GOOD)
    NumberCounter.objects.filter(scope__startswith="exams.").delete()
    second = services.question_add(law=law.pk, actor=user, **GOOD)
    assert (q.code, second.code) == ("q-00001", "q-00002")
    revised = services.question_revise(question=q, law=law.pk, actor=user, **{**GOOD, "answer": "A"})
    assert revised.version == 2
    assert NumberCounter.objects.get(scope="exams.question:q-00001", year=0).last == 2


@pytest.mark.django_db(transaction=True)
def test_同一题号已有现行版本时_新版本被拒绝而不是重复():
    """A load or revision that finds, under the 题号's counter lock, a current version it did not retire (another
    writer added it first) is refused with a stable code instead of a second current version."""
    from django.db import transaction

    from fazhi.exams.services import bank as bank_services

    services.bank_load(document=_doc(), actor=None)
    code = Question.objects.filter(retired_at__isnull=True).values_list("code", flat=True).first()
    with pytest.raises(DomainError) as info, transaction.atomic():
        bank_services._next_version(code)
    assert info.value.code == "exams.question_concurrent"
    assert Question.objects.filter(code=code).count() == 1
