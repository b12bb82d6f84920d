"""Browser: the case page shows the live case-file review and the archive gate refuses while a blocking item fails;
a legal reviewer organises a review round, a reviewer who did not handle the case scores the file (the machine
proposes the deductions and their reasons), the round is graded."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.cases import services as case_services
from fazhi.cases.tests.conftest import D0, entity, make_case, officers, users  # noqa: F401 - fixtures
from fazhi.core.testing import browser_login
from fazhi.file_reviews.tests.conftest import _legal_today, closed_case, panel  # noqa: F401 - fixtures


def _login(page, live_server, user) -> None:
    browser_login(page, live_server, user)


def _archive(page, live_server, case) -> None:
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("a.button:has-text('归档')")
    page.fill("input[name=on]", "2023-12-20")
    page.click("button:has-text('提交')")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_案件页显示实时评查_阻断项未消除时不能归档(page, live_server, closed_case, users):  # noqa: F811
    case = closed_case(with_evidence=True)  # evidence registered while open; the decision not yet published
    _login(page, live_server, users["officer"])
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    heading = page.inner_text("#live-review h2")
    # publicity not published (−2, blocking) and so not on time (−2)
    assert "96 分" in heading and "1 项阻断归档" in heading
    _archive(page, live_server, case)
    page.wait_for_selector("text=案卷评查未通过以下阻断归档的要点")
    case.refresh_from_db()
    assert case.state == "closed"

    case_services.publication_publish(
        publication=case.publication, on=D0 + dt.timedelta(days=40), actor=users["officer"]
    )
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    heading = page.inner_text("#live-review h2")
    assert "100 分" in heading and "阻断归档" not in heading
    _archive(page, live_server, case)
    page.wait_for_selector("text=已办理：立卷归档")
    case.refresh_from_db()
    assert case.state == "archived"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_组织评查_非承办部门人员评分_评定等次(page, live_server, closed_case, panel):  # noqa: F811
    from fazhi.file_reviews.models import ReviewRound

    case = closed_case()
    organiser = panel[0]  # the 法制科's legal reviewer
    _login(page, live_server, organiser)
    page.goto(f"{live_server.url}/file-reviews/rounds/new/")
    page.fill("input[name=title]", "2023年第二季度案卷评查")
    page.fill("input[name=started_on]", "2023-06-01")
    page.fill("input[name=due_on]", "2023-06-30")
    page.select_option("select[name=method]", "criteria")
    page.fill("input[name=decided_from]", "2023-01-01")
    page.fill("input[name=decided_to]", "2023-05-31")
    page.fill("input[name=team_size]", "2")
    page.select_option("select[name=panel]", [str(u.pk) for u in panel])
    page.click("main button[type=submit]")
    page.wait_for_selector("text=已建立评查活动")
    review_round = ReviewRound.objects.get()
    # Commit, then reveal: the file pool, the panel and the secret's commitment are fixed before the draw.
    page.click("form[action$='/commit/'] button[type=submit]")
    page.wait_for_selector("form[action$='/select/']")
    review_round.refresh_from_db()
    assert review_round.seed_commitment[:10] in page.inner_text("#commitment")
    page.fill("form[action$='/select/'] input[name=on]", "2023-06-02")
    page.click("form[action$='/select/'] button[type=submit]")
    page.wait_for_selector("form[action$='/start/']")
    page.goto(f"{live_server.url}/file-reviews/rounds/{review_round.pk}/draw/")
    assert "结果与记录完全一致" in page.inner_text("#verify") and "fazhi-draw/2" in page.inner_text("#verify")
    page.goto(f"{live_server.url}/file-reviews/rounds/{review_round.pk}/")
    page.click("form[action$='/start/'] button[type=submit]")
    page.wait_for_selector("form[action$='/grade/']")
    assert case.number in page.inner_text("main")

    f = review_round.files.get()
    reviewers = list(f.reviewers.all())
    assert len(reviewers) == 2
    assert all(r.department_id != case.department_id for r in reviewers)  # nobody of the handling department
    _login(page, live_server, reviewers[0])
    page.goto(f"{live_server.url}/file-reviews/files/{f.pk}/")
    assert page.input_value("input[name=deduction_evidence_hashed]") == "5"  # the machine proposes
    assert "机器核查" in page.input_value("textarea[name=note_evidence_hashed]")
    page.fill("textarea[name=opinion]", "证据未登记哈希，公示逾期，其余规范。")
    page.fill(f"form[action$='/files/{f.pk}/score/'] input[name=on]", "2023-06-10")
    page.click("button:has-text('保存评分')")
    page.wait_for_selector("text=评分已保存")
    f.refresh_from_db()
    assert f.status == "scored" and f.total is not None and f.total < 100

    _login(page, live_server, organiser)
    page.goto(f"{live_server.url}/file-reviews/rounds/{review_round.pk}/")
    page.fill("form[action$='/grade/'] input[name=on]", "2023-06-20")
    page.fill("form[action$='/grade/'] textarea[name=summary]", "本轮评查1卷。")
    page.click("form[action$='/grade/'] button[type=submit]")
    page.wait_for_selector("text=已评定等次")
    f.refresh_from_db()
    assert f.grade in ("excellent", "pass", "fail")
    assert f.get_grade_display() in page.inner_text("main")
