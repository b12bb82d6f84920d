"""The screens: Chinese reasons on the field they concern, no codes on screen, masked personal data, who acts next."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")  # e.g. complaints.date_in_future, uscc.checksum, complaint.acceptance


def visible_text(html: str) -> str:
    """What a person sees: the page without tags, attributes, scripts and styles."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_no_codes_on_screen(html: str) -> None:
    text = visible_text(html)
    codes = [m for m in CODE.findall(text) if not m.endswith((".jpg", ".pdf", ".csv", ".xlsx"))]
    assert not codes, f"屏幕上出现了代码：{codes[:5]}"
    english_colons = re.findall(r"[^<>\s]{0,12}[\u4e00-\u9fff）)]:\s*</label>", html)
    assert not english_colons, f"中文标签后是英文冒号：{english_colons[:5]}"


@pytest.fixture
def sample(register):
    c, t = register(kind="both", consumer_id_number="120110199001011234", consumer_phone="13812345678")
    return c, t


def post(client, c, action, **data):
    c.refresh_from_db()
    return client.post(reverse("complaints:act", args=[c.pk, action]), {"revision": c.revision, **data})


def test_对被投诉人的告知书不含投诉人身份_举报没有告知书(client, register, sample):
    client.force_login(register.officer)
    html = client.get(reverse("complaints:respondent_notice", args=[sample[0].pk])).content.decode()
    assert "张三" not in html and "138" not in html and "1201101990" not in html
    assert_no_personal_data(html)
    assert client.get(reverse("complaints:respondent_notice", args=[sample[1].pk])).status_code == 404


def test_列表中不显示电话和身份证号_姓名打码(client, register, sample):
    client.force_login(register.officer)
    for url in (reverse("complaints:queue"), reverse("complaints:search")):
        html = client.get(url).content.decode()
        assert "13812345678" not in html and "120110199001011234" not in html and "张三" not in html
        assert_no_personal_data(html)


def test_详情页写明下一步由谁在何时前办理_期限有计算过程_无代码(client, register, sample):
    client.force_login(register.officer)
    html = client.get(reverse("complaints:detail", args=[sample[0].pk])).content.decode()
    assert "下一步" in html and "承办人（执法人员）" in html and "2023-06-12" in html
    assert "受理决定" in html and "计算过程" in html and "第十四条" in html
    assert "13812345678" not in html
    assert_no_codes_on_screen(html)
    assert "规则库" not in html


def test_通过页面受理调解检测成功办结(client, register, sample):
    c = sample[0]
    client.force_login(register.officer)
    assert post(client, c, "accept", on="2023-06-02").status_code == 302
    post(client, c, "start_mediation", method="delegated")
    post(client, c, "testing_start", on="2023-06-05")
    post(client, c, "testing_end", on="2023-06-07")
    c.refresh_from_db()
    assert c.status == "mediating" and len(c.testing_periods) == 1
    html = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "调解期限" in html and "委托消费者协会调解" in html
    assert post(client, c, "succeed", on="2023-06-12", recovered_amount="200", note="退款").status_code == 302
    c.refresh_from_db()
    assert c.status == "closed" and c.closed_on == dt.date(2023, 6, 12) and c.recovered_amount == 200


def test_将来日期在字段上给出中文原因_不显示代码(client, register, sample):
    c = sample[0]
    client.force_login(register.officer)
    r = post(client, c, "accept", on="2023-07-02")
    html = r.content.decode()
    assert r.status_code == 400 and "晚于今天" in html and "date.future" not in visible_text(html)
    assert_no_codes_on_screen(html)
    r = post(client, c, "accept", on="bad-date")
    assert r.status_code == 400 and "日期格式" in r.content.decode()


def test_页面版本号无效或过期给出中文提示不是500(client, register, sample):
    c = sample[0]
    client.force_login(register.officer)
    r = client.post(reverse("complaints:act", args=[c.pk, "accept"]), {"revision": "abc", "on": "2023-06-02"})
    assert r.status_code == 400 and "页面版本号无效" in r.content.decode()
    r = client.post(reverse("complaints:act", args=[c.pk, "accept"]), {"revision": "99", "on": "2023-06-02"})
    assert r.status_code == 400 and "已被他人修改" in r.content.decode()
    c.refresh_from_db()
    assert c.status == "received"


def test_登记页面_错误代码_天文金额_超长名称都是字段错误(client, register, entity):
    client.force_login(register.officer)
    base = {"kind": "complaint", "channel": "12315", "received_on": "2023-06-10", "respondent_name": "某药店",
            "category": "prices", "description": "价格欺诈", "real_name": "on"}  # fmt: skip
    bad = entity.uscc[:-1] + ("0" if entity.uscc[-1] != "0" else "1")
    for extra, text in (
        ({"respondent_uscc": bad}, "校验"),
        ({"amount_in_dispute": "99999999999999"}, "金额不能大于"),
        ({"amount_in_dispute": "1e400"}, "金额应为数字"),
        ({"respondent_name": "某" * 201}, "最多 200 字"),
        ({"received_on": "2023-07-10"}, "晚于今天"),
    ):
        r = client.post(reverse("complaints:intake"), {**base, **extra})
        html = r.content.decode()
        assert r.status_code == 200 and text in html, extra
        assert_no_codes_on_screen(html)
    from fazhi.complaints.models import Complaint

    assert not Complaint.objects.exists()
    r = client.post(reverse("complaints:intake"), {**base, "kind": "both"})
    assert r.status_code == 302 and Complaint.objects.count() == 2


