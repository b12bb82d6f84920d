"""disclosure.* metrics and the annual report's tables: records on both sides of 1 January and 31 December
(expected numbers written by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.metrics import compute_all
from fazhi.disclosure import selectors
from fazhi.disclosure.models import DisclosureRequest, ProactiveDocument

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def fixture(department, role_users):
    user = role_users["legal_reviewer"]
    n = iter(range(1000))

    def req(received, replied=None, *, kind="natural_person", reply_type="disclosed", group="disclosed", late=False):
        return DisclosureRequest.objects.create(
            number=f"R{next(n)}", department=department, applicant_name="a", applicant_kind=kind,
            applicant_kind_label="x", channel="in_person", channel_label="当面提交", submitted_on=received,
            received_on=received, receipt_rule="r", content="c", created_by=user,
            status="replied" if replied else "received", replied_on=replied, reply_type=reply_type if replied else "",
            reply_group=group if replied else "", replied_late=late,
        )  # fmt: skip

    def doc(published, *, category="normative", withdrawn=None):
        return ProactiveDocument.objects.create(
            number=f"P{next(n)}", department=department, title="t", category=category, category_label="c",
            formed_on=published, published_on=published, withdrawn_on=withdrawn, created_by=user,
        )  # fmt: skip

    req(D(2022, 12, 31), D(2023, 1, 1))  # received 2022, closed 2023: carried into 2023
    req(D(2023, 1, 1), D(2023, 12, 31), kind="business", reply_type="refused_process", group="refused", late=True)
    req(D(2023, 12, 31))  # received 2023, open: carried forward
    req(D(2023, 12, 30), D(2024, 1, 2))  # received 2023, closed 2024: carried forward too
    req(D(2022, 6, 1), D(2022, 12, 31))  # 2022 only
    req(D(2024, 1, 1), D(2024, 1, 3))  # 2024 only
    doc(D(2022, 12, 31))
    doc(D(2023, 1, 1), withdrawn=D(2023, 6, 1))
    doc(D(2023, 12, 31), category="penalty")
    doc(D(2024, 1, 1))


def test_2023年(fixture):
    assert compute_all(2023, only="disclosure.") == {
        "disclosure.proactive_documents": 2,
        "disclosure.requests_closed": 2,
        "disclosure.requests_received": 3,
        "disclosure.requests_carried_in": 1,
        "disclosure.requests_carried_forward": 2,
        "disclosure.replies_late": 1,
    }


def test_2022年(fixture):
    values = compute_all(2022, only="disclosure.")
    assert values["disclosure.proactive_documents"] == 1
    assert values["disclosure.requests_closed"] == 1
    assert values["disclosure.requests_received"] == 2
    assert values["disclosure.requests_carried_in"] == 0
    assert values["disclosure.requests_carried_forward"] == 1


def test_年度报告表格_第一项加第二项等于第三项加第四项(fixture):
    table = selectors.requests_table(2023)
    rows = {r["label"]: r for r in table["rows"]}
    assert [c["label"] for c in table["columns"]] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert rows["一、本年新收政府信息公开申请数量"]["cells"] == [2, 1, 0, 0, 0, 0]
    assert rows["二、上年结转政府信息公开申请数量"]["total"] == 1
    assert rows["（一）予以公开"]["total"] == 1
    assert rows["（三）不予公开"]["cells"] == [0, 1, 0, 0, 0, 0]
    assert rows["6. 属于四类过程性信息"]["total"] == 1
    assert rows["（七）总计"]["total"] == 2
    assert rows["四、结转下年度继续办理"]["total"] == 2
    received, carried_in = (
        rows["一、本年新收政府信息公开申请数量"]["total"],
        rows["二、上年结转政府信息公开申请数量"]["total"],
    )
    assert received + carried_in == rows["（七）总计"]["total"] + rows["四、结转下年度继续办理"]["total"]


def test_年度报告表格_主动公开(fixture):
    rows = {r["label"]: r for r in selectors.proactive_table(2023)}
    assert rows["行政规范性文件"] == {
        "label": "行政规范性文件",
        "kind": "documents",
        "issued": 1,
        "repealed": 1,
        "in_force": 1,
    }
    assert rows["行政处罚"]["count"] == 1
