"""The screens: a sampling task from plan to disposal through the forms, a campaign, errors as field errors."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.cases.models import Clue
from fazhi.sampling.models import Campaign, Sample, SamplingPlan, SamplingTask

D = dt.date
pytestmark = pytest.mark.django_db


def test_从计划到处置(client, chief, officer, lab, make_entity, department):
    shop = make_entity()
    client.force_login(chief)
    r = client.post(
        reverse("sampling:plan_new"),
        {"year": 2023, "area": "food", "level": "district", "title": "区级食品抽检", "department": department.pk,
         "planned_batches": 10},
    )  # fmt: skip
    plan = SamplingPlan.objects.get()
    assert r.status_code == 302 and plan.number.startswith("CJ2023-")
    r = client.post(
        reverse("sampling:plan_detail", args=[plan.pk]),
        {"department": department.pk, "lab": lab.pk, "planned_batches": 5, "starts_on": "2023-03-01",
         "ends_on": "2023-12-20"},
    )  # fmt: skip
    task = SamplingTask.objects.get()
    client.force_login(officer)
    r = client.post(
        reverse("sampling:task_detail", args=[task.pk]),
        {"product_name": "花生米", "entity_uscc": shop.uscc, "sampled_on": "2023-05-10"},
    )
    sample = Sample.objects.get()
    assert r.status_code == 302 and sample.entity == shop
    act = lambda action, data: client.post(reverse("sampling:sample_act", args=[sample.pk, action]), data)  # noqa: E731
    r = act("result", {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-20", "revision": "0"})
    assert r.status_code == 422 and "不合格项目" in r.content.decode()
    r = act(
        "result",
        {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-20", "revision": "0",
         "failed_items": "黄曲霉毒素B1|32μg/kg|≤20μg/kg"},
    )  # fmt: skip
    assert r.status_code == 302
    r = act("notice", {"served_on": "2023-06-05", "revision": "1"})
    sample.refresh_from_db()
    assert sample.status == "notified" and sample.retest_due_on == D(2023, 6, 14)
    page = client.get(reverse("sampling:sample_detail", args=[sample.pk])).content.decode()
    assert "复检申请期限" in page and "2023-06-14" in page and "黄曲霉毒素B1" in page
    assert act("disposal", {"measure": "delist", "ordered_on": "2023-06-05"}).status_code == 302
    disposal = sample.disposals.get()
    assert act("done", {"disposal": disposal.pk, "completed_on": "2023-06-07"}).status_code == 302
    assert act("clue", {"on": "2023-06-08", "revision": "3"}).status_code == 302
    assert Clue.objects.get().source_ref == sample.number
    r = act("close", {"on": "2023-06-10", "revision": "4"})
    assert r.status_code == 422 and "复检申请期限" in r.content.decode()
    assert act("close", {"on": "2023-06-15", "revision": "4"}).status_code == 302
    sample.refresh_from_db()
    assert sample.status == "closed"


def test_未来日期是字段错误(client, officer, make_task, make_entity):
    task = make_task()
    client.force_login(officer)
    r = client.post(
        reverse("sampling:task_detail", args=[task.pk]),
        {"product_name": "馒头", "entity_uscc": make_entity().uscc, "sampled_on": "2024-02-01"},
    )
    assert r.status_code == 422 and not Sample.objects.exists()


def test_专项检查页面(client, chief, officer, make_entity, department):
    for _ in range(3):
        make_entity(industry="H")
    client.force_login(chief)
    r = client.post(
        reverse("sampling:campaign_new"),
        {"title": "餐饮专项", "kind": "enforcement", "area": "food", "target_kind": "catering",
         "department": department.pk, "starts_on": "2023-05-01", "ends_on": "2023-06-30"},
    )  # fmt: skip
    campaign = Campaign.objects.get()
    r = client.post(reverse("sampling:campaign_act", args=[campaign.pk, "select"]), {"industry": "H", "limit": 2})
    assert r.status_code == 302 and campaign.checks.count() == 2
    check = campaign.checks.order_by("id").first()
    client.force_login(officer)
    r = client.post(
        reverse("sampling:campaign_act", args=[campaign.pk, "check"]),
        {
            "check": check.pk,
            "revision": "0",
            "checked_on": "2023-05-10",
            "finding": "clue",
            "description": "超范围经营",
        },
    )
    assert r.status_code == 302
    r = client.post(
        reverse("sampling:campaign_act", args=[campaign.pk, "clue"]), {"check": check.pk, "on": "2023-05-11"}
    )
    assert r.status_code == 302 and Clue.objects.get().entity == check.entity
    page = client.get(reverse("sampling:campaign_detail", args=[campaign.pk])).content.decode()
    assert "超范围经营" in page and Clue.objects.get().number in page
    assert client.get(reverse("sampling:home")).status_code == 200
    assert client.get(reverse("sampling:permit_list") + "?year=abc&page=x").status_code == 200


def test_文书只写记录所示内容(client, officer, make_task, make_entity):
    import io

    from docx import Document

    from fazhi.sampling import services

    sample = services.sample_register(
        task=make_task(), product_name="花生米", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
    )
    client.force_login(officer)
    url = lambda kind, fmt="docx": reverse("sampling:sample_document", args=[sample.pk, kind, fmt])  # noqa: E731
    assert client.get(url("result_notice")).status_code == 404  # 尚无不合格结论：没有通知书
    form = Document(io.BytesIO(client.get(url("sampling_form")).content))
    cells = [c.text for row in form.tables[0].rows for c in row.cells]
    assert "花生米" in cells and sample.number in "\n".join(p.text for p in form.paragraphs)
    services.result_record(
        sample=sample, result="unqualified", report_number="R9", report_on=D(2023, 5, 30),
        failed_items=["酸价"], actor=officer,
    )  # fmt: skip
    # printed before it is served, the notice already tells the party of the re-test right and its period
    # (食品安全法第八十八条第一款: 自收到检验结论之日起七个工作日内)
    text = "\n".join(p.text for p in Document(io.BytesIO(client.get(url("result_notice")).content)).paragraphs)
    assert "复检申请" in text and "7个工作日" in text and "第八十八条第一款" in text
    services.notice_serve(sample=sample, served_on=D(2023, 6, 5), actor=officer)
    text = "\n".join(p.text for p in Document(io.BytesIO(client.get(url("result_notice")).content)).paragraphs)
    assert "酸价" in text and "7个工作日" in text and "第八十八条第一款" in text and "食品安全法" in text
    pdf = client.get(url("result_notice", "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.fixture
def served(make_task, make_entity, officer):
    from fazhi.sampling import services

    sample = services.sample_register(
        task=make_task(), product_name="花生米", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
    )
    services.result_record(
        sample=sample, result="unqualified", report_number="R1", report_on=D(2023, 5, 20), failed_items=["酸价"],
        actor=officer,
    )  # fmt: skip
    services.notice_serve(sample=sample, served_on=D(2023, 6, 5), actor=officer)
    return sample


def test_逾期复检申请_前台拒绝_提交法制审核_法制审核同意(client, officer, make_user, served):
    client.force_login(officer)
    act = lambda action, data: client.post(reverse("sampling:sample_act", args=[served.pk, action]), data)  # noqa: E731
    r = act("retest", {"requested_on": "2023-06-20", "revision": str(served.revision)})
    assert r.status_code == 422 and "不予登记" in r.content.decode() and "法制审核" in r.content.decode()
    page = client.get(reverse("sampling:sample_detail", args=[served.pk])).content.decode()
    assert "提交法制审核" in page
    r = act("late_retest", {"requested_on": "2023-06-20", "reason": "", "revision": str(served.revision)})
    assert r.status_code == 422
    r = act("late_retest", {"requested_on": "2023-06-20", "reason": "通知书误投", "revision": str(served.revision)})
    assert r.status_code == 302
    review = served.late_reviews.get()
    # 执法人员无权审核
    url = reverse("sampling:late_review", args=[served.pk, review.pk])
    assert client.post(url, {"decision": "accepted", "opinion": "同意", "decided_on": "2023-12-29"}).status_code == 403
    reviewer = make_user("legal_reviewer", username="reviewer")
    client.force_login(reviewer)
    assert "待审核" in client.get(reverse("sampling:review_list")).content.decode()
    page = client.get(reverse("sampling:sample_detail", args=[served.pk])).content.decode()
    assert "提交审核意见" in page and "通知书误投" in page
    r = client.post(url, {"decision": "accepted", "opinion": "", "decided_on": "2023-12-29"})
    assert r.status_code == 422
    r = client.post(url, {"decision": "accepted", "opinion": "送达有瑕疵，同意受理", "decided_on": "2023-12-29"})
    assert r.status_code == 302
    served.refresh_from_db()
    assert served.status == "retest" and served.retest_in_window is False
    page = client.get(reverse("sampling:sample_detail", args=[served.pk])).content.decode()
    assert "经法制审核同意受理" in page and "送达有瑕疵，同意受理" in page


def test_更正检验结论页面(client, officer, make_task, make_entity):
    from fazhi.sampling import services

    sample = services.sample_register(
        task=make_task(), product_name="花生米", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
    )
    services.result_record(
        sample=sample, result="qualified", report_number="R1", report_on=D(2023, 5, 20), actor=officer
    )
    client.force_login(officer)
    url = reverse("sampling:sample_correct", args=[sample.pk])
    page = client.get(url).content.decode()
    assert 'value="R1"' in page and "更正理由" in page
    data = {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-20", "revision": "1",
            "failed_items": "铅|0.5|≤0.2|多余"}  # fmt: skip
    r = client.post(url, {**data, "reason": "录入错误"})
    assert r.status_code == 422 and "不合格项目" in r.content.decode()  # 多出的一栏不被悄悄丢弃
    r = client.post(url, {**data, "failed_items": "铅|0.5|≤0.2", "reason": ""})
    assert r.status_code == 422
    r = client.post(url, {**data, "failed_items": "铅|0.5|≤0.2", "reason": "以报告原件为准"})
    assert r.status_code == 302
    page = client.get(reverse("sampling:sample_detail", args=[sample.pk])).content.decode()
    assert "更正记录" in page and "以报告原件为准" in page
    sample.refresh_from_db()
    assert sample.status == "unqualified" and sample.failed_items[0]["item"] == "铅"
    services.notice_serve(sample=sample, served_on=D(2023, 6, 5), actor=officer)
    r = client.get(url)
    assert r.status_code == 302  # 送达后不能更正，回到详情页并提示


@pytest.mark.parametrize(
    ("role", "offered"), [("section_chief", True), ("leader", False), ("legal_reviewer", False), ("auditor", False)]
)
def test_证照分离页只向能导入的人提供导入按钮(client, role_users, role, offered):
    # registry.import is the section chief's alone (fazhi/core/roles.py): the others would be answered 403
    client.force_login(role_users[role])
    html = client.get(reverse("sampling:permit_list")).content.decode()
    assert (reverse("registry:import") in html) is offered
