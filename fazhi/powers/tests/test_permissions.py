import datetime as dt

import pytest

from fazhi.core.testing import api_url, check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names
from fazhi.powers import services
from fazhi.powers.tests.factories import D2022, approved_batch
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(role_users, department):
    base = approved_batch(
        role_users["section_chief"], role_users["leader"], "津市监权〔2022〕1号", D2022,
        [("add", "CF-001", "对销售超过保质期食品的行政处罚"), ("add", "CF-002")], department=department,
    )  # fmt: skip
    draft = services.batch_create(
        actor=role_users["section_chief"],
        number="草稿1",
        title="草稿",
        issued_on=D2022,
        effective_from=dt.date(2023, 1, 1),
    )
    line = services.line_add(actor=role_users["section_chief"], batch=draft, action="remove", code="CF-002")
    return {"base": base, "draft": draft, "line": line}


STAFF = [
    ("powers:list", {}),
    ("powers:export", {}),
    ("powers:item", {"code": "CF-001"}),
    ("powers:diff", {}),
    ("powers:batch_list", {}),
    ("powers:batch_create", {}),
    ("powers:batch_detail", {"pk": "base"}),
    ("powers:line_add", {"pk": "draft"}),
    ("powers:line_delete", {"pk": "draft", "line_id": "line"}),
    ("powers:batch_submit", {"pk": "draft"}),
    ("powers:batch_reopen", {"pk": "draft"}),
    ("powers:batch_review", {"pk": "draft"}),
    ("powers:batch_approve", {"pk": "draft"}),
    ("powers:batch_reject", {"pk": "draft"}),
]
PUBLIC = [
    ("publicity:public_powers:list", {}),
    ("publicity:public_powers:export", {}),
    ("publicity:public_powers:item", {"code": "CF-001"}),
    ("publicity:public_powers:diff", {}),
    ("publicity:public_powers:batches", {}),
    ("publicity:public_powers:batch", {"pk": "base"}),
]
CELLS = load_permission_matrix("powers")
COVERED_URL_NAMES = matrix_url_names("powers")
POSTS = {
    "powers:batch_create": {"number": "津市监权〔2023〕9号", "title": "测试", "issued_on": "2023-01-01",
                            "effective_from": "2023-02-01"},
    "powers:line_add": {"action": "remove", "code": "CF-001"},
    "powers:line_delete": {},
    "powers:batch_submit": {"revision": "1"},
    "powers:batch_reopen": {},
    "powers:batch_approve": {"revision": "1", "note": ""},
    "powers:batch_reject": {"revision": "1", "note": "退回"},
}  # fmt: skip
API_PARAMS = {"code": "CF-001"}
API_QUERY = {"/api/v1/powers/diff": {"from_date": "2021-01-01", "to_date": "2023-01-01"}}


def resolve_kwargs(kwargs, data):
    return {k: (data[v].pk if isinstance(v, str) and v in data else v) for k, v in kwargs.items()}


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(client, role_users, data, cell):
    from django.urls import reverse

    if cell.url_name.startswith("api "):
        method, url = api_url(cell, **{k: v for k, v in API_PARAMS.items() if "{" + k + "}" in cell.url_name})
        query = API_QUERY.get(url, {})
        check_matrix_response(cell, matrix_call(client, cell, role_users, url=url, method=method, data=query))
        return
    kwargs = dict([*STAFF, *PUBLIC])[cell.url_name]
    url = reverse(cell.url_name, kwargs=resolve_kwargs(kwargs, data) or None)
    method = "POST" if cell.url_name in POSTS else "GET"
    response = matrix_call(client, cell, role_users, url=url, method=method, data=POSTS.get(cell.url_name))
    check_matrix_response(cell, response)


@pytest.mark.parametrize("url", [u for u in PUBLIC if not u[0].endswith("export")], ids=lambda u: u[0])
def test_公示页面不含个人信息(client, data, url):
    from django.urls import reverse

    name, kwargs = url
    response = client.get(reverse(name, kwargs=resolve_kwargs(kwargs, data) or None))
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_personal_data(html)
    assert "u-section_chief" not in html and "u-leader" not in html  # staff names stay internal


def test_公示页面只显示已生效的调整函(client, data):
    from django.urls import reverse

    assert client.get(reverse("publicity:public_powers:batch", args=[data["draft"].pk])).status_code == 404
    html = client.get(reverse("publicity:public_powers:batches")).content.decode()
    assert "津市监权〔2022〕1号" in html and "草稿1" not in html


def test_清单查询与导出(client, role_users, data):
    from django.urls import reverse

    client.force_login(role_users["officer"])
    html = client.get(reverse("powers:list"), {"q": "保质期", "on": "2023-06-01"}).content.decode()
    assert "CF-001" in html and "CF-002" not in html
    response = client.get(reverse("publicity:public_powers:export"), {"on": "2023-06-01"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    diff = client.get(reverse("powers:diff"), {"from_date": "2021-12-31", "to_date": "2022-01-01"}).content.decode()
    assert "CF-001" in diff


def test_审批页面显示校验结果(client, role_users, data):
    from django.urls import reverse

    from fazhi.powers.models import AdjustmentBatch

    AdjustmentBatch.objects.filter(pk=data["draft"].pk).update(status="submitted")
    services.line_add
    client.force_login(role_users["leader"])
    html = client.get(reverse("powers:batch_review", args=[data["draft"].pk])).content.decode()
    assert "校验通过" in html
    response = client.post(
        reverse("powers:batch_approve", args=[data["draft"].pk]), {"revision": data["draft"].revision + 1, "note": ""}
    )
    assert response.status_code == 302


def test_API(client, role_users, data):
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=role_users["officer"], name="t", token_hash=ApiToken.hash_token(raw))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.get("/api/v1/powers/in-force?on=2023-01-01", **auth)
    assert r.status_code == 200 and [x["code"] for x in r.json()] == ["CF-001", "CF-002"]
    r = client.get("/api/v1/powers/items/CF-001", **auth)
    assert r.json()["versions"][0]["legal_basis"][0]["instrument"] == "中华人民共和国食品安全法"
    assert client.get("/api/v1/powers/items/NOPE", **auth).status_code == 404
    r = client.get("/api/v1/powers/diff?from_date=2021-01-01&to_date=2023-01-01", **auth)
    assert len(r.json()["added"]) == 2
    assert client.get("/api/v1/powers/in-force").status_code == 401
