"""Screens: registration refuses bad input on its field (never a 500); the matter page shows its clock; the
outcome form withdraws the publicity of a revoked penalty; the case page lists the matters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.cases import services as case_services
from fazhi.remedies.models import Reconsideration

pytestmark = pytest.mark.django_db
D = dt.date


def test_登记复议_错误输入逐项提示(client, users, department):
    client.force_login(users["legal_reviewer"])
    url = reverse("remedies:reconsideration_new")
    assert client.get(url).status_code == 200
    data = {
        "department": department.pk, "act_kind": "penalty", "case_number": "", "act_description": "行政处罚决定",
        "applicant_name": "张某", "applicant_kind": "natural_person", "reviewing_body": "天津市东丽区人民政府",
        "procedure": "ordinary", "applied_on": "2023-09-20", "copy_received_on": "2024-01-05",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    assert "晚于今天" in response.context["form"].errors["copy_received_on"][0]
    data["copy_received_on"] = "2023-09-28"
    response = client.post(url, data)
    assert response.status_code == 422 and "处罚案件不存在" in str(response.context["form"].errors)
    data.update(act_kind="complaint", applied_on="2023-13-01")
    response = client.post(url, data)
    assert response.status_code == 422 and response.context["form"].errors["applied_on"]
    data["applied_on"] = "2023-09-20"
    response = client.post(url, data)
    assert response.status_code == 302
    r = Reconsideration.objects.get()
    page = client.get(reverse("remedies:reconsideration_detail", kwargs={"pk": r.pk})).content.decode()
    assert "2023-10-08" in page and "书面答复期限" in page


def test_结果表单_撤销处罚决定撤回公示_案件页面显示(client, register, make_case, users):
    case = make_case("served")
    case_services.publication_publish(publication=case.publication, on=D(2023, 4, 10), actor=users["officer"])
    r = register["reconsideration"](
        act_kind="penalty",
        case=case,
        act_description="行政处罚决定",
        applied_on=D(2023, 5, 4),
        accepted_on=None,
        copy_received_on=D(2023, 5, 8),
    )
    client.force_login(users["leader"])
    url = reverse("remedies:reconsideration_act", kwargs={"pk": r.pk, "action": "conclude"})
    bad = client.post(
        url, {"outcome": "revoked", "decided_on": "2023-07-03", "known_on": "2023-07-01", "revision": r.revision}
    )
    assert bad.status_code == 422 and "早于决定的日期" in bad.content.decode()
    ok = client.post(
        url, {"outcome": "revoked", "decided_on": "2023-07-03", "known_on": "2023-07-05", "revision": r.revision}
    )
    assert ok.status_code == 302
    case.publication.refresh_from_db()
    assert case.publication.status == "withdrawn"
    html = client.get(reverse("cases:case_detail", kwargs={"pk": case.pk})).content.decode()
    assert "行政复议、行政诉讼" in html and "撤销（含部分撤销）" in html


def test_开庭登记_未出庭须说明理由(client, register, users):
    s = register["lawsuit"]()
    client.force_login(users["legal_reviewer"])
    url = reverse("remedies:lawsuit_act", kwargs={"pk": s.pk, "action": "hearing"})
    response = client.post(
        url, {"held_on": "2023-05-10", "staff_observers": "0", "absence_reason": "busy", "delegate_name": "王某"}
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {
            "held_on": "2023-05-10",
            "staff_observers": "abc",
            "head_appeared": "on",
            "head_name": "王局长",
            "head_position": "principal",
        },
    )
    assert response.status_code == 422 and "整数" in response.content.decode()
    response = client.post(
        url,
        {
            "held_on": "2023-05-10",
            "staff_observers": "3",
            "head_appeared": "on",
            "head_name": "王局长",
            "head_position": "principal",
        },
    )
    assert response.status_code == 302 and s.hearings.get().head_appeared


def test_首页与列表(client, register, users):
    register["reconsideration"]()
    register["lawsuit"]()
    client.force_login(users["auditor"])
    html = client.get(reverse("remedies:home")).content.decode()
    assert "待答复" in html and "负责人出庭应诉率" in html
    assert client.get(reverse("remedies:reconsideration_list") + "?page=x&q=张").status_code == 200
    assert client.get(reverse("remedies:lawsuit_list") + "?status=received").status_code == 200
