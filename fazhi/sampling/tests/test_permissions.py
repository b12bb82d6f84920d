"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import datetime as dt

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
    common = {"plan": own_task.plan_id, "task": own_task.pk, "campaign": campaign.pk}
    return {"own": {**common, "sample": own.pk}, "other": {**common, "sample": other.pk}}


def _kwargs(url_name: str, ids: dict[str, int]) -> dict | None:
    name = url_name.split(":")[1]
    if name in ("plan_detail", "task_detail", "sample_detail", "campaign_detail"):
        return {"pk": ids[name.split("_")[0]]}
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


def test_接口的每个单元格(client, role_users, objects):
    tokens = {}
    for role, user in role_users.items():
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="测试", token_hash=ApiToken.hash_token(raw))
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    cells = [c for c in CELLS if c.url_name.startswith("api ")]
    assert cells
    for cell in cells:
        url = cell.url_name.split(" ", 2)[2].format(**objects[cell.scope])
        check_matrix_response(cell, client.get(url, **tokens.get(cell.role, {})))


def test_矩阵覆盖本模块全部网址():
    assert {n for n in all_url_names() if n.startswith("sampling:")} == set(COVERED_URL_NAMES)
