"""The API: the same services and field validation as the pages — field errors, never a 500; another department's
record is "not found" for reads and steps alike."""

import pytest

pytestmark = pytest.mark.django_db


def _auth(user):
    from fazhi.core.models import ApiToken

    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


BODY = {"kind": "complaint", "received_on": "2023-06-02", "respondent_name": "某店", "category": "food"}


def test_登记与表单同一校验_字段错误不是500(client, officer, entity):
    auth = _auth(officer)
    bad = entity.uscc[:-1] + ("0" if entity.uscc[-1] != "0" else "1")
    for extra, field in (
        ({"respondent_uscc": bad}, "respondent_uscc"),
        ({"amount_in_dispute": "1e400"}, "amount_in_dispute"),
        ({"amount_in_dispute": "99999999999999"}, "amount_in_dispute"),
        ({"respondent_name": "某" * 201}, "respondent_name"),
        ({"received_on": "2023-07-02"}, "received_on"),
        ({"received_on": "not a date"}, "received_on"),
    ):
        r = client.post("/api/v1/complaints/", {**BODY, **extra}, content_type="application/json", **auth)
        assert r.status_code == 400 and r.json()["field"] == field, (extra, r.content)
    r = client.post("/api/v1/complaints/", {**BODY, "kind": "both"}, content_type="application/json", **auth)
    assert r.status_code == 200 and [c["kind"] for c in r.json()] == ["complaint", "tip"]


def test_查询参数越界是422不是500(client, officer):
    auth = _auth(officer)
    assert client.get("/api/v1/complaints/queue?offset=-5", **auth).status_code == 422
    assert client.get("/api/v1/complaints/queue?limit=abc", **auth).status_code == 422
    assert client.get("/api/v1/complaints/stats/-1", **auth).status_code in (404, 422)
    assert client.get("/api/v1/complaints/stats/99999", **auth).status_code == 422
    assert client.get("/api/v1/complaints/99999999999", **auth).status_code == 422


def test_办理步骤_其他部门的来件不存在_版本号无效是字段错误(client, register, officer, make_user, other_department):
    (c,) = register()
    outsider = make_user("officer", dept=other_department, username="outsider")
    url = f"/api/v1/complaints/{c.pk}/steps/accept"
    r = client.post(url, {"on": "2023-06-02"}, content_type="application/json", **_auth(outsider))
    assert r.status_code == 404
    auth = _auth(officer)
    r = client.post(url, {"on": "2023-06-02", "revision": "abc"}, content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["field"] == "revision"
    r = client.post(url, {"on": "2023-07-02"}, content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["code"] == "date.future"
    r = client.post(f"/api/v1/complaints/{c.pk}/steps/launch", {}, content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["code"] == "complaints.unknown_step"
    r = client.post(url, {"on": "2023-06-02", "revision": 0}, content_type="application/json", **auth)
    body = r.json()
    assert r.status_code == 200 and body["status"] == "accepted"
    assert body["next_step"]["who"] == "承办人（执法人员）" and body["next_step"]["due"]
    assert "13812345678" not in r.content.decode()


def test_举报移交通过接口(client, register, officer, entity):
    (t,) = register(kind="tip", respondent_uscc=entity.uscc)
    r = client.post(
        f"/api/v1/complaints/{t.pk}/steps/hand_over", {"on": "2023-06-02"}, content_type="application/json",
        **_auth(officer),
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "handed_over" and r.json()["clue_number"].startswith("XS")
