"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.models import ApiToken
from fazhi.core.testing import ANONYMOUS, all_url_names, check_matrix_response, load_permission_matrix, matrix_url_names
from fazhi.sampling import services

pytestmark = pytest.mark.django_db
D = dt.date
COVERED_URL_NAMES = matrix_url_names("sampling")
CELLS = load_permission_matrix("sampling")


@pytest.fixture
def objects(make_task, make_entity, other_department, make_user, chief):
    own_task, other_task = make_task(), make_task(dept=other_department)
    stranger = make_user("officer", dept=other_department, username="stranger")
    own = services.sample_register(
        task=own_task, product_name="馒头", sampled_on=D(2023, 5, 1), entity=make_entity(), actor=chief
    )
    other = services.sample_register(
        task=other_task, product_name="馒头", sampled_on=D(2023, 5, 1), entity=make_entity(), actor=stranger
    )
    campaign = services.campaign_create(
        title="专项", kind="enforcement", area="food", target_kind="food_business", department=own_task.department,
        starts_on=D(2023, 5, 1), ends_on=D(2023, 6, 1), actor=chief,
    )  # fmt: skip
    late = services.sample_register(
        task=own_task, product_name="花生米", sampled_on=D(2023, 5, 1), entity=make_entity(), actor=chief
    )
    services.result_record(
        sample=late, result="unqualified", report_number="R1", report_on=D(2023, 5, 20), failed_items=["酸价"],
        actor=chief,
    )  # fmt: skip
    services.notice_serve(sample=late, served_on=D(2023, 5, 22), actor=chief)
    review = services.late_retest_submit(sample=late, requested_on=D(2023, 7, 1), reason="地址有误", actor=chief)
    common = {"plan": own_task.plan_id, "task": own_task.pk, "campaign": campaign.pk, "late": late.pk}
    common["review"] = review.pk
    return {
        "own": {**common, "sample": own.pk, "task_obj": own_task, "actor": chief},
        "other": {**common, "sample": other.pk, "task_obj": other_task, "actor": stranger},
    }


def _kwargs(url_name: str, ids: dict[str, int]) -> dict | None:
    name = url_name.split(":")[1]
    if name in ("plan_detail", "task_detail", "sample_detail", "campaign_detail"):
        return {"pk": ids[name.split("_")[0]]}
    if name == "late_review":
        return {"pk": ids["late"], "review": ids["review"]}
    if name == "sample_correct":
        return {"pk": ids["sample"]}
    if name == "sample_act":
        return {"pk": ids["sample"], "action": "notice"}
    if name == "sample_document":
        return {"pk": ids["sample"], "kind": "sampling_form", "fmt": "docx"}
    if name == "campaign_act":
        return {"pk": ids["campaign"], "action": "check"}
    return None


def test_每个单元格(client, role_users, objects):
    for cell in CELLS:
        if cell.url_name.startswith("api "):
            continue
        client.logout()
        if cell.role != ANONYMOUS:
            client.force_login(role_users[cell.role])
        check_matrix_response(
            cell, client.get(reverse(cell.url_name, kwargs=_kwargs(cell.url_name, objects[cell.scope])))
        )


# Each write route: the state a batch must be in for the step (the steps before it, through the services) and a
# lawful body. Every cell gets a fresh batch, so a role that may take the step really takes it (200).
WRITES = {
    "result": ((), {"result": "unqualified", "report_number": "R2", "report_on": "2023-05-20",
                    "failed_items": [{"item": "酸价", "value": "5.1", "standard": "≤3"}]}),
    "result-correction": (("result",), {"result": "qualified", "report_number": "R2", "report_on": "2023-05-21",
                                        "reason": "录入错误"}),
    "notice": (("result",), {"served_on": "2023-05-22"}),
    "retest": (("result", "notice"), {"requested_on": "2023-05-25", "retest_lab": "复检机构"}),
    "retest-conclusion": (("result", "notice", "retest"), {"outcome": "upheld", "concluded_on": "2023-06-10"}),
    "disposals": (("result", "notice"), {"measure": "delist", "ordered_on": "2023-05-23", "quantity": "3袋"}),
    "disposals/{disposal}/completion": (("result", "notice", "disposal"), {"completed_on": "2023-05-24"}),
    "clue": (("result", "notice"), {"on": "2023-05-24"}),
    "close": (("result", "notice", "retest", "upheld"), {"on": "2023-06-12"}),
}  # fmt: skip


def _prepared(ids, make_entity) -> tuple[Any, Any]:
    actor = ids["actor"]
    sample = services.sample_register(
        task=ids["task_obj"], product_name="花生米", sampled_on=D(2023, 5, 1), entity=make_entity(), actor=actor
    )
    return sample, actor


def _advance(sample, actor, steps) -> int | None:
    disposal = None
    for step in steps:
        if step == "result":
            services.result_record(
                sample=sample, result="unqualified", report_number="R1", report_on=D(2023, 5, 20),
                failed_items=["酸价"], actor=actor,
            )  # fmt: skip
        elif step == "notice":
            services.notice_serve(sample=sample, served_on=D(2023, 5, 22), actor=actor)
        elif step == "retest":
            services.retest_request(sample=sample, requested_on=D(2023, 5, 25), actor=actor)
        elif step == "upheld":
            services.retest_conclude(sample=sample, outcome="upheld", concluded_on=D(2023, 6, 10), actor=actor)
        elif step == "disposal":
            disposal = services.disposal_order(sample=sample, measure="recall", ordered_on=D(2023, 5, 23), actor=actor)
    return disposal.pk if disposal else None


def test_接口的每个单元格(client, role_users, objects, make_entity):
    tokens = {}
    for role, user in role_users.items():
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="测试", token_hash=ApiToken.hash_token(raw))
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    cells = [c for c in CELLS if c.url_name.startswith("api ")]
    assert cells
    posts = 0
    for cell in cells:
        _, method, template = cell.url_name.split(" ", 2)
        ids = objects[cell.scope]
        if method == "GET":
            url = template.format(**ids)
            check_matrix_response(cell, client.get(url, **tokens.get(cell.role, {})))
            continue
        route = template.split("/{sample}/", 1)[1]
        steps, body = WRITES[route]
        sample, actor = _prepared(ids, make_entity)
        disposal = _advance(sample, actor, steps)
        url = template.format(sample=sample.pk, disposal=disposal or 0)
        response = client.post(url, body, content_type="application/json", **tokens.get(cell.role, {}))
        check_matrix_response(cell, response)
        posts += 1
    assert posts >= len(WRITES) * 2


def test_矩阵覆盖本模块全部网址():
    assert {n for n in all_url_names() if n.startswith("sampling:")} == set(COVERED_URL_NAMES)
