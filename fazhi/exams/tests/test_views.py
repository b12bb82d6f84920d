"""Exam screens: bad input answered with field errors (never a 500), the sitting flow through the pages with
htmx autosave, and bounded queries on the paper page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.exams.models import Answer, Exam, Question

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_新建考试_截止早于开考_显示字段错误(organiser, department, frozen):
    response = _client(organiser).post(
        reverse("exams:exam_create"),
        {"title": "测试", "kind": "annual", "year": "2023", "department": department.pk,
         "opens_at": "2023-11-20T09:00", "closes_at": "2023-11-20T08:00", "duration_minutes": "30", "pass_mark": "60"},
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["closes_at"] and Exam.objects.count() == 0
    assert "截止时间应晚于开考时间" in response.content.decode()
    assert "exams.schedule" not in response.content.decode()  # the code stays out of the screen


def test_新建考试_格式错误的时间与超长名称被字段校验拒绝(organiser, department, frozen):
    response = _client(organiser).post(
        reverse("exams:exam_create"),
        {"title": "长" * 101, "kind": "annual", "year": "abc", "department": department.pk, "opens_at": "明天",
         "closes_at": "2023-11-20T08:00", "duration_minutes": "1e400", "pass_mark": "60"},
    )  # fmt: skip
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "year", "opens_at", "duration_minutes"}


def test_新增试题_答案不在选项中_字段错误(organiser, bank):
    law = Question.objects.first().law
    response = _client(organiser).post(
        reverse("exams:question_add"),
        {"law": law.pk, "article": "第四十二条", "kind": "single", "difficulty": "1", "stem": "题干",
         "options": "甲\n乙", "answer": "C"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "answer" in response.context["form"].errors
    assert not Question.objects.filter(code__startswith="q-").exists()


def test_翻页参数非法时回到第一页(organiser, bank):
    assert _client(organiser).get(reverse("exams:bank") + "?page=abc&law=x").status_code == 200


def test_考生通过页面答题_自动保存_交卷看到成绩(make_exam, sitters, django_assert_max_num_queries):
    exam = make_exam()
    client = _client(sitters["a"])
    response = client.post(reverse("exams:sitting_start", args=[exam.pk]))
    sitting_url = response["Location"]
    sitting_id = int(sitting_url.rstrip("/").split("/")[-1])
    with django_assert_max_num_queries(12):
        page = client.get(sitting_url)
    assert page.status_code == 200 and "剩余时间" in page.content.decode()
    key = {
        a.position: a.question.answer for a in Answer.objects.filter(sitting_id=sitting_id).select_related("question")
    }
    saved = client.post(
        reverse("exams:answer_save", args=[sitting_id]), {"position": "1", "q1": key[1]}, HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    bad = client.post(
        reverse("exams:answer_save", args=[sitting_id]), {"position": "1", "q1": "Z"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 400 and "答案不符合题型要求" in bad.content.decode()
    answers = {f"q{p}": v for p, v in key.items() if p <= 7}
    done = client.post(reverse("exams:sitting_submit", args=[sitting_id]), answers)
    assert done.status_code == 302
    result = client.get(done["Location"])
    assert result.status_code == 200 and result.context["sitting"].score == 28
    assert "合格" in result.content.decode()
    again = client.post(
        reverse("exams:answer_save", args=[sitting_id]), {"position": "1", "q1": "T"}, HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 409 and again["HX-Redirect"].endswith("/result/")


def test_考试未结束时不显示正确答案(make_exam, sitters):
    exam = make_exam()
    client = _client(sitters["a"])
    client.post(reverse("exams:sitting_start", args=[exam.pk]))
    sitting = exam.sittings.get()
    client.post(reverse("exams:sitting_submit", args=[sitting.pk]), {})
    result = client.get(reverse("exams:result", args=[sitting.pk]))
    assert result.context["show_key"] is False and "考试结束后显示正确答案" in result.content.decode()


def test_组织者看到按部门的参考率与合格率(make_exam, sitters, organiser):
    exam = make_exam()
    client = _client(sitters["a"])
    client.post(reverse("exams:sitting_start", args=[exam.pk]))
    client.post(reverse("exams:sitting_submit", args=[exam.sittings.get().pk]), {})
    page = _client(organiser).get(reverse("exams:exam_detail", args=[exam.pk]))
    rows = {r.department: r for r in page.context["rates"]}
    assert rows["张贵庄市场监管所"].required == 2 and rows["张贵庄市场监管所"].takers == 1
    assert "参考率" in page.content.decode()


def test_首页提示待参加的考试(make_exam, sitters):
    make_exam()
    page = _client(sitters["a"]).get("/")
    assert page.status_code == 200 and "学法用法考试" in page.content.decode()
    assert "2023年度学法用法考试" in page.content.decode()


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_成绩统计表_按记录_科室负责人只看本部门(make_exam, sitters, organiser):
    exam = make_exam()
    for key in ("a", "c"):
        client = _client(sitters[key])
        client.post(reverse("exams:sitting_start", args=[exam.pk]))
        client.post(reverse("exams:sitting_submit", args=[exam.sittings.get(officer=sitters[key].officer).pk]), {})
    _client(sitters["b"]).post(reverse("exams:sitting_start", args=[exam.pk]))  # b is still answering
    response = _client(organiser).get(reverse("exams:results_docx", args=[exam.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert "成绩统计表" in text and "考试尚未结束，统计截至" in text
    assert "测试人员1" in text and "测试人员3" in text and "答题中" in text
    assert "0 / " in text and "不合格" in text  # blank papers score nothing
    chief = _docx_text(_client(sitters["b"]).get(reverse("exams:results_docx", args=[exam.pk])).content)
    assert "测试人员1" in chief and "测试人员3" not in chief
    assert _client(sitters["a"]).get(reverse("exams:results_docx", args=[exam.pk])).status_code == 403


@pytest.mark.parametrize("revision", ["abc", "-1", "99999999999"])
def test_发布考试_页面版本号无效_只提示一次且不发布(make_exam, organiser, revision):
    exam = make_exam(publish=False)
    response = _client(organiser).post(
        reverse("exams:exam_publish", args=[exam.pk]), {"revision": revision}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("页面版本号无效，请刷新页面后重试") == 1
    assert "已被他人修改" not in page
    exam.refresh_from_db()
    assert exam.status == "draft"


def test_发布考试_页面显示的版本号有效时发布(make_exam, organiser):
    exam = make_exam(publish=False)
    _client(organiser).post(reverse("exams:exam_publish", args=[exam.pk]), {"revision": str(exam.revision)})
    exam.refresh_from_db()
    assert exam.status == "published"
