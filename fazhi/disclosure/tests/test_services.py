"""Requests through the services: receipt by channel (Art. 31), the 20-working-day clock (Art. 33) with the 2023
holidays, correction restarting it (Art. 30), consultation excluded (Art. 33 para 3), one extension (Art. 33 para 2),
reply types (Art. 36) and the catalogue's 20 working days (Art. 26). Due dates computed by hand from the 2023
holiday notice (清明 5 April; 劳动节 29 April–3 May, 23 April and 6 May worked)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import DomainError
from fazhi.deadlines.models import TrackedDeadline
from fazhi.disclosure import services
from fazhi.disclosure.models import DisclosureRequest

pytestmark = pytest.mark.django_db
D = dt.date


def _clock(r, rule="disclosure.reply"):
    return TrackedDeadline.objects.filter(owner_id=str(r.pk), rule_id=rule).order_by("-id").first()


def test_当面提交_收到日即提交日_答复期限20个工作日(register):
    r = register()
    # 2023-03-01 (Wed): working days 2,3,6–10,13–17,20–24,27,28,29 March → the 20th is 29 March.
    assert r.reply_due_on == D(2023, 3, 29)
    assert _clock(r, "disclosure.correction_request").due_on == D(2023, 3, 10)  # 7 working days
    assert r.number.endswith("〔2023〕1号")
    assert "第三十一条" in r.receipt_rule


def test_当面提交的收到日必须等于提交日(register):
    with pytest.raises(DomainError) as exc:
        register(received_on=D(2023, 3, 2))
    assert exc.value.code == "disclosure.receipt_date"
    assert exc.value.field == "received_on"
    assert DisclosureRequest.objects.count() == 0


def test_平信以确认日为收到日_不得早于寄出日(register):
    r = register(channel="mail_unsigned", submitted_on=D(2023, 2, 27), received_on=D(2023, 3, 1))
    assert r.reply_due_on == D(2023, 3, 29)
    with pytest.raises(DomainError) as exc:
        register(channel="online", submitted_on=D(2023, 3, 2), received_on=D(2023, 3, 1))
    assert exc.value.code == "date.too_early"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("channel", "pigeon", "oversight.unknown_item"),
        ("applicant_kind", "alien", "oversight.unknown_item"),
        ("received_on", "2024-01-02", "date.future"),
        ("applicant_name", "", "cell.required"),
        ("content", "x" * 2001, "cell.too_long"),
    ],
)
def test_错误输入按字段拒绝(register, field, value, code):
    with pytest.raises(DomainError) as exc:
        register(**{field: value})
    assert exc.value.code == code
    assert exc.value.field == field


def test_补正后自收到补正申请之日重新起算(register, role_users):
    r = register()
    actor = role_users["legal_reviewer"]
    services.correction_request(request=r, on=D(2023, 3, 3), text="请明确信息名称", actor=actor)
    assert r.status == "awaiting_correction"
    assert _clock(r, "disclosure.correction_request").status == "met"
    assert _clock(r).status == "cancelled"
    with pytest.raises(DomainError) as exc:
        services.request_reply(request=r, reply_type="disclosed", on=D(2023, 3, 6), text="x", actor=actor)
    assert exc.value.code == "disclosure.awaiting_correction"
    services.correction_receive(request=r, on=D(2023, 3, 13), actor=actor)
    # From 13 March: 14–17, 20–24, 27–31 March, 3, 4, 6, 7, 10, 11 April (5 April 清明) → 11 April.
    assert r.reply_due_on == D(2023, 4, 11)
    assert r.status == "received"
    with pytest.raises(DomainError) as exc:
        services.correction_request(request=r, on=D(2023, 3, 14), text="再补正", actor=actor)
    assert exc.value.code == "disclosure.correction_once"


def test_逾期不补正_视为放弃(register, role_users):
    r = register()
    actor = role_users["legal_reviewer"]
    services.correction_request(request=r, on=D(2023, 3, 3), text="请明确信息名称", actor=actor)
    services.request_reply(
        request=r, reply_type="other_no_correction", on=D(2023, 4, 20), text="逾期未补正", actor=actor
    )
    assert r.status == "replied" and r.reply_group == "other" and not r.replied_late


def test_征求第三方意见的时间不计入(register, role_users):
    r = register()
    actor = role_users["legal_reviewer"]
    services.consultation_start(request=r, party="某公司", on=D(2023, 3, 6), actor=actor)
    assert r.status == "consulting"
    services.consultation_end(request=r, on=D(2023, 3, 10), opinion="不同意公开", actor=actor)
    # 6–10 March (5 working days) excluded: 29 March + 30, 31 March, 3, 4, 6 April → 6 April.
    assert r.reply_due_on == D(2023, 4, 6)
    assert r.status == "received"


def test_延长一次20个工作日_须科室负责人同意(register, role_users):
    r = register()
    with pytest.raises(DomainError) as exc:
        services.reply_extend(request=r, on=D(2023, 3, 20), reason="档案多", actor=role_users["legal_reviewer"])
    assert exc.value.code == "access.forbidden"
    chief = role_users["section_chief"]
    services.reply_extend(request=r, on=D(2023, 3, 20), reason="档案多", actor=chief)
    # 29 March + 20: 30, 31 March, 3, 4, 6, 7, 10–14, 17–21, 23 (Sunday worked), 24, 25, 26 April → 26 April.
    assert r.reply_due_on == D(2023, 4, 26)
    assert r.extension_approved_by == chief
    with pytest.raises(DomainError) as exc:
        services.reply_extend(request=r, on=D(2023, 3, 21), reason="再延", actor=chief)
    assert exc.value.code == "disclosure.extend_once"


def test_期满后不能延长(register, role_users):
    r = register()
    with pytest.raises(DomainError) as exc:
        services.reply_extend(request=r, on=D(2023, 3, 30), reason="晚了", actor=role_users["section_chief"])
    assert exc.value.code == "disclosure.extend_too_late"


def test_答复_按期与逾期(register, role_users):
    actor = role_users["legal_reviewer"]
    on_time = register()
    services.request_reply(request=on_time, reply_type="disclosed", on=D(2023, 3, 29), text="予以公开", actor=actor)
    assert not on_time.replied_late and on_time.reply_group == "disclosed"
    assert "第三十六条" in on_time.reply_citation
    assert _clock(on_time).status == "met"
    assert _clock(on_time, "disclosure.correction_request").status == "cancelled"
    late = register()
    services.request_reply(
        request=late, reply_type="refused_process", on=D(2023, 3, 30), text="过程性信息", actor=actor
    )
    assert late.replied_late and late.reply_group == "refused"
    with pytest.raises(DomainError) as exc:
        services.request_reply(request=late, reply_type="disclosed", on=D(2023, 3, 31), text="再答", actor=actor)
    assert exc.value.code == "disclosure.transition_forbidden"


def test_答复类型须为条例规定的类型(register, role_users):
    r = register()
    with pytest.raises(DomainError) as exc:
        services.request_reply(
            request=r, reply_type="maybe", on=D(2023, 3, 10), text="x", actor=role_users["legal_reviewer"]
        )
    assert exc.value.code == "oversight.unknown_item" and exc.value.field == "reply_type"


def test_其他部门的科室负责人不能登记(register, other_department, make_user):
    chief = make_user("section_chief", dept=other_department)
    with pytest.raises(DomainError) as exc:
        register(actor=chief)
    assert exc.value.code == "access.not_found"


def test_主动公开_20个工作日内与逾期(department, role_users):
    actor = role_users["legal_reviewer"]
    kw = dict(department=department, title="关于规范登记的通知", category="normative", actor=actor)
    ok = services.document_publish(formed_on=D(2023, 3, 1), published_on=D(2023, 3, 29), **kw)
    assert ok.due_on == D(2023, 3, 29) and not ok.published_late
    late = services.document_publish(formed_on=D(2023, 3, 1), published_on=D(2023, 3, 30), **kw)
    assert late.published_late
    with pytest.raises(DomainError) as exc:
        services.document_publish(formed_on=D(2023, 3, 1), published_on=D(2023, 3, 2), **{**kw, "category": "poem"})
    assert exc.value.field == "category"
    services.document_withdraw(document=ok, on=D(2023, 6, 1), reason="已废止", actor=actor)
    assert ok.withdrawn_on == D(2023, 6, 1)
