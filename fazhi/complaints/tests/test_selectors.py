import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.complaints import selectors, services

pytestmark = pytest.mark.django_db


def test_我的待办按期限排序_办结的不在其中(register):
    (late,) = register(received_on=dt.date(2023, 6, 20))
    (early,) = register(received_on=dt.date(2023, 6, 1), category="prices")
    (done,) = register(received_on=dt.date(2023, 6, 2), category="services")
    services.complaint_refuse(complaint=done, on=dt.date(2023, 6, 5), ground="other", actor=register.officer)
    assert [c.pk for c in selectors.queue_for(register.officer)] == [early.pk, late.pk]


def test_全部来件_办理中的按期限在前_已办结的在后(register, make_user):
    (late,) = register(received_on=dt.date(2023, 6, 20))
    (done,) = register(received_on=dt.date(2023, 6, 25), category="services")
    services.complaint_refuse(complaint=done, on=dt.date(2023, 6, 26), ground="other", actor=register.officer)
    (early,) = register(received_on=dt.date(2023, 6, 1), category="prices")
    chief = make_user("section_chief", username="chief")
    assert [c.pk for c in selectors.search(chief)] == [early.pk, late.pk, done.pk]


def test_下一步写明由谁在何时前办理(register):
    (c,) = register(received_on=dt.date(2023, 6, 1))
    step = selectors.next_step(c, today=dt.date(2023, 6, 13))
    assert step["who"] == "承办人（执法人员）" and "受理" in step["what"]
    assert step["due"] == dt.date(2023, 6, 12) and step["overdue"]


def test_部门今日到期和已超期(register, make_user, other_department):
    (a,) = register(received_on=dt.date(2023, 6, 1))  # due 2023-06-12
    chief = make_user("section_chief", username="chief")
    assert [c.pk for c in selectors.department_due(chief, today=dt.date(2023, 6, 12), which="today")] == [a.pk]
    assert [c.pk for c in selectors.department_due(chief, today=dt.date(2023, 6, 13), which="overdue")] == [a.pk]
    outsider = make_user("section_chief", dept=other_department, username="outsider")
    assert selectors.department_due(outsider, today=dt.date(2023, 6, 13), which="overdue") == []
    assert selectors.due_counts(chief, today=dt.date(2023, 6, 13))["overdue"] == 1


def test_按类别渠道月份和被投诉方统计(register):
    register(received_on=dt.date(2023, 3, 1))
    register(received_on=dt.date(2023, 3, 2), channel="grid", category="prices")
    register(kind="not_covered", redirect_reason="consultation")
    assert selectors.received_count(2023) == 2 and selectors.grid_work_orders(2023) == 1
    assert {r["label"] for r in selectors.by_category(2023)} == {"食品安全", "价格收费"}
    assert selectors.by_month(2023)[2] == {"label": "3月", "n": 2}
    assert selectors.top_respondents(2023) == [{"label": "某某餐馆", "n": 2}]
    assert selectors.on_time_rate(2023) is None


def test_首页面板列出我的待办(register):
    register()
    panels = selectors.home_panels(register.officer)
    assert panels[0]["title"] == "我的投诉举报" and len(panels[0]["items"]) == 1


def test_附件保存SHA256(register):
    upload = SimpleUploadedFile("小票.jpg", b"receipt-bytes", content_type="image/jpeg")
    (c,) = register(attachments=[upload])
    att = c.attachments.get()
    import hashlib

    assert att.sha256 == hashlib.sha256(b"receipt-bytes").hexdigest() and att.size == 13


def test_调解成功才登记挽回损失(register):
    from fazhi.core.errors import DomainError

    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=register.officer)
    with pytest.raises(DomainError) as exc:  # not mediating yet: nothing to succeed
        services.mediation_succeed(complaint=c, on=dt.date(2023, 6, 9), recovered_amount="5", actor=register.officer)
    assert exc.value.code == "complaints.transition_forbidden"
    c = services.mediation_start(complaint=c, method="remote", actor=register.officer)
    c = services.mediation_succeed(complaint=c, on=dt.date(2023, 6, 9), recovered_amount="5", actor=register.officer)
    assert c.recovered_amount == Decimal("5.00") and selectors.recovered_yuan(2023) == 5


def test_法制审核人员的首页面板和队列(register, reviewer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(kind="not_covered", redirect_reason="petition", received_on=dt.date(2026, 6, 1))
    assert [r.pk for r in selectors.review_queue(reviewer)] == [c.pk]
    (panel,) = selectors.home_panels(reviewer)
    assert panel["title"] == "投诉举报待法制审核" and len(panel["items"]) == 1
