"""数字的记录页：科室负责人只看到点得开的链接，通过上级记录确定部门的记录（庭审、公平竞争审查）也一样。

``core.access.scope``: a department-scoped reader (科室负责人) opens only their own department's records; a hearing
is shown on its lawsuit's page and a fair competition review on its normative document's page, so those records
open exactly when the parent record is the reader's department's. Every link the page shows must answer 200; a
record the reader cannot open is listed by its text without a link.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fazhi.normative_docs.models import FairCompetitionReview, NormativeDocument
from fazhi.remedies.models import Hearing, Lawsuit

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(department, other_department, make_user):
    author = make_user("legal_reviewer", username="author")
    n = iter(range(100))

    def lawsuit(dept):
        return Lawsuit.objects.create(
            number=f"L{next(n)}", department=dept, act_kind="complaint", act_description="x",
            plaintiff_name="a", plaintiff_kind="natural_person", court="c", complaint_received_on=D(2023, 2, 1),
            answer_rule="litigation.defence", created_by=author, status="received",
        )  # fmt: skip

    def hearing(suit, held):
        return Hearing.objects.create(
            lawsuit=suit, kind="court", held_on=held, head_duty="《中华人民共和国行政诉讼法》第三条第三款",
            head_appeared=True, head_name="局长", recorded_by=author,
        )  # fmt: skip

    def review(dept, day):
        doc = NormativeDocument.objects.create(
            number=f"N{next(n)}", department=dept, title=f"文件{next(n)}", drafted_on=D(2020, 1, 1),
            status="issued", issued_on=D(2023, 1, 5), created_by=author,
        )  # fmt: skip
        return FairCompetitionReview.objects.create(
            document=doc, reviewed_on=day, conclusion="compliant", conclusion_label="x", conclusion_text="x",
            citation="x", citation_status="TEXT", reviewer=author,
        )  # fmt: skip

    return {
        "hearings": (hearing(lawsuit(department), D(2023, 3, 1)), hearing(lawsuit(other_department), D(2023, 4, 1))),
        "reviews": (review(department, D(2023, 3, 1)), review(other_department, D(2023, 4, 1))),
    }


def _links(html: str) -> list[str]:
    (records,) = re.findall(r"<ol[^>]*>(.*?)</ol>", html, re.S)
    return re.findall(r'<a href="([^"]+)"', records)


@pytest.mark.parametrize(
    ("metric", "kind", "parent_url"),
    [
        ("litigation.head_appearances", "hearings", lambda r: f"/remedies/lawsuits/{r.lawsuit_id}/"),
        ("normative_docs.fair_competition_reviews", "reviews", lambda r: f"/normative-docs/documents/{r.document_id}/"),
    ],
)
def test_科室负责人在记录页看到的每个链接都能打开_上级记录属于他科室的不给链接(
    client, make_user, department, world, metric, kind, parent_url
):
    own, other = world[kind]
    chief = make_user("section_chief", dept=department)
    client.force_login(chief)
    response = client.get(f"/reports/figures/2023/{metric}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 2 条" in html and str(own) in html and str(other) in html
    links = _links(html)
    assert links == [own.get_absolute_url()]
    assert parent_url(own) in links[0]
    for url in links:
        assert client.get(url).status_code == 200, url
    # the unlinked record's page is indeed closed to this reader: a link to it would be dead
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("metric", ["litigation.head_appearances", "normative_docs.fair_competition_reviews"])
def test_全局读者在记录页两条都有链接且都能打开(client, make_user, world, metric):
    client.force_login(make_user("leader"))
    links = _links(client.get(f"/reports/figures/2023/{metric}/").content.decode())
    assert len(links) == 2
    for url in links:
        assert client.get(url).status_code == 200, url


# Record pages that name no access_* gate: none (the last three, powers:batch_detail, web:account_detail and
# credit:entity, name theirs since 2026-12-07).
UNGATED: set[str] = set()


def test_每个记录详情页都写明其门禁_链接判断与页面用同一门禁():
    # core.access.may_open links a record page for a department-scoped reader by running the gate the page names;
    # a record page that names none would be linked on permission alone and could answer 404.
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            else:
                yield prefix + str(p.pattern), f"{namespace}:{p.name}", p.callback

    ungated = {
        name
        for route, name, view in walk(get_resolver().url_patterns)
        if route.endswith("<int:pk>/") and name.split(":")[-1].endswith(("detail", "entity"))
        and getattr(view, "fazhi_permission", None) and getattr(view, "fazhi_gate", None) is None
    }  # fmt: skip
    assert ungated == UNGATED
