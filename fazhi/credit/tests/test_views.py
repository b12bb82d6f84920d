"""Permission matrix over every credit URL (staff and public), masking scan of the public pages, page smoke."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.testing import api_url, check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names
from fazhi.credit import revocation, services
from fazhi.rulebook.masking import assert_no_personal_data

pytestmark = pytest.mark.django_db
D = dt.date


def build(make_entity, make_user, office, tag):
    """One set of credit records of ``office``, revocations in each open state included."""
    entity = make_entity("enterprise", office=office)
    individual = make_entity("individual", office=office)
    listing = services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="", actor=None
    )
    mark = services.abnormal_list_propose(
        entity=individual, ground="unreachable", decided_on=D(2023, 8, 1), basis_ref="", actor=None
    )
    application = services.objection_raise(listing=mark, received_on=D(2023, 8, 20), statement="误列", actor=None)
    serious = services.serious_list_propose(
        entity=entity, ground="heavy_penalty", source_ref=f"罚1{tag}", decided_on=D(2023, 9, 1), actor=None
    )
    repair = services.repair_apply(
        entity=individual,
        case_number=f"罚2{tag}",
        penalty_kinds=["fine"],
        domain="price",
        published_on=D(2022, 1, 1),
        applied_on=D(2023, 9, 1),
        performed=True,
        harm_removed=True,
        repeated=False,
        actor=None,
    )
    proposer = make_user("section_chief", dept=office, username=f"proposer-{tag}")
    reviewer = make_user("legal_reviewer", username=f"reviewer-{tag}")
    states = {}
    for state in ("proposed", "returned", "reviewed"):
        r = revocation.revocation_propose(
            entity=make_entity("enterprise", office=office),
            evidence="公安核查",
            proposed_on=D(2023, 9, 1),
            actor=proposer,
        )
        if state != "proposed":
            revocation.revocation_legal_review(
                revocation=r, passed=state == "reviewed", opinion="意见", reviewed_on=D(2023, 9, 5), actor=reviewer
            )
        states[state] = r
    return {
        "listing": listing,
        "mark": mark,
        "application": application,
        "serious": serious,
        "repair": repair,
        "entity": entity,
        "individual": individual,
        "free_entity": make_entity("enterprise", office=office),
        **{f"revocation_{k}": v for k, v in states.items()},
    }


@pytest.fixture
def data(make_entity, make_user, department):
    return build(make_entity, make_user, department, "own")


@pytest.fixture
def other(make_entity, make_user, other_department):
    return build(make_entity, make_user, other_department, "other")


CELLS = load_permission_matrix("credit")
COVERED_URL_NAMES = matrix_url_names("credit")
# URL name → (object key, POSTed form); GET when no form
REQUESTS = {
    "credit:abnormal_list": (None, None),
    "credit:queue": (None, None),
    "credit:serious_list": (None, None),
    "credit:repairs": (None, None),
    "credit:revocations": (None, None),
    "credit:listing": ("listing", None),
    "credit:serious": ("serious", None),
    "credit:repair": ("repair", None),
    "credit:entity": ("entity", None),
    "credit:revocation": ("revocation_proposed", None),
    "credit:listing_apply": ("listing", {"kind": "removal", "cure": "address_fixed", "received_on": "2023-09-01"}),
    "credit:application_act": ("application", {"on": "2023-08-21"}),
    "credit:serious_act": ("serious", {"on": "2023-09-20"}),
    "credit:repair_act": ("repair", {"on": "2023-09-05"}),
    "credit:entity_revoke": ("free_entity", {"evidence": "公安核查", "on": "2023-09-05"}),
    "credit:revocation_legal_pass": ("revocation_proposed", {"legal_pass-opinion": "同意", "legal_pass-on": "2023-09-06"}),
    "credit:revocation_legal_return": (
        "revocation_proposed",
        {"legal_return-opinion": "补充", "legal_return-on": "2023-09-06"},
    ),
    "credit:revocation_resubmit": ("revocation_returned", {"resubmit-evidence": "补充后", "resubmit-on": "2023-09-08"}),
    "credit:revocation_withdraw": ("revocation_proposed", {"withdraw-reason": "证据不足"}),
    "credit:revocation_approve": ("revocation_reviewed", {"approve-note": "", "approve-on": "2023-09-10"}),
    "credit:revocation_refuse": ("revocation_reviewed", {"refuse-note": "证据不足", "refuse-on": "2023-09-10"}),
    "publicity:public_credit:abnormal_list": (None, None),
    "publicity:public_credit:serious_list": (None, None),
    "publicity:public_credit:entity": ("individual", None),
    "publicity:public_credit:changes": (None, None),
    "publicity:public_credit:changes_json": (None, None),
}  # fmt: skip
ACT_KWARGS = {"credit:application_act": "accept", "credit:serious_act": "list", "credit:repair_act": "approve"}


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_权限矩阵(cell, client, role_users, data, other):
    objects = data if cell.scope == "own" else other
    if cell.url_name.startswith("api "):
        method, url = api_url(cell, listing_id=objects["listing"].pk) if "{" in cell.url_name else api_url(cell)
        check_matrix_response(cell, matrix_call(client, cell, role_users, url=url, method=method))
        return
    key, form = REQUESTS[cell.url_name]
    kwargs = {"pk": objects[key].pk} if key else {}
    if cell.url_name in ACT_KWARGS:
        kwargs["action"] = ACT_KWARGS[cell.url_name]
    url = reverse(cell.url_name, kwargs=kwargs or None)
    if form is not None and cell.url_name.startswith("credit:revocation_"):
        prefix = next(iter(form)).split("-")[0]
        form = {**form, f"{prefix}-revision": objects[key].revision}
    method = "POST" if form is not None else "GET"
    check_matrix_response(cell, matrix_call(client, cell, role_users, url=url, method=method, data=form))


def test_所有信用监管网址都在矩阵中():
    from fazhi.core.testing import all_url_names

    mine = {n for n in all_url_names() if n.startswith(("credit:", "publicity:public_credit:"))}
    assert mine == set(REQUESTS) == COVERED_URL_NAMES


def test_公示页面不含个人信息_不显示经营者姓名(client, data):
    for name, (key, _) in REQUESTS.items():
        if not name.startswith("publicity:"):
            continue
        html = client.get(reverse(name, kwargs={"pk": data[key].pk} if key else None)).content.decode()
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


@pytest.mark.parametrize("bad", ["", "abc", "2023-02-30", "99999-01-01"])
def test_日期有误的决定被拒绝_不以今天代替(client, role_users, data, bad):
    """A missing or impossible date is a Chinese error on the page — never silently today (brief: no silent
    substitution)."""
    client.force_login(role_users["section_chief"])
    application = data["application"]
    response = client.post(reverse("credit:application_act", args=[application.pk, "accept"]), {"on": bad}, follow=True)
    application.refresh_from_db()
    assert application.status == "submitted"
    codes = [m.extra_tags for m in response.context["messages"]]
    assert any(tag.startswith("code-cell.required") or tag.startswith("code-date.") for tag in codes), codes


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


def test_变更公告JSON供其他网站同步_撤销登记批准生效后才出现(client, data, make_user):
    approved = data["revocation_reviewed"]
    assert client.get(reverse("publicity:public_credit:changes_json"), {"since": "2023-09-01"}).json()["changes"] == []
    revocation.revocation_decide(
        revocation=approved, approve=True, note="", decided_on=D(2023, 9, 5), actor=make_user("leader", username="ld")
    )
    feed = client.get(reverse("publicity:public_credit:changes_json"), {"since": "2023-09-01"}).json()["changes"]
    assert [c["kind"] for c in feed] == ["registration_revoked"] and feed[0]["uscc"] == approved.entity.uscc
    assert client.get(reverse("publicity:public_credit:changes_json"), {"since": "2023-09-06"}).json()["changes"] == []


def test_首页显示信用监管待办(client, role_users, data):
    from fazhi.credit.selectors import home_panels

    (panel,) = home_panels(role_users["section_chief"])
    assert panel["figures"][0]["value"] == 1 and data["mark"].entity.name in panel["items"][0]["text"]
    client.force_login(role_users["section_chief"])
    assert client.get("/").status_code == 200


def test_名录记录页用中文写出来源和依据的核对状态(client, role_users, make_entity, department):
    """``inspections.result:12`` and ``SECONDARY`` are data: the page says 双随机抽查检查结果 and 二手来源."""
    listing = services.abnormal_list_propose(
        entity=make_entity("enterprise", office=department),
        ground="unreachable",
        decided_on=D(2023, 8, 1),
        basis_ref="inspections.result:12",
        actor=None,
    )
    assert listing.source_ref == "inspections.result:12" and listing.basis_status
    client.force_login(role_users["section_chief"])
    page = client.get(reverse("credit:listing", args=[listing.pk])).content.decode()
    assert "双随机抽查检查结果（第 12 号记录）" in page
    assert "inspections.result" not in page
    for code in ("TEXT", "SECONDARY", "UNCONFIRMED"):
        assert f">{code}<" not in page
    assert {"TEXT": "已核对原文", "SECONDARY": "二手来源", "UNCONFIRMED": "未经确认"}[listing.basis_status] in page
