import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.testing import check_response, permission_matrix_cases
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(register):
    c, t = register(kind="both", consumer_id_number="120110199001011234", consumer_phone="13812345678")
    return c, t


URLS = [
    ("complaints:queue", {}),
    ("complaints:search", {}),
    ("complaints:intake", {}),
    ("complaints:stats", {}),
    ("complaints:chart", {"what": "category"}),
    ("complaints:detail", {"pk": "PK"}),
    ("complaints:mediation", {"pk": "PK"}),
    ("complaints:respondent_notice", {"pk": "PK"}),
    ("complaints:act", {"pk": "PK", "action": "accept"}),
]
COVERED_URL_NAMES = frozenset(name for name, _ in URLS)


def test_权限矩阵覆盖全部页面(client, role_users, sample):
    urls = [(n, {k: (sample[0].pk if v == "PK" else v) for k, v in kw.items()}) for n, kw in URLS]
    for case in permission_matrix_cases(urls):
        client.logout()
        if case.role != "anonymous":
            client.force_login(role_users[case.role])
        check_response(case, client.get(case.url))


def test_其他部门的执法人员看不到来件(client, make_user, other_department, sample):
    client.force_login(make_user("officer", dept=other_department, username="other"))
    assert client.get(reverse("complaints:detail", args=[sample[0].pk])).status_code == 404


def test_对被投诉方的告知书不含投诉人或举报人身份(client, role_users, sample):
    client.force_login(role_users["officer"])
    for obj in sample:
        html = client.get(reverse("complaints:respondent_notice", args=[obj.pk])).content.decode()
        assert "张三" not in html and "138" not in html and "1201101990" not in html
        assert_no_personal_data(html)


def test_列表中不显示电话和身份证号_姓名打码(client, register, sample):
    client.force_login(register.officer)
    for url in (reverse("complaints:queue"), reverse("complaints:search")):
        html = client.get(url).content.decode()
        assert "13812345678" not in html and "120110199001011234" not in html and "张三" not in html
        assert_no_personal_data(html)


def test_详情页显示期限及计算过程_个人信息打码(client, register, sample):
    client.force_login(register.officer)
    html = client.get(reverse("complaints:detail", args=[sample[0].pk])).content.decode()
    assert "受理决定" in html and "计算过程" in html and "第十四条" in html
    assert "13812345678" not in html


