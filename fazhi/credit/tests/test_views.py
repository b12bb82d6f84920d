"""Permission matrix over every credit URL (staff and public), masking scan of the public pages, page smoke."""

import datetime as dt

import pytest
from django.urls import resolve, reverse

from fazhi.core.testing import ROLES, MatrixCase, check_response, expected_outcome
from fazhi.credit import services
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def data(make_entity, role_users):
    entity = make_entity("enterprise")
    individual = make_entity("individual")
    listing = services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="", actor=None
    )
    mark = services.abnormal_list_propose(
        entity=individual, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="", actor=None
    )
    application = services.objection_raise(listing=mark, received_on=D(2023, 8, 20), statement="误列", actor=None)
    serious = services.serious_list_propose(
        entity=entity, ground="heavy_penalty", source_ref="罚1", decided_on=D(2023, 9, 1), actor=None
    )
    repair = services.repair_apply(
        entity=individual,
        case_number="罚2",
        penalty_kinds=["fine"],
        domain="price",
        published_on=D(2022, 1, 1),
        applied_on=D(2023, 9, 1),
        performed=True,
        harm_removed=True,
        repeated=False,
        actor=None,
    )
    return {
        "listing": listing,
        "mark": mark,
        "application": application,
        "serious": serious,
        "repair": repair,
        "entity": entity,
        "individual": individual,
    }


GET = [
    ("credit:abnormal_list", {}),
    ("credit:queue", {}),
    ("credit:listing", {"pk": "listing"}),
    ("credit:serious_list", {}),
    ("credit:serious", {"pk": "serious"}),
    ("credit:repairs", {}),
    ("credit:repair", {"pk": "repair"}),
    ("credit:entity", {"pk": "entity"}),
    ("publicity:public_credit:abnormal_list", {}),
    ("publicity:public_credit:serious_list", {}),
    ("publicity:public_credit:entity", {"pk": "individual"}),
    ("publicity:public_credit:changes", {}),
    ("publicity:public_credit:changes_json", {}),
]
POST = [
    (
        "credit:listing_apply",
        {"pk": "listing"},
        {"kind": "removal", "cure": "address_fixed", "received_on": "2023-09-01"},
    ),
    ("credit:application_act", {"pk": "application", "action": "accept"}, {"on": "2023-08-21"}),
    ("credit:serious_act", {"pk": "serious", "action": "list"}, {"on": "2023-09-20"}),
    ("credit:repair_act", {"pk": "repair", "action": "approve"}, {"on": "2023-09-05"}),
    ("credit:entity_revoke", {"pk": "entity"}, {"evidence": "公安核查", "on": "2023-09-05"}),
]
COVERED = [n for n, _ in GET] + [n for n, *_ in POST]
COVERED_URL_NAMES = frozenset(COVERED)


def _url(name, kwargs, data):
    return reverse(name, kwargs={k: (data[v].pk if v in data else v) for k, v in kwargs.items()} or None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs"), GET)
def test_权限矩阵_读取(client, role_users, data, role, name, kwargs):
    url = _url(name, kwargs, data)
    if role != "anonymous":
        client.force_login(role_users[role])
    case = MatrixCase(name, url, role, expected_outcome(resolve(url).func, role))
    check_response(case, client.get(url))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "form"), POST)
def test_权限矩阵_操作(client, role_users, data, role, name, kwargs, form):
    url = _url(name, kwargs, data)
    if role != "anonymous":
        client.force_login(role_users[role])
    case = MatrixCase(name, url, role, expected_outcome(resolve(url).func, role))
    check_response(case, client.post(url, form))


def test_所有信用监管网址都在矩阵中():
    from fazhi.core.testing import all_url_names

    mine = {n for n in all_url_names() if n.startswith(("credit:", "publicity:public_credit:"))}
    assert mine == set(COVERED)


def test_公示页面不含个人信息_不显示经营者姓名(client, data):
    for name, kwargs in GET:
        if not name.startswith("publicity:"):
            continue
        html = client.get(_url(name, kwargs, data)).content.decode()
        assert_no_personal_data(html)
        assert "王小明" not in html, name


def test_公示名录列出在列记录_可按代码查询(client, data):
    html = client.get(reverse("publicity:public_credit:abnormal_list")).content.decode()
    assert data["entity"].name in html and data["individual"].name in html
    html = client.get(
        reverse("publicity:public_credit:abnormal_list"), {"q": data["entity"].uscc[:10]}
    ).content.decode()
    assert data["entity"].name in html and data["individual"].name not in html


def test_科室负责人可在页面受理异议并决定移出(client, role_users, data):
    client.force_login(role_users["section_chief"])
    application = data["application"]
    client.post(reverse("credit:application_act", args=[application.pk, "accept"]), {"on": "2023-08-21"})
    client.post(reverse("credit:application_act", args=[application.pk, "approve"]), {"on": "2023-09-01"})
    data["mark"].refresh_from_db()
    assert data["mark"].status == "removed"
    page = client.get(reverse("credit:listing", args=[data["mark"].pk])).content.decode()
    assert "异议受理期限" in page and "异议核实期限" in page


def test_其他部门的执法人员不能对本部门记录操作(client, make_user, other_department, data):
    outsider = make_user("section_chief", dept=other_department, username="outsider")
    client.force_login(outsider)
    response = client.post(
        reverse("credit:application_act", args=[data["application"].pk, "accept"]), {"on": "2023-08-21"}
    )
    assert response.status_code == 404
    data["application"].refresh_from_db()
    assert data["application"].status == "submitted"


def test_列表页查询次数固定(client, role_users, data, django_assert_max_num_queries):
    client.force_login(role_users["leader"])
    with django_assert_max_num_queries(12):
        client.get(reverse("credit:abnormal_list"))
    with django_assert_max_num_queries(6):
        client.get(reverse("publicity:public_credit:abnormal_list"))


def test_接口返回在列记录_审计角色可读(client, role_users, data):
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=role_users["auditor"], name="t", token_hash=ApiToken.hash_token(raw))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.get("/api/v1/credit/listings", **auth)
    assert r.status_code == 200 and {row["number"] for row in r.json()} == {data["listing"].number, data["mark"].number}
    r = client.get(f"/api/v1/credit/listings/{data['listing'].pk}", **auth)
    assert r.status_code == 200 and r.json()["basis_status"] == "SECONDARY"
    assert client.get("/api/v1/credit/listings/999999", **auth).status_code == 404


def test_变更公告JSON供其他网站同步(client, data):
    services.identity_misuse_revoke(entity=data["entity"], evidence="公安核查", decided_on=D(2023, 9, 5), actor=None)
    feed = client.get(reverse("publicity:public_credit:changes_json"), {"since": "2023-09-01"}).json()["changes"]
    assert [c["kind"] for c in feed] == ["registration_revoked"] and feed[0]["uscc"] == data["entity"].uscc
    assert client.get(reverse("publicity:public_credit:changes_json"), {"since": "2023-09-06"}).json()["changes"] == []


def test_首页显示信用监管待办(client, role_users, data):
    from fazhi.credit.selectors import home_panels

    (panel,) = home_panels(role_users["section_chief"])
    assert panel["figures"][0]["value"] == 1 and data["mark"].entity.name in panel["items"][0]["text"]
    client.force_login(role_users["section_chief"])
    assert client.get("/").status_code == 200
