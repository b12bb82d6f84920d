"""回避申报 and 抽查事项 screens: a valid POST writes through the service, an invalid one shows the coded error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.inspections.models import InspectionItem, OfficerConflict
from fazhi.inspections.tests.factories import make_entities, make_officers

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    """The codes of the errors the form shows (the kernel keeps the code on the error, not on the screen)."""
    form = response.context["form"]
    return {e.code for errors in form.errors.as_data().values() for e in errors}


@pytest.fixture
def chief_client(client, role_users):
    client.force_login(role_users["section_chief"])
    return client


def _item_post(department, **overrides):
    data = {
        "code": "TS-009",
        "name": "特种设备使用单位检查",
        "domain": "特种设备",
        "legal_basis": "《中华人民共和国特种设备安全法》第五十七条",
        "power_code": "",
        "department": department.pk,
        "method": "on_site",
        "level": "key",
        "effective_from": "2023-01-01",
    }
    return {**data, **overrides}


def test_回避申报_有效提交写入申报并列出(chief_client, department):
    entity = make_entities(1, office=department)[0]
    officer = make_officers(department, 1)[0]
    url = reverse("inspections:conflict_list")
    response = chief_client.post(
        url, {"officer": officer.pk, "uscc": entity.uscc.lower(), "reason": "relative", "note": "配偶为股东"}
    )
    assert response.status_code == 302
    conflict = OfficerConflict.objects.get()
    assert (conflict.officer, conflict.entity, conflict.reason, conflict.note) == (
        officer,
        entity,
        "relative",
        "配偶为股东",
    )
    html = chief_client.get(url).content.decode()
    assert entity.name in html and "亲属关系" in html and "配偶为股东" in html


def test_回避申报_代码校验不通过或主体不存在或重复申报时显示错误码且不写入(chief_client, department):
    entity = make_entities(2, office=department)[0]
    officer = make_officers(department, 1)[0]
    url = reverse("inspections:conflict_list")
    bad = entity.uscc[:17] + ("0" if entity.uscc[17] != "0" else "1")
    response = chief_client.post(url, {"officer": officer.pk, "uscc": bad, "reason": "other"})
    assert "uscc.checksum" in codes(response) and "校验" in response.content.decode()
    unknown = make_entities(1, start=500)[0]
    unknown_uscc = unknown.uscc
    unknown.delete()
    response = chief_client.post(url, {"officer": officer.pk, "uscc": unknown_uscc, "reason": "other"})
    assert codes(response) == {"inspections.entity_unknown"} and "主体名录中没有" in response.content.decode()
    assert not OfficerConflict.objects.exists()
    chief_client.post(url, {"officer": officer.pk, "uscc": entity.uscc, "reason": "other"})
    response = chief_client.post(url, {"officer": officer.pk, "uscc": entity.uscc, "reason": "other"})
    assert codes(response) == {"inspections.conflict_exists"} and "无需重复申报" in response.content.decode()
    assert OfficerConflict.objects.count() == 1


def test_回避申报_只能选择本部门执法人员(chief_client, department, other_department):
    entity = make_entities(1, office=department)[0]
    outsider = make_officers(other_department, 1)[0]
    response = chief_client.post(
        reverse("inspections:conflict_list"), {"officer": outsider.pk, "uscc": entity.uscc, "reason": "other"}
    )
    assert response.status_code == 200 and not OfficerConflict.objects.exists()


def test_抽查事项_有效提交写入事项并列出(chief_client, department):
    url = reverse("inspections:item_list")
    response = chief_client.post(url, _item_post(department))
    assert response.status_code == 302
    item = InspectionItem.objects.get()
    assert (item.code, item.level, item.method, item.department) == ("TS-009", "key", "on_site", department)
    html = chief_client.get(url).content.decode()
    assert "特种设备使用单位检查" in html and "重点检查事项" in html


def test_抽查事项_权责事项不在有效期时显示错误码且不写入(chief_client, department):
    response = chief_client.post(reverse("inspections:item_list"), _item_post(department, power_code="NOPE-404"))
    assert codes(response) == {"powers.not_in_force"} and "法无授权不可为" in response.content.decode()
    assert not InspectionItem.objects.exists()


def test_执法人员不能新增抽查事项(client, role_users, department):
    client.force_login(role_users["officer"])
    response = client.post(reverse("inspections:item_list"), _item_post(department))
    assert response.status_code == 403 and not InspectionItem.objects.exists()