def test_通过页面受理并登记调解结果(client, register, sample, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    c = sample[0]
    client.force_login(register.officer)
    r = client.post(reverse("complaints:act", args=[c.pk, "accept"]), {"on": "2023-06-02", "revision": c.revision})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == "accepted"
    r = client.post(
        reverse("complaints:mediation", args=[c.pk]),
        {"on": "2023-06-12", "outcome": "succeeded", "recovered_amount": "200", "revision": c.revision, "note": "退款"},
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == "closed" and c.closed_on == dt.date(2023, 6, 12)


def test_将来日期在页面上被拒绝并给出提示(client, register, sample, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    c = sample[0]
    client.force_login(register.officer)
    r = client.post(
        reverse("complaints:act", args=[c.pk, "accept"]), {"on": "2023-07-02", "revision": c.revision}, follow=True
    )
    assert "complaints.date_in_future" in r.content.decode()


def test_统计页和图表(client, role_users, sample):
    client.force_login(role_users["leader"])
    assert "<svg" in client.get(reverse("complaints:stats") + "?year=2023").content.decode()
    assert client.get(reverse("complaints:chart", args=["month"]))["Content-Type"] == "image/svg+xml"


def test_接口返回队列和详情_不含投诉人身份(client, register, sample):
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=register.officer, name="t", token_hash=ApiToken.hash_token(raw))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.get("/api/v1/complaints/queue", **auth)
    assert r.status_code == 200 and len(r.json()) == 2
    r = client.get(f"/api/v1/complaints/{sample[0].pk}", **auth)
    assert r.status_code == 200 and r.json()["clocks"][0]["rule_id"] == "complaint.acceptance"
    assert "13812345678" not in r.content.decode()
    assert client.get("/api/v1/complaints/stats/2023", **auth).json()["received"] == 2


def test_查看完整联系方式须承办权限并留痕(client, register, role_users, sample):
    from fazhi.core.models import AuditEvent

    url = reverse("complaints:act", args=[sample[0].pk, "reveal"])
    client.force_login(role_users["auditor"])
    assert client.post(url).status_code == 403
    client.force_login(register.officer)
    html = client.post(url).content.decode()
    assert "13812345678" in html
    assert AuditEvent.objects.filter(action="complaints.reveal_contact").count() == 1


def post(client, c, action, **data):
    c.refresh_from_db()
    return client.post(reverse("complaints:act", args=[c.pk, action]), {"revision": c.revision, **data})


def test_通过页面办理举报和各个步骤(client, register, sample, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    complaint, tip = sample
    client.force_login(register.officer)
    assert post(client, tip, "extend").status_code == 302
    post(client, tip, "decide", on="2023-06-20", decision="not_filed")
    post(client, tip, "notify_reporter", on="2023-06-21")
    tip.refresh_from_db()
    assert tip.status == "closed" and tip.verification_extended
    post(client, complaint, "accept", on="2023-06-02")
    post(client, complaint, "start_mediation", method="delegated")
    post(client, complaint, "testing_start", on="2023-06-05")
    post(client, complaint, "testing_end", on="2023-06-07")
    complaint.refresh_from_db()
    assert complaint.status == "mediating" and len(complaint.testing_periods) == 1
    html = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "调解期限" in html and "委托消费者协会调解" in html
    r = client.post(
        reverse("complaints:mediation", args=[complaint.pk]),
        {"on": "2023-06-09", "outcome": "terminated", "termination_ground": "absent_or_refused",
         "revision": complaint.revision + 0},
    )  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.outcome == "terminated", r.content.decode()[:500]
    post(client, complaint, "notice", on="2023-06-12")
    complaint.refresh_from_db()
    assert complaint.notified_on == dt.date(2023, 6, 12)
    r = post(client, complaint, "merge", into="NOPE", ground="x", note="y")
    assert r.status_code == 302
    r = client.get(reverse("complaints:act", args=[complaint.pk, "accept"]))
    assert r.status_code == 302


def test_通过页面不予受理和认领(client, register, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    (c,) = register()
    chief = make_user("section_chief", username="chief2")
    client.force_login(chief)
    post(client, c, "take")
    post(client, c, "refuse", on="2023-06-02", ground="outside_duties", note="不属于本局职责")
    c.refresh_from_db()
    assert c.assignee_id == chief.pk and c.status == "refused"
    html = client.get(reverse("complaints:respondent_notice", args=[c.pk])).content.decode()
    assert "不予受理" in html and "第十五条" in html
    r = post(client, c, "accept", on="bad-date")
    assert r.status_code == 302


def test_通过登记页面登记投诉并举报(client, register, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    client.force_login(register.officer)
    data = {"kind": "both", "channel": "grid", "received_on": "2023-06-10", "consumer_name": "李四",
            "consumer_phone": "13900001111", "respondent_name": "某药店", "category": "prices",
            "description": "价格欺诈", "real_name": "on"}  # fmt: skip
    r = client.post(reverse("complaints:intake"), data)
    assert r.status_code == 302
    r = client.post(reverse("complaints:intake"), {**data, "received_on": "2023-07-10"})
    assert r.status_code == 200 and "complaints.date_in_future" in r.content.decode()


def test_待办页各视图(client, register, sample):
    client.force_login(register.officer)
    for view in ("mine", "today", "overdue", "bogus"):
        assert client.get(reverse("complaints:queue") + f"?view={view}&department=1").status_code == 200
    assert client.get(reverse("complaints:search") + "?q=TS").status_code == 200
    assert client.get(reverse("complaints:chart", args=["nothing"])).status_code == 404
