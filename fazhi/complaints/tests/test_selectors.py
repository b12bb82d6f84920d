import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.complaints import selectors, services

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_我的待办按期限排序_办结的不在其中(register):
    (late,) = register(received_on=dt.date(2023, 6, 20))
    (early,) = register(received_on=dt.date(2023, 6, 1), category="prices")
    (done,) = register(received_on=dt.date(2023, 6, 2), category="services")
    services.complaint_refuse(complaint=done, on=dt.date(2023, 6, 5), ground="other", today=TODAY)
    assert [c.pk for c in selectors.queue_for(register.officer)] == [early.pk, late.pk]


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
    (c,) = register()
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), today=TODAY)
    from fazhi.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        services.complaint_close(
            complaint=c, outcome="failed", on=dt.date(2023, 6, 9), recovered_amount=Decimal("5"), today=TODAY
        )
    assert exc.value.code == "complaints.recovered_without_success"
