"""The write API: the same services, codes and scope as the screens."""

import datetime as dt

import pytest

from fazhi.core.models import ApiToken, AuditEvent
from fazhi.sampling import services

D = dt.date
pytestmark = pytest.mark.django_db


def _auth(user):
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="测试", token_hash=ApiToken.hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def sample(make_task, make_entity, officer):
    return services.sample_register(
        task=make_task(), product_name="花生米", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
    )


def test_经接口从检验结论到处置(client, officer, sample):
    auth = _auth(officer)
    post = lambda path, body: client.post(  # noqa: E731
        f"/api/v1/sampling/samples/{sample.pk}/{path}", body, content_type="application/json", **auth
    )
    r = post("result", {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-20"})
    assert r.status_code == 400 and r.json()["code"] == "sampling.failed_items_required"
    r = post("result", {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-01",
                        "failed_items": [{"item": "酸价"}]})  # fmt: skip
    assert r.status_code == 400 and r.json()["code"] == "date.too_early" and r.json()["field"] == "report_on"
    r = post("result", {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-20",
                        "failed_items": [{"item": "x" * 101}]})  # fmt: skip
    assert r.status_code == 422 and r.json()["code"] == "input.invalid"
    r = post("result", {"result": "unqualified", "report_number": "R1", "report_on": "2023-05-20",
                        "failed_items": [{"item": "酸价", "value": "5.1", "standard": "≤3"}], "revision": 0})  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "unqualified"
    r = post("result", {"result": "qualified", "report_number": "R1", "report_on": "2023-05-20", "revision": 0})
    assert r.status_code == 409  # 版本号已变化（他人已修改）
    assert post("notice", {"served_on": "2024-01-02"}).json()["code"] == "date.future"
    r = post("notice", {"served_on": "2023-06-05"})
    assert r.json()["retest_due_on"] == "2023-06-14" and r.json()["status"] == "notified"
    r = post("retest", {"requested_on": "2023-06-15"})
    assert r.status_code == 400 and r.json()["code"] == "sampling.retest_late"
    r = post("disposals", {"measure": "recall", "ordered_on": "2023-06-06", "quantity": "12袋"})
    assert r.status_code == 200 and r.json()["measure"] == "recall"
    disposal = r.json()["id"]
    r = post(f"disposals/{disposal}/completion", {"completed_on": "2023-06-09"})
    assert r.status_code == 200 and r.json()["completed_on"] == "2023-06-09"
    assert post("disposals/999999/completion", {"completed_on": "2023-06-09"}).status_code == 404
    assert post("clue", {"on": "2023-06-10"}).json()["clue_id"] is not None
    assert post("close", {"on": "2023-06-15"}).json()["status"] == "closed"
    actions = set(AuditEvent.objects.filter(object_id=str(sample.pk)).values_list("action", flat=True))
    assert {"sampling.sample_result_unqualified", "sampling.sample_serve_notice", "sampling.sample_close"} <= actions


def test_其他部门的样品答不存在_无权角色答403(client, sample, make_user, other_department):
    stranger = make_user("officer", dept=other_department, username="stranger")
    body = {"result": "qualified", "report_number": "R1", "report_on": "2023-05-20"}
    url = f"/api/v1/sampling/samples/{sample.pk}/result"
    assert client.post(url, body, content_type="application/json", **_auth(stranger)).status_code == 404
    leader = make_user("leader", username="leader2")
    assert client.post(url, body, content_type="application/json", **_auth(leader)).status_code == 403
    sample.refresh_from_db()
    assert sample.result == ""
