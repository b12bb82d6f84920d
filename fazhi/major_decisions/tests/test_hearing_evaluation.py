"""听证会 (重大行政决策程序暂行条例第十六条、第十七条) and 决策后评估 (第三十六条), expected values written by hand:
hearing materials served at least 7 days before the hearing, the record signed by the participants, no hearing
after the collective discussion; the evaluation organised by the leader on one of the three grounds after
publication, a third party that argued or assessed the decision beforehand refused, the conclusion with the
public's views and a recommendation; the Word reports exist from their step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.audit import AuditEvent
from fazhi.core.errors import DomainError
from fazhi.major_decisions import selectors, services

pytestmark = pytest.mark.django_db
D = dt.date


def hearing_args(**kw):
    args = {
        "announced_on": D(2023, 3, 1), "materials_served_on": D(2023, 3, 3), "held_on": D(2023, 3, 10),
        "venue": "区政务服务中心三楼会议室", "presider": "王某（法制科科长）",
        "participants": "经营者代表5人、消费者代表4人、行业协会2人", "participant_count": 11,
        "opinions": "建议延长过渡期", "adoption": "采纳：过渡期延长至6个月", "record_signed": True,
    }  # fmt: skip
    args.update(kw)
    return args


def test_听证会_材料提前7日送达即可登记(catalogued, role_users):
    d = catalogued()
    h = services.hearing_record(decision=d, actor=role_users["legal_reviewer"], **hearing_args())
    assert (h.held_on - h.materials_served_on).days == 7
    assert d.status == "catalogued" and "第十六条" in h.citation
    assert AuditEvent.objects.filter(action="major_decisions.hearing", object_id=str(d.pk)).count() == 1


def test_听证会_材料只提前6日送达被拒绝(catalogued, role_users):
    with pytest.raises(DomainError) as exc:
        services.hearing_record(decision=catalogued(), actor=role_users["legal_reviewer"],
                                **hearing_args(materials_served_on=D(2023, 3, 4)))  # fmt: skip
    assert (exc.value.code, exc.value.field) == ("major_decisions.hearing_notice", "materials_served_on")


def test_听证会_记录未经签字确认被拒绝(catalogued, role_users):
    with pytest.raises(DomainError) as exc:
        services.hearing_record(decision=catalogued(), actor=role_users["legal_reviewer"],
                                **hearing_args(record_signed=False))  # fmt: skip
    assert (exc.value.code, exc.value.field) == ("major_decisions.hearing_record_unsigned", "record_signed")


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"held_on": "2024-03-10"}, "date.future", "held_on"),
        ({"announced_on": D(2023, 2, 1)}, "date.too_early", "announced_on"),  # before the catalogue (20 Feb)
        ({"announced_on": D(2023, 3, 5)}, "date.too_early", "materials_served_on"),  # served before announced
        ({"participant_count": "十一"}, "number.format", "participant_count"),
        ({"participant_count": 0}, "number.range", "participant_count"),
        ({"venue": ""}, "cell.required", "venue"),
        ({"adoption": ""}, "cell.required", "adoption"),
    ],
)
def test_听证会_错误输入(catalogued, role_users, kw, code, field):
    with pytest.raises(DomainError) as exc:
        services.hearing_record(decision=catalogued(), actor=role_users["legal_reviewer"], **hearing_args(**kw))
    assert (exc.value.code, exc.value.field) == (code, field)


def test_听证会_集体讨论后和决策后不能登记(published, role_users):
    d = published()
    with pytest.raises(DomainError) as exc:
        services.hearing_record(decision=d, actor=role_users["legal_reviewer"], **hearing_args())
    assert exc.value.code == "major_decisions.transition_forbidden"


def test_听证会_权限_执法人员不能登记_其他部门的科室负责人看不到(catalogued, role_users, other_department):
    with pytest.raises(DomainError) as exc:
        services.hearing_record(decision=catalogued(), actor=role_users["officer"], **hearing_args())
    assert (exc.value.code, exc.value.status) == ("access.forbidden", 403)
    with pytest.raises(DomainError) as exc:
        services.hearing_record(
            decision=catalogued(department=other_department), actor=role_users["section_chief"], **hearing_args()
        )
    assert exc.value.status == 404


def test_决策后评估_全流程(published, role_users):
    d, leader, u = published(), role_users["leader"], role_users["legal_reviewer"]
    with pytest.raises(DomainError) as exc:  # the deciding body organises it, not the legal office
        services.evaluation_start(
            decision=d, ground="many_opinions", evaluator="法制科", started_on=D(2023, 10, 9), actor=u
        )
    assert exc.value.status == 403
    e = services.evaluation_start(decision=d, ground="many_opinions", evaluator="南开大学法学院",
                                  third_party=True, started_on=D(2023, 10, 9), actor=leader)  # fmt: skip
    assert d.status == "evaluating" and e.ground_label == "公民、法人或者其他组织提出较多意见"
    assert selectors.made(2023) == 1  # still counted as made in 2023
    with pytest.raises(DomainError) as exc:
        services.evaluation_conclude(decision=d, concluded_on=D(2023, 12, 1), public_views="", findings="达到预期",
                                     recommendation="continue", actor=u)  # fmt: skip
    assert (exc.value.code, exc.value.field) == ("cell.required", "public_views")
    with pytest.raises(DomainError) as exc:
        services.evaluation_conclude(decision=d, concluded_on=D(2023, 12, 1), public_views="问卷320份",
                                     findings="达到预期", recommendation="abolish", actor=u)  # fmt: skip
    assert (exc.value.code, exc.value.field) == ("major_decisions.recommendation", "recommendation")
    services.evaluation_conclude(decision=d, concluded_on=D(2023, 12, 1), public_views="问卷320份，座谈2次",
                                 findings="基本达到预期", recommendation="adjust", participation="区人大代表2名", actor=u)  # fmt: skip
    d.refresh_from_db()
    assert d.status == "evaluated" and d.evaluation.get_recommendation_display().startswith("调整决策")
    with pytest.raises(DomainError) as exc:
        services.evaluation_start(
            decision=d, ground="deemed_necessary", evaluator="x", started_on=D(2023, 12, 2), actor=leader
        )
    assert exc.value.code == "major_decisions.transition_forbidden"


def test_决策后评估_决策前承担论证或评估的单位不能受托(published, role_users):
    d = published()
    with pytest.raises(DomainError) as exc:
        services.evaluation_start(decision=d, ground="not_achieved", evaluator="天津财经大学专家组", third_party=True,
                                  started_on=D(2023, 10, 9), actor=role_users["leader"])  # fmt: skip
    assert (exc.value.code, exc.value.field) == ("major_decisions.evaluator_conflict", "evaluator")


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"ground": "whim"}, "oversight.unknown_item", "ground"),
        ({"started_on": D(2023, 4, 24)}, "date.too_early", "started_on"),  # before publication (25 April)
        ({"started_on": "2024-01-02"}, "date.future", "started_on"),
        ({"evaluator": ""}, "cell.required", "evaluator"),
    ],
)
def test_决策后评估_错误输入(published, role_users, kw, code, field):
    args = {"ground": "not_achieved", "evaluator": "区委党校", "started_on": D(2023, 10, 9), **kw}
    with pytest.raises(DomainError) as exc:
        services.evaluation_start(decision=published(), actor=role_users["leader"], **args)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_决策后评估_未公布不能启动(catalogued, role_users):
    with pytest.raises(DomainError) as exc:
        services.evaluation_start(decision=catalogued(), ground="not_achieved", evaluator="x",
                                  started_on=D(2023, 10, 9), actor=role_users["leader"])  # fmt: skip
    assert exc.value.code == "major_decisions.transition_forbidden"


def test_页面与Word报告(client, published, catalogued, role_users):
    d = catalogued()
    h = services.hearing_record(decision=d, actor=role_users["legal_reviewer"], **hearing_args())
    client.force_login(role_users["legal_reviewer"])
    page = client.get(reverse("major_decisions:decision_detail", args=[d.pk])).content.decode()
    assert "区政务服务中心三楼会议室" in page and "听证会报告（Word）" in page and "登记听证会" in page
    doc = client.get(reverse("major_decisions:hearing_document", args=[d.pk, h.pk]))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    p = published()
    assert client.get(reverse("major_decisions:evaluation_document", args=[p.pk])).status_code == 404  # no step yet
    services.evaluation_start(decision=p, ground="deemed_necessary", evaluator="区委党校", started_on=D(2023, 10, 9),
                              actor=role_users["leader"])  # fmt: skip
    assert client.get(reverse("major_decisions:evaluation_document", args=[p.pk])).status_code == 404
    services.evaluation_conclude(decision=p, concluded_on=D(2023, 12, 1), public_views="问卷", findings="达到预期",
                                 recommendation="continue", actor=role_users["legal_reviewer"])  # fmt: skip
    doc = client.get(reverse("major_decisions:evaluation_document", args=[p.pk]))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    import io

    from docx import Document

    text = "\n".join(par.text for par in Document(io.BytesIO(doc.content)).paragraphs)
    assert "决策机关认为有必要" in text and "继续执行" in text and "区委党校" in text


def test_页面登记听证会_错误显示为字段错误(client, catalogued, role_users):
    d = catalogued()
    client.force_login(role_users["legal_reviewer"])
    data = {k: v for k, v in hearing_args(materials_served_on=D(2023, 3, 6)).items()}
    response = client.post(reverse("major_decisions:decision_act", args=[d.pk, "hearing"]), data)
    assert response.status_code == 422
    assert "materials_served_on" in response.context["hearing_form"].errors


def test_接口_登记听证会与决策后评估(client, catalogued, published, role_users):
    from fazhi.core.testing import api_headers

    d = catalogued()
    reviewer = api_headers(role_users["legal_reviewer"])
    body = {k: str(v) if isinstance(v, dt.date) else v for k, v in hearing_args().items()}
    r = client.post(
        f"/api/v1/major_decisions/decisions/{d.pk}/hearings", data=body, content_type="application/json", **reviewer
    )
    assert r.status_code == 200, r.content
    assert [h["held_on"] for h in r.json()["hearings"]] == ["2023-03-10"]
    assert r.json()["missing_steps"][0] == "public_participation"
    bad = client.post(f"/api/v1/major_decisions/decisions/{d.pk}/hearings", content_type="application/json",
                      data={**body, "materials_served_on": "2023-03-05"}, **reviewer)  # fmt: skip
    assert bad.status_code == 400 and bad.json()["code"] == "major_decisions.hearing_notice"
    assert bad.json()["field"] == "materials_served_on"
    p = published()
    leader = api_headers(role_users["leader"])
    r = client.post(f"/api/v1/major_decisions/decisions/{p.pk}/evaluation", content_type="application/json",
                    data={"ground": "not_achieved", "evaluator": "区委党校", "started_on": "2023-10-09"}, **leader)  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "evaluating"
    r = client.post(f"/api/v1/major_decisions/decisions/{p.pk}/evaluation/conclusion", content_type="application/json",
                    data={"concluded_on": "2023-12-01", "public_views": "问卷", "findings": "达到预期",
                          "recommendation": "stop"}, **reviewer)  # fmt: skip
    assert r.status_code == 200 and r.json()["evaluation"]["recommendation"] == "stop"
    listed = client.get("/api/v1/major_decisions/decisions?year=2023", **reviewer).json()
    assert {row["status"] for row in listed} == {"catalogued", "evaluated"}


def test_报告的PDF与Word内容一致_评估结论前没有报告(client, published, catalogued, role_users):
    import io

    from django.template.loader import render_to_string
    from docx import Document

    from fazhi.major_decisions import documents

    d = catalogued()
    h = services.hearing_record(decision=d, actor=role_users["legal_reviewer"], **hearing_args())
    client.force_login(role_users["auditor"])
    pdf = client.get(reverse("major_decisions:hearing_pdf", args=[d.pk, h.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert ".pdf" in pdf["Content-Disposition"]
    p = published()
    assert client.get(reverse("major_decisions:evaluation_pdf", args=[p.pk])).status_code == 404  # no step yet
    services.evaluation_start(decision=p, ground="deemed_necessary", evaluator="区委党校", started_on=D(2023, 10, 9),
                              actor=role_users["leader"])  # fmt: skip
    assert client.get(reverse("major_decisions:evaluation_pdf", args=[p.pk])).status_code == 404  # not concluded
    services.evaluation_conclude(decision=p, concluded_on=D(2023, 12, 1), public_views="问卷调查", findings="达到预期",
                                 recommendation="adjust", actor=role_users["legal_reviewer"])  # fmt: skip
    pdf = client.get(reverse("major_decisions:evaluation_pdf", args=[p.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # one content, two formats: every line of the Word report is in the HTML the PDF is printed from
    p.refresh_from_db()
    for record, content in (
        (h, documents.hearing_content(h)),
        (p.evaluation, documents.evaluation_content(p.evaluation)),
    ):
        word = documents.render_docx(content)
        html = render_to_string("major_decisions/report.html", {"r": content})
        lines = [par.text for par in Document(io.BytesIO(word)).paragraphs if par.text]
        assert len(lines) > 8
        for line in lines:
            assert line in html, line
    assert "调整决策（依法履行相关程序）" in html and "区委党校" in html and "2023年12月01日" in html
