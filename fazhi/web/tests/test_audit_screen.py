"""The audit screen (issue 14 §6): search by person, object, action and date, keyset pages, one event with its
fields, the verification result and the anchors; Chinese names only (no action codes on screen)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core import audit_check
from fazhi.core.audit import audit_record
from fazhi.core.models import AuditEvent, AuditVerification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_file(tmp_path, settings):
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    settings.FAZHI_AUDIT_ANCHOR_KEY = "k"


@pytest.fixture
def trail(make_user):
    zhang = make_user("officer", username="zhang")
    wang = make_user("leader", username="wang")
    for user, name in ((zhang, "张执法"), (wang, "王局长")):
        user.display_name = name
        user.save(update_fields=["display_name"])
    AuditEvent.objects.all().count()
    audit_record(action="core.login", target=zhang, changes={"ip": "10.0.0.1"}, actor=zhang)
    audit_record(
        action="credit.revocation_propose",
        target=("credit.identitymisuserevocation", 7),
        changes={"evidence": "公安核查"},
        actor=zhang,
    )
    audit_record(
        action="credit.revocation_decide",
        target=("credit.identitymisuserevocation", 7),
        changes={"approve": True},
        actor=wang,
    )
    audit_record(action="core.login_failed", target=("core.user", "?ghost"), changes={"username": "ghost"}, actor=None)
    return {"zhang": zhang, "wang": wang}


@pytest.fixture
def auditor_client(client, make_user, trail):
    client.force_login(make_user("auditor", username="shenji"))  # a login: event 5 of the trail
    return client


def page(client, **params):
    response = client.get(reverse("web:audit"), params)
    assert response.status_code == 200
    return response


def sequences(response):
    return [r["event"].sequence for r in response.context["rows"]]


def test_按人员查询(auditor_client, trail):
    assert sequences(page(auditor_client, person="张执法")) == [2, 1]
    assert sequences(page(auditor_client, person="wang")) == [3]
    assert sequences(page(auditor_client, person="system")) == [4]
    assert sequences(page(auditor_client, person="shenji")) == [5]  # the auditor's own login
    assert sequences(page(auditor_client, person="无此人")) == []


def test_按操作和对象查询(auditor_client, trail):
    assert sequences(page(auditor_client, action="credit.revocation_decide")) == [3]
    r = page(auditor_client, object_type="credit.identitymisuserevocation", object_id="7")
    assert sequences(r) == [3, 2]


def test_按日期查询(auditor_client, trail):
    AuditEvent.objects.count()  # all written today
    today = timezone.localdate()
    assert len(sequences(page(auditor_client, date_from=today.isoformat(), date_to=today.isoformat()))) >= 4
    yesterday = today - dt.timedelta(days=1)
    assert sequences(page(auditor_client, date_to=yesterday.isoformat())) == []
    r = page(auditor_client, date_from=today.isoformat(), date_to=yesterday.isoformat())
    assert "截止日期不能早于起始日期" in r.content.decode()


def test_分页按序号向前翻_不计总数(auditor_client, make_user):
    user = make_user("officer", username="many")
    for i in range(115):
        audit_record(action="core.login", target=user, changes={"i": i}, actor=user)
    assert AuditEvent.objects.count() == 120  # the trail's 4, the auditor's login and these 115
    first = page(auditor_client)
    assert sequences(first) == list(range(120, 70, -1))
    assert first.context["next_query"] == "before=71"
    second = page(auditor_client, before=71)
    assert sequences(second) == list(range(70, 20, -1))
    third = page(auditor_client, before=21)
    assert sequences(third) == list(range(20, 0, -1)) and third.context["next_query"] == ""


def test_页面只显示中文操作名_不显示代码(auditor_client, trail):
    html = page(auditor_client).content.decode()
    assert "撤销登记：提出" in html and "撤销登记：局领导决定" in html and "登录失败" in html
    for code in ("credit.revocation_propose", "core.login_failed", "credit.identitymisuserevocation"):
        assert f">{code}<" not in html and f"{code} " not in html.split("<tbody>")[1]


def test_无效的查询条件给出中文错误_不出500(auditor_client, trail):
    r = page(auditor_client, action="nope", date_from="2024-13-45", before="abc")
    assert r.context["form"].errors and r.context["rows"] == []


def test_单个事件页显示字段中文名与哈希(auditor_client, trail):
    r = auditor_client.get(reverse("web:audit_event", args=[2]))
    html = r.content.decode()
    assert r.status_code == 200 and "撤销登记：提出" in html and "调查核实情况与证据" in html and "公安核查" in html
    assert AuditEvent.objects.get(sequence=2).hash in html
    assert auditor_client.get(reverse("web:audit_event", args=[999])).status_code == 404


def test_显示最近一次校验与锚点_立即校验记入审计(auditor_client, trail):
    assert "尚未校验过" in page(auditor_client).content.decode()
    anchor = audit_check.anchor()
    response = auditor_client.post(reverse("web:audit_verify"))
    assert response.status_code == 302
    verification = AuditVerification.objects.get()
    assert (
        verification.exit_code == 0
        and verification.trigger == "screen"
        and verification.checked_by.username == "shenji"
    )
    assert AuditEvent.objects.filter(action="audit.verify_run").exists()
    html = page(auditor_client).content.decode()
    assert "完整，与全部锚点一致" in html and anchor.hash[:16] in html


def test_查询的数据库访问次数固定(auditor_client, trail, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        page(auditor_client, person="张", action="core.login", date_from="2020-01-01", date_to="2099-01-01")


def test_查询后下拉框保留所选操作和对象_行链接到事件页(auditor_client, trail):
    html = page(auditor_client, action="credit.revocation_decide", object_type="credit.identitymisuserevocation")
    html = html.content.decode()
    assert '<option value="credit.revocation_decide" selected>撤销登记：局领导决定</option>' in html
    assert html.count(" selected>") == 2  # the chosen action and the chosen object type, nothing else
    assert '<option value="">全部操作</option>' in html and '<option value="core.login">登录</option>' in html
    assert f'<a href="{reverse("web:audit_event", args=[3])}">3</a>' in html
    local = timezone.localtime(AuditEvent.objects.get(sequence=3).occurred_at)
    assert local.strftime("%Y-%m-%d %H:%M:%S") in html


def test_列表不读取变更内容_打开单个事件才读取(auditor_client, trail):
    with CaptureQueriesContext(connection) as queries:
        page(auditor_client)
    listing = [q["sql"] for q in queries.captured_queries if 'FROM "core_auditevent"' in q["sql"]]
    assert listing and all('"core_auditevent"."changes"' not in sql for sql in listing)


def test_事件页的是否_列表和键值用中文写出_不显示Python值(auditor_client, make_user):
    zhang = make_user("officer", username="zhang2")
    audit_record(
        action="core.login",
        target=zhang,
        changes={
            "superuser": False,
            "fields": ["标题", "违法事实", "日期"],
            "counts": {"records": 3},
            "is_active": [True, False],
        },
        actor=zhang,
    )
    event = AuditEvent.objects.order_by("-sequence").first()
    html = auditor_client.get(reverse("web:audit_event", args=[event.sequence])).content.decode()
    assert "<td>超级用户</td><td></td><td>否</td>" in html
    assert "<td>涉及字段</td><td></td><td>标题、违法事实、日期</td>" in html
    assert "<td>各类记录数</td><td></td><td>记录数：3</td>" in html
    assert "<td>有效</td><td>是</td><td>否</td>" in html
    for trace in ("False", "True", "['", "{'"):
        assert trace not in html