def test_登记页的日期框保留ISO默认值(client, register):
    client.force_login(register.officer)
    html = client.get(reverse("complaints:intake")).content.decode()
    assert 'type="date"' in html and 'value="2023-06-30"' in html


def test_通过页面不予受理和认领_告知书只写记录中的事实(client, register, make_user):
    (c,) = register()
    chief = make_user("section_chief", username="chief2")
    client.force_login(chief)
    post(client, c, "take")
    post(client, c, "refuse", on="2023-06-02", ground="outside_duties", note="不属于本局职责")
    c.refresh_from_db()
    assert c.assignee_id == chief.pk and c.status == "refused"
    html = client.get(reverse("complaints:respondent_notice", args=[c.pk])).content.decode()
    assert "2023年6月2日 决定不予受理" in html and "第十五条" in html


def test_举报移交页面(client, register, entity):
    (t,) = register(kind="tip", respondent_uscc=entity.uscc)
    client.force_login(register.officer)
    html = client.get(reverse("complaints:detail", args=[t.pk])).content.decode()
    assert "移交案件线索核查" in html
    assert post(client, t, "hand_over", on="2023-06-02").status_code == 302
    t.refresh_from_db()
    assert t.status == "handed_over" and t.clue_id


def test_待办页各视图_分页参数错误不报错(client, register, sample):
    client.force_login(register.officer)
    for view in ("mine", "today", "overdue", "review", "bogus"):
        assert client.get(reverse("complaints:queue") + f"?view={view}&page=abc").status_code == 200
    assert client.get(reverse("complaints:search") + "?q=TS&page=-3").status_code == 200
    assert client.get(reverse("complaints:chart", args=["nothing"])).status_code == 404


def test_统计页和图表(client, role_users, sample):
    client.force_login(role_users["leader"])
    assert "<svg" in client.get(reverse("complaints:stats") + "?year=2023").content.decode()
    assert client.get(reverse("complaints:chart", args=["month"]))["Content-Type"] == "image/svg+xml"


def test_查看完整联系方式须承办权限并留痕(client, register, role_users, sample):
    url = reverse("complaints:reveal", args=[sample[0].pk])
    client.force_login(role_users["auditor"])
    assert client.post(url).status_code == 403
    client.force_login(register.officer)
    html = client.post(url).content.decode()
    assert "13812345678" in html
    assert AuditEvent.objects.filter(action="complaints.reveal_contact").count() == 1


def test_法制审核页面_审核人员同意后生效(client, register, reviewer, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-06-30"
    (c,) = register(kind="not_covered", redirect_reason="consultation", received_on=dt.date(2026, 6, 1))
    client.force_login(reviewer)
    html = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "待法制审核" in html and "未经确认" in html and "法制审核人员" in html
    assert_no_codes_on_screen(html)
    r = client.post(reverse("complaints:review", args=[c.pk]), {"revision": c.revision, "decision": "confirm"})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == "redirected"


def test_待办页和全部来件的查询数不随件数增长(client, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(register.officer)
    register()
    counts = {}
    for n in (1, 30):
        for _ in range(n - 1):
            register()
        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse("complaints:queue")).status_code == 200
            assert client.get(reverse("complaints:search")).status_code == 200
        counts[n] = len(one.captured_queries)
    assert counts[30] == counts[1], counts


def test_各页面都没有代码或规则编号(client, register, sample, make_user, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(register.officer)
    for url in (reverse("complaints:queue"), reverse("complaints:search"), reverse("complaints:intake")):
        assert_no_codes_on_screen(client.get(url).content.decode())
    client.force_login(make_user("section_chief", username="chief-codes"))
    assert_no_codes_on_screen(client.get(reverse("complaints:stats") + "?year=2023").content.decode())
    csv = "登记编号,登记日期,类型,被投诉方名称\nX1,2023-02-30,投诉,某店\nX2,2023-03-01,表扬,某店\n".encode()
    html = client.post(reverse("complaints:import"), {"file": SimpleUploadedFile("a.csv", csv)}).content.decode()
    assert "拒绝" in html
    assert_no_codes_on_screen(html)


def test_期限跨入未公布节假日安排的年份时_页面写明临时结果的原因(client, register, settings):
    """A deadline that runs into a year whose holiday notice is not loaded (2027 here) is provisional: the page
    says so and why (the engine's reason: which year, how it was counted, which end was taken)."""
    settings.FAZHI_LEGAL_TODAY = "2026-12-30"
    c = register(received_on=dt.date(2026, 12, 28))[0]
    client.force_login(register.officer)
    html = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "临时结果" in html
    reason = visible_text(html.split('class="msg warning provisional-reason"', 1)[1].split("</div>", 1)[0])
    assert "2027 年节假日安排尚未公布" in reason and "安排公布并录入后自动重算" in reason
    assert_no_codes_on_screen(html)
    queue = client.get(reverse("complaints:queue") + "?view=mine").content.decode()
    row = queue.split(c.number, 1)[1].split("</tr>", 1)[0]
    assert "临时结果" in row
    older = register(received_on=dt.date(2026, 6, 1))[0]  # 2026 is loaded: a final date, no mark
    queue = client.get(reverse("complaints:queue") + "?view=mine").content.decode()
    assert "临时结果" not in queue.split(older.number, 1)[1].split("</tr>", 1)[0]
