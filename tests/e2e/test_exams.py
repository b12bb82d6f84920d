"""Browser test of the exam: a staff member sits a timed exam, answers (autosaved), hands in and sees the score."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BANK = {
    "laws": [{"id": "apl", "title": "中华人民共和国行政处罚法", "version": "2021年修订", "in_force_from": "2021-07-15",
              "in_force_until": None, "status": "TEXT", "source": "行政法/行政处罚法(2021-01-22).md",
              "last_verified_on": "2026-12-06"}],
    "questions": [
        {"id": "e2e-1", "law": "apl", "article": "第四十二条", "difficulty": 1, "kind": "single",
         "stem": "执法人员不得少于几人？", "options": ["一", "两", "三"], "answer": "B"},
        {"id": "e2e-2", "law": "apl", "article": "第四十五条", "difficulty": 1, "kind": "true_false",
         "stem": "行政机关不得因当事人陈述、申辩而给予更重的处罚。", "answer": "T"},
        {"id": "e2e-3", "law": "apl", "article": "第三十二条", "difficulty": 2, "kind": "multiple",
         "stem": "下列哪些情形应当从轻或者减轻行政处罚？", "answer": "AB",
         "options": ["主动消除违法行为危害后果的", "受他人胁迫实施违法行为的", "违法所得较多的"]},
    ],
}  # fmt: skip


@pytest.fixture
def exam_page(page, live_server, department, settings):
    from fazhi.core import clock
    from fazhi.core.models import User
    from fazhi.exams import services
    from fazhi.registry.models import Officer

    organiser = User.objects.create(username="e2e-organiser", role="legal_reviewer", department=department)
    officer = Officer.objects.create(name="考试人员", certificate_number="120110990001",
                                     certificate_expires_on=dt.date(2030, 1, 1), department=department)  # fmt: skip
    sitter = User.objects.create(username="e2e-sitter", role="officer", department=department, officer=officer)
    services.bank_load(document=BANK, actor=None)
    now = clock.now()
    exam = services.exam_create(
        title="浏览器测试考试", kind="annual", year=now.astimezone(clock.SHANGHAI).year, department=department,
        opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(hours=2), duration_minutes=30, pass_mark=6,
        actor=organiser,
    )  # fmt: skip
    for kind in ("single", "true_false", "multiple"):
        services.rule_add(exam=exam, topic="中华人民共和国行政处罚法", kind=kind, difficulty=None, count=1, points=4,
                          actor=organiser)  # fmt: skip
    services.roster_fill(exam=exam, department_ids=None, actor=organiser)
    exam.refresh_from_db()
    services.exam_publish(exam=exam, expected_revision=exam.revision, actor=organiser)
    client = Client()
    client.force_login(sitter)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)
    return page


def test_考生在浏览器中答题_自动保存_交卷后看到成绩(exam_page, live_server):
    page = exam_page
    page.goto(f"{live_server.url}/exams/")
    page.get_by_role("button", name="开始考试").click()
    # The click only starts the navigation: wait for the paper's load event, so that htmx (a deferred script) has
    # bound the autosave before the first answer is ticked. A tick before that is not autosaved (it is still handed
    # in with the paper), and the "已保存" badge would never come.
    page.wait_for_url(re.compile(r"/exams/sittings/\d+/$"), wait_until="load")
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator("#countdown")).to_contain_text("分")  # the countdown runs from the server's remaining time
    # Answer by the question text (the paper's order is drawn from the sitter's seed).
    single = page.locator("section.question", has_text="执法人员不得少于几人")
    single.get_by_label("B. 两").check()
    single.locator(".saved").get_by_text("已保存").wait_for()
    judge = page.locator("section.question", has_text="陈述、申辩")
    judge.get_by_label("正确").check()
    judge.locator(".saved").get_by_text("已保存").wait_for()
    multiple = page.locator("section.question", has_text="从轻或者减轻")
    multiple.get_by_label("A. 主动消除违法行为危害后果的").check()  # only one of the two right options
    page.get_by_role("button", name="交卷").click()
    page.wait_for_selector("#score")
    assert page.inner_text("#score") == "8"  # 4 + 4; the incomplete multiple choice scores 0
    assert "合格" in page.content() and "本人交卷" in page.content()
