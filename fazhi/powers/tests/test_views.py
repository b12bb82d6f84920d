import datetime as dt

import pytest
from django.urls import reverse

from fazhi.powers import selectors, services
from fazhi.powers.models import AdjustmentBatch
from fazhi.powers.tests.factories import D2022, approved_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(role_users, department):
    approved_batch(role_users["section_chief"], role_users["leader"], "基线", D2022, [("add", "CF-001", "原名称")],
                   department=department)  # fmt: skip
    batch = services.batch_create(
        actor=role_users["section_chief"], number="调1", title="t", issued_on=D2022, effective_from=dt.date(2023, 1, 1)
    )
    return batch


def test_页面变更时留空项目沿用现有内容(client, role_users, setup, department):
    client.force_login(role_users["section_chief"])
    response = client.post(
        reverse("powers:line_add", args=[setup.pk]), {"action": "change", "code": "CF-001", "remarks": "新备注"}
    )
    assert response.status_code == 302
    line = setup.lines.get()
    assert (line.name, line.category, line.remarks, line.department_id) == (
        "原名称",
        "penalty",
        "新备注",
        department.pk,
    )
    assert line.legal_basis[0]["instrument"] == "中华人民共和国食品安全法"


def test_页面流程_提交批准(client, role_users, setup):
    client.force_login(role_users["section_chief"])
    client.post(reverse("powers:line_add", args=[setup.pk]), {"action": "remove", "code": "CF-001", "reason": "废止"})
    setup.refresh_from_db()
    client.post(reverse("powers:batch_submit", args=[setup.pk]), {"revision": setup.revision})
    setup.refresh_from_db()
    assert setup.status == "submitted"
    client.force_login(role_users["leader"])
    panels = selectors.home_panels(role_users["leader"])
    assert panels[0]["items"][0]["text"].startswith("调1")
    client.post(reverse("powers:batch_approve", args=[setup.pk]), {"revision": setup.revision, "note": "同意"})
    assert AdjustmentBatch.objects.get(pk=setup.pk).status == "approved"
    assert selectors.power_lookup("CF-001", dt.date(2023, 1, 1)) is None


def test_页面显示问题且不提交(client, role_users, setup):
    client.force_login(role_users["section_chief"])
    client.post(reverse("powers:line_add", args=[setup.pk]), {"action": "remove", "code": "NOPE"})
    html = client.get(reverse("powers:batch_detail", args=[setup.pk])).content.decode()
    assert "powers.unknown_item" in html
    response = client.post(reverse("powers:batch_submit", args=[setup.pk]), follow=True)
    assert "未作任何调整" in response.content.decode()
    assert AdjustmentBatch.objects.get(pk=setup.pk).status == "draft"


def test_退回(client, role_users, setup):
    client.force_login(role_users["section_chief"])
    client.post(reverse("powers:line_add", args=[setup.pk]), {"action": "remove", "code": "CF-001"})
    client.post(reverse("powers:batch_submit", args=[setup.pk]))
    client.force_login(role_users["leader"])
    client.post(reverse("powers:batch_reject", args=[setup.pk]), {"note": "请补充理由"})
    assert AdjustmentBatch.objects.get(pk=setup.pk).status == "rejected"
    assert selectors.power_lookup("CF-001", dt.date(2023, 1, 1)) is not None
