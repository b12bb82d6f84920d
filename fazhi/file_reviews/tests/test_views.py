"""Screens: pages render in Chinese, bad input is refused on its field (never a 500), the case page shows the
live review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.file_reviews import services
from fazhi.file_reviews.models import ReviewRound

pytestmark = pytest.mark.django_db
D = dt.date


def _errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_新建评查活动_错误输入逐项提示(client, role_users, panel):
    client.force_login(role_users["legal_reviewer"])
    url = reverse("file_reviews:round_new")
    assert client.get(url).status_code == 200
    data = {
        "title": "评查",
        "started_on": "2024-06-01",
        "due_on": "2023-06-30",
        "method": "draw",
        "sample_size": "abc",
        "decided_from": "2023-01-01",
        "decided_to": "2023-05-31",
        "team_size": "2",
        "panel": [u.pk for u in panel],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "晚于今天" in _errors(response, "started_on")[0]
    data["started_on"] = "2023-06-01"
    response = client.post(url, data)
    assert "整数" in _errors(response, "sample_size")[0]
    data["sample_size"] = "1e400"
    response = client.post(url, data)
    assert _errors(response, "sample_size")
    data["sample_size"], data["min_amount"] = "5", "12.345"
    response = client.post(url, data)
    assert "两位小数" in _errors(response, "min_amount")[0]
    data["min_amount"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    assert ReviewRound.objects.get().sample_size == 5


def test_评分表_扣分超过上限显示在该要点(client, closed_case, panel, role_users):
    closed_case()
    organiser = role_users["legal_reviewer"]
    r = services.round_create(
        title="评查", started_on=D(2023, 6, 1), due_on=D(2023, 6, 30), method="criteria", decided_from=D(2023, 1, 1),
        decided_to=D(2023, 5, 31), panel=panel, actor=organiser,
    )  # fmt: skip
    services.round_commit(review_round=r, actor=organiser)
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    services.round_start(review_round=r, actor=organiser)
    f = r.files.get()
    reviewer = f.reviewers.first()
    client.force_login(reviewer)
    page = client.get(reverse("file_reviews:file_detail", kwargs={"pk": f.pk}))
    assert page.status_code == 200 and "评分表" in page.content.decode()
    assert page.context["score_form"].initial["deduction_evidence_hashed"] == 5  # the machine proposes
    response = client.post(
        reverse("file_reviews:file_score", kwargs={"pk": f.pk}),
        {"on": "2023-06-10", "opinion": "意见", "deduction_facts_established": "99", "revision": str(f.revision)},
    )
    assert response.status_code == 422
    errors = response.context["score_form"].errors
    assert "deduction_facts_established" in errors and "0 至 15" in errors["deduction_facts_established"][0]
    response = client.post(
        reverse("file_reviews:file_score", kwargs={"pk": f.pk}),
        {"on": "2023-06-10", "opinion": "意见", "revision": "abc"},
    )
    assert response.status_code == 422 and "页面版本号无效" in response.content.decode()
    response = client.post(
        reverse("file_reviews:file_score", kwargs={"pk": f.pk}),
        {"on": "2023-06-10", "opinion": "总体规范", "revision": str(f.revision)},
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.total == 100


def test_未知案件编号的报送登记提示在字段上(client, role_users):
    client.force_login(role_users["legal_reviewer"])
    response = client.post(
        reverse("file_reviews:higher_list"),
        {"case_number": "不存在", "authority": "天津市市场监督管理委员会", "review_name": "x", "sent_on": "2023-09-01"},
    )
    assert response.status_code == 422
    assert "不存在" in response.content.decode()


def test_案件页面显示实时评查(client, closed_case, role_users):
    case = closed_case()
    client.force_login(role_users["officer"])
    html = client.get(reverse("cases:case_detail", kwargs={"pk": case.pk})).content.decode()
    assert "实时案卷评查" in html and "阻断归档" in html and "证据材料已登记" in html


def test_首页和实时评查清单(client, closed_case, role_users):
    closed_case()
    services.live_recompute()
    client.force_login(role_users["leader"])
    html = client.get(reverse("file_reviews:home")).content.decode()
    assert "阻断归档" in html and "<svg" in html
    html = client.get(reverse("file_reviews:live_queue")).content.decode()
    assert "证据材料已登记并计算哈希值" in html
    assert client.get(reverse("file_reviews:live_queue") + "?page=abc").status_code == 200


def test_抽取复核页_记录文件下载_完整记录限监督和审计角色(client, closed_case, panel, role_users, tmp_path):
    """The draw page re-runs the committed-seed draw; the record file downloads for ``fazhi draw verify``;
    the full record (with the 回避 reasons) only for the roles that may see internal data."""
    from fazhi.inspections.drawcli import verify_file

    closed_case()
    organiser = role_users["legal_reviewer"]
    r = services.round_create(
        title="评查", started_on=D(2023, 6, 1), due_on=D(2023, 6, 30), method="criteria", decided_from=D(2023, 1, 1),
        decided_to=D(2023, 5, 31), panel=panel, actor=organiser,
    )  # fmt: skip
    client.force_login(organiser)
    response = client.post(
        reverse("file_reviews:round_action", args=[r.pk, "commit"]), {"seed_kind": "csprng", "revision": r.revision}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    detail = client.get(reverse("file_reviews:round_detail", args=[r.pk])).content.decode()
    assert r.status == "committed" and r.seed_commitment[:10] in detail and r.seed_secret not in detail
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    url = reverse("file_reviews:round_draw", args=[r.pk])
    page = client.get(url).content.decode()
    assert "结果与记录完全一致" in page and "fazhi-draw/2" in page and "?format=full" in page
    public = b"".join(client.get(url + "?format=public").streaming_content)
    (tmp_path / "r.txt").write_bytes(public)
    assert verify_file(tmp_path / "r.txt")[0] == 0
    assert client.get(url + "?format=full").status_code == 200
    client.force_login(role_users["officer"])
    assert client.get(url + "?format=public").status_code == 200
    assert client.get(url + "?format=full").status_code == 403
    assert "?format=full" not in client.get(url).content.decode()
    assert client.get(url + "?format=json").status_code == 404  # a fazhi-draw/2 round has no JSON record


def test_开奖号码由两人在评查活动页面分别录入_第一遍不显示_一致后才出现抽取(client, closed_case, panel, role_users):
    from zoneinfo import ZoneInfo

    from fazhi.core.clock import at_moment

    closed_case()
    first, second = role_users["legal_reviewer"], role_users["leader"]
    shanghai = ZoneInfo("Asia/Shanghai")
    r = services.round_create(
        title="评查", started_on=D(2023, 6, 1), due_on=D(2023, 6, 30), method="criteria", decided_from=D(2023, 1, 1),
        decided_to=D(2023, 5, 31), panel=panel, actor=first,
    )  # fmt: skip
    with at_moment(dt.datetime(2023, 6, 1, 10, 0, tzinfo=shanghai)):
        services.round_commit(
            review_round=r, seed_kind="public_announced", lottery_source="福彩3D 第2023150期",
            lottery_draw_at=dt.datetime(2023, 6, 1, 21, 15, tzinfo=shanghai), actor=first,
        )  # fmt: skip
    detail = reverse("file_reviews:round_detail", kwargs={"pk": r.pk})
    enter = reverse("file_reviews:round_action", kwargs={"pk": r.pk, "action": "seed"})
    select = reverse("file_reviews:round_action", kwargs={"pk": r.pk, "action": "select"})
    with at_moment(dt.datetime(2023, 6, 2, 9, 0, tzinfo=shanghai)):
        client.force_login(first)
        page = client.get(detail).content.decode()
        assert "录入开奖号码" in page and select not in page and "两遍一致后才能抽取" in page
        response = client.post(enter, {"value": "二 五 八"})
        form = next(a["form"] for a in response.context["actions"] if a["name"] == "seed")
        assert response.status_code == 422 and "开奖号码只能由数字组成" in form.errors["value"][0]
        assert client.post(enter, {"value": "2 5 8"}).status_code == 302
        page = client.get(detail).content.decode()
        assert "第一遍已录入（号码不显示）" in page and "02 05 08" not in page and "待另一人独立录入第二遍" in page
        response = client.post(enter, {"value": "2 5 8"})  # the same person again: refused on the field
        assert response.status_code == 422 and "两个不同的人" in response.content.decode()
        client.force_login(second)
        assert "02 05 08" not in client.get(detail).content.decode()
        assert client.post(enter, {"value": "02 05 08"}).status_code == 302
        page = client.get(detail).content.decode()
        assert "两人录入一致" in page and "02 05 08" in page and select in page and enter not in page
        response = client.post(select, {"on": "2023-06-02", "revision": str(ReviewRound.objects.get().revision)})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == "selected" and r.draw_record["seed"]["value"] == "02 05 08"
