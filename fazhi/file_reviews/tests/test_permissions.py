"""Every URL of the module against the reviewed permission matrix (tests/permissions.yaml), own and other department."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases.models import Case
from fazhi.core.testing import ANONYMOUS, check_matrix_response, load_permission_matrix, matrix_url_names
from fazhi.file_reviews import services
from fazhi.file_reviews.models import HigherReview, Rectification

pytestmark = pytest.mark.django_db
D = dt.date
COVERED_URL_NAMES = matrix_url_names("file_reviews")
CELLS = load_permission_matrix("file_reviews")


def _case(n: int, department) -> Case:
    return Case.objects.create(
        number=f"津东丽市监立〔2023〕{n}号", department=department, title="销售超过保质期的食品",
        party_kind="organisation", party_name="示例商户", filed_on=D(2023, 2, 1), state="closed",
        decision_kind="penalty", decided_on=D(2023, 3, 1), closed_on=D(2023, 4, 1),
    )  # fmt: skip


@pytest.fixture
def objects(role_users, department, other_department, make_user):
    from fazhi.registry.models import Department

    section = Department.objects.create(code="FZK", name="法制科", kind="section")
    panel = [make_user("legal_reviewer", dept=section, username=f"panel-{i}") for i in range(2)]
    own_case, other_case = _case(1, department), _case(2, other_department)
    organiser = role_users["legal_reviewer"]
    r = services.round_create(
        title="评查", started_on=D(2023, 6, 1), due_on=D(2023, 6, 30), method="criteria",
        decided_from=D(2023, 1, 1), decided_to=D(2023, 5, 31), panel=panel, actor=organiser,
    )  # fmt: skip
    services.round_commit(review_round=r, actor=organiser)
    services.round_select(review_round=r, on=D(2023, 6, 2), actor=organiser)
    files = {f.department_id: f for f in r.files.all()}
    own_file, other_file = files[department.pk], files[other_department.pk]
    rects = {
        f.pk: Rectification.objects.create(
            file=f, department_id=f.department_id, issues="问题", sent_on=D(2023, 7, 1), due_on=D(2023, 8, 1)
        )
        for f in (own_file, other_file)
    }
    highers = {
        c.pk: HigherReview.objects.create(
            case=c,
            department_id=c.department_id,
            authority="市市场监管委",
            review_name="评查",
            sent_on=D(2023, 9, 1),
            created_by=organiser,
        )
        for c in (own_case, other_case)
    }
    return {
        "own": {
            "round": r.pk,
            "file": own_file.pk,
            "rect": rects[own_file.pk].pk,
            "higher": highers[own_case.pk].pk,
            "case": own_case.pk,
        },
        "other": {
            "round": r.pk,
            "file": other_file.pk,
            "rect": rects[other_file.pk].pk,
            "higher": highers[other_case.pk].pk,
            "case": other_case.pk,
        },
    }


def _kwargs(url_name: str, ids: dict[str, int]) -> dict:
    name = url_name.split(":")[1]
    if name in ("round_detail", "round_draw"):
        return {"pk": ids["round"]}
    if name == "round_action":
        return {"pk": ids["round"], "action": "start"}
    if name.startswith("file_"):
        return {"pk": ids["file"]}
    if name.startswith("rectification_") and name != "rectification_list":
        return {"pk": ids["rect"]}
    if name == "higher_detail":
        return {"pk": ids["higher"]}
    return {}


def test_每个单元格(client, role_users, objects):
    from django.urls import reverse

    for cell in CELLS:
        if cell.url_name.startswith("api "):
            continue
        client.logout()
        if cell.role != ANONYMOUS:
            client.force_login(role_users[cell.role])
        url = reverse(cell.url_name, kwargs=_kwargs(cell.url_name, objects[cell.scope]) or None)
        check_matrix_response(cell, client.get(url))


def test_矩阵覆盖本模块全部网址():
    from fazhi.core.testing import all_url_names

    mine = {n for n in all_url_names() if n.startswith("file_reviews:")}
    assert mine == set(COVERED_URL_NAMES)


def test_接口的每个单元格(client, role_users, objects):
    """API cells: bearer tokens; a POST by a non-reviewer of the file is refused by the service (not your file)."""
    from fazhi.core.models import ApiToken

    tokens = {}
    for role, user in role_users.items():
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="测试", token_hash=ApiToken.hash_token(raw))
        tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    cells = [c for c in CELLS if c.url_name.startswith("api ")]
    assert cells
    for cell in cells:
        _, method, template = cell.url_name.split(" ", 2)
        url = template.format(**objects[cell.scope])
        headers = tokens.get(cell.role, {})
        if method == "GET":
            response = client.get(url, **headers)
        else:
            response = client.post(
                url, {"on": "2023-06-10", "opinion": "x"}, content_type="application/json", **headers
            )
        check_matrix_response(cell, response)
