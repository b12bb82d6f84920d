"""A screen offers only what its reader may open: a link that leads to 无权访问 is a link a new user trips over
(found walking the demo district as each role; the crawl in test_crawl.py checks every page reachable from home)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_账号页只对能查看审计日志的人给出审计链接(client, role_users):
    target = role_users["officer"]
    audit = reverse("web:audit")
    client.force_login(role_users["security_admin"])
    assert client.get(audit).status_code == 403
    page = client.get(reverse("web:account_detail", args=[target.pk])).content.decode()
    assert f'href="{audit}?person=' not in page and "由安全审计员查看" in page


def test_活动日历只对能登记活动的人给出登记按钮(client, role_users):
    create = reverse("activities:event_create")
    for role, offered in (("officer", True), ("leader", False), ("auditor", False)):
        client.force_login(role_users[role])
        page = client.get(reverse("activities:calendar"), {"year": "2023"}).content.decode()
        assert (client.get(create).status_code == 200) is offered, role
        assert (f'href="{create}?theme=' in page) is offered, role


def test_抽查计划页只对录入检查结果的人给出我的检查(client, role_users):
    mine = reverse("inspections:my_inspections")
    for role, offered in (("officer", True), ("leader", False), ("legal_reviewer", False), ("auditor", False)):
        client.force_login(role_users[role])
        page = client.get(reverse("inspections:plan_list")).content.decode()
        assert (client.get(mine).status_code == 200) is offered, role
        assert (f'href="{mine}"' in page) is offered, role
