"""The one stale-edit check, page parsing and the view helper that shows a service's error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import transaction
from django.test import RequestFactory

from fazhi.core import pages, revision
from fazhi.core.errors import ConcurrentUpdate, DomainError, NotFound, ValidationFailed, from_rulebook
from fazhi.core.views import form_errors_to_messages, run_action, run_form
from fazhi.rulebook.errors import RulebookError


@pytest.mark.parametrize(("raw", "expected"), [("", None), ("7", 7), (3, 3)])
def test_parse_revision_accepts(raw, expected):
    assert revision.parse_revision(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "99999999999999999", True, "²"])
def test_parse_revision_refuses_with_a_field_error(raw):
    with pytest.raises(DomainError) as err:
        revision.parse_revision(raw)
    assert err.value.code == "input.revision_invalid" and err.value.field == "revision"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 1),
        ("page=3", 3),
        ("page=abc", 1),
        ("page=-2", 1),
        ("page=0", 1),
        ("page=99999999", 1),
        ("page=%C2%B2", 1),  # "²" is a digit to str.isdigit but not to int(): it must not become a 500
        ("page=%D9%A3", 1),  # an Arabic-Indic three: a page number is written in ASCII digits
    ],
)
def test_page_number_never_fails(query, expected):
    assert pages.page_number(RequestFactory().get("/x?" + query)) == expected


def test_query_int_is_a_field_error():
    with pytest.raises(DomainError) as err:
        pages.query_int(RequestFactory().get("/x?offset=-5"), "offset", default=0)
    assert err.value.code == "number.range" and err.value.field == "offset"
    assert pages.query_int(RequestFactory().get("/x"), "offset", default=0) == 0


def test_from_rulebook_keeps_code_message_and_params():
    exc = from_rulebook(RulebookError("deadline.unknown_rule", "未知期限规则", rule_id="x"), field="rule")
    assert (exc.code, exc.message, exc.field, exc.params) == (
        "deadline.unknown_rule",
        "未知期限规则",
        "rule",
        {"rule_id": "x"},
    )


class _Form(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/x")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_run_form_puts_the_service_error_on_its_field_without_the_code():
    form = _Form(data={"name": "甲"})

    def refuse(data):
        raise DomainError("cases.example", "请先完成立案审批", field="name")

    outcome = run_form(_request(), form, refuse)
    assert not outcome.ok and outcome.error.code == "cases.example"
    assert form.errors["name"] == ["请先完成立案审批"]
    assert form.has_error("name", "cases.example")


def test_run_form_unknown_field_goes_to_the_form_and_several_errors_spread():
    form = _Form(data={"name": "甲"})
    run_form(_request(), form, lambda d: (_ for _ in ()).throw(DomainError("x.y", "整体错误", field="nope")))
    assert form.non_field_errors() == ["整体错误"]
    form = _Form(data={"name": "甲"})
    run_form(_request(), form, lambda d: (_ for _ in ()).throw(ValidationFailed({"name": "太长", "other": "无效"})))
    assert form.errors["name"] == ["太长"] and "无效" in form.non_field_errors()


def test_run_action_success_and_failure_messages():
    request = _request()
    assert run_action(request, lambda: 5, success="已保存").value == 5
    outcome = run_action(request, lambda: (_ for _ in ()).throw(ConcurrentUpdate("案件")))
    assert not outcome.ok
    texts = [str(m) for m in request._messages]
    assert texts == ["已保存", "案件已被他人修改，请刷新页面后重试"]


def _batch():
    import datetime as dt

    from fazhi.powers.models import AdjustmentBatch

    return AdjustmentBatch.objects.create(
        number="津东丽市监函〔2024〕1号",
        title="调整",
        issued_on=dt.date(2024, 1, 2),
        effective_from=dt.date(2024, 1, 3),
    )


@pytest.mark.django_db
def test_lock_insists_on_the_revision_the_caller_saw_and_save_bumped_bumps_it():
    batch = _batch()
    seen = type(batch).objects.get(pk=batch.pk)  # a second screen showing revision 0
    with transaction.atomic():
        locked = revision.lock(batch, what="调整函")
        locked.title = "调整（修改）"
        revision.save_bumped(locked, ["title"], original=batch)
    assert (batch.revision, batch.title) == (1, "调整（修改）")
    with pytest.raises(ConcurrentUpdate), transaction.atomic():
        revision.lock(seen, what="调整函")  # the other screen still holds revision 0
    with pytest.raises(ConcurrentUpdate), transaction.atomic():
        revision.lock(batch, revision=0)


@pytest.mark.django_db
def test_lock_of_a_row_deleted_since_it_was_read_is_not_found_never_a_500():
    batch = _batch()
    type(batch).objects.filter(pk=batch.pk).delete()
    with pytest.raises(NotFound) as err, transaction.atomic():
        revision.lock(batch, what="调整函")
    assert err.value.code == "access.not_found" and "调整函" in err.value.message


def test_no_stale_edit_check_but_the_one_in_core_revision():
    """Issue 19 §1: "one revision check". Outside ``fazhi/core/revision.py`` no service compares a stored revision
    itself or raises ``concurrency.stale`` by hand: it calls ``revision.lock`` / ``update_if_current``."""
    fazhi = Path(__file__).resolve().parents[2]
    own_checks = []
    for path in sorted(fazhi.rglob("*.py")):
        relative = path.relative_to(fazhi).as_posix()
        if relative == "core/revision.py" or "/tests/" in relative or "/migrations/" in relative:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\.revision\s*!=|!=\s*\w*\.?revision\b|raise ConcurrentUpdate\(", line):
                own_checks.append(f"{relative}:{number}")
    assert own_checks == [], "用 fazhi.core.revision.lock 检查修订号：" + ", ".join(own_checks)


@pytest.mark.django_db
def test_update_if_current_is_compare_and_swap():
    batch = _batch()
    stale = type(batch).objects.get(pk=batch.pk)
    revision.update_if_current(batch, values={"title": "甲"}, status="draft")
    assert batch.revision == 1 and type(batch).objects.get(pk=batch.pk).title == "甲"
    with pytest.raises(ConcurrentUpdate):
        revision.update_if_current(stale, values={"title": "乙"})
    with pytest.raises(ConcurrentUpdate):
        revision.update_if_current(batch, values={"title": "丙"}, status="approved")


class _MeetingForm(forms.Form):
    held_on = forms.DateField(label="会议日期")
    topic = forms.CharField(label="议题", max_length=5)

    def clean(self):
        raise forms.ValidationError("会议记录已归档，不能修改", code="activities.archived")


def test_form_errors_to_messages_names_the_field_of_each_error():
    request = _request()
    form = _MeetingForm(data={"topic": "一二三四五六"})
    assert not form.is_valid()
    form_errors_to_messages(request, form)
    shown = [(m.message, m.tags) for m in request._messages]
    assert shown[0][0] == "会议日期：这个字段是必填项。"
    assert shown[1][0].startswith("议题：") and "5" in shown[1][0]
    assert shown[2][0] == "会议记录已归档，不能修改"  # a form-wide error has no field to name
    assert "code-required" in shown[0][1] and "code-activities.archived" in shown[2][1]
