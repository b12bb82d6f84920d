"""Every reports URL, every role, against the reviewed matrix in permissions.yaml."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.testing import check_matrix_response, load_permission_matrix, matrix_call, matrix_url_names
from fazhi.reports import services
from fazhi.reports.models import ReportParagraph
from fazhi.reports.tests.helpers import write_own_parts

pytestmark = pytest.mark.django_db

COVERED_URL_NAMES = matrix_url_names("reports")
POST = {"reports:draft_open", "reports:paragraph_remove", "reports:draft_step"}


@pytest.fixture
def world(role_users):
    """A 2023 report approved and published (so the public pages exist) and a 2022 draft being written."""
    legal, leader = role_users["legal_reviewer"], role_users["leader"]
    draft = services.draft_open(kind="rule_of_law", year=2023, actor=legal)
    write_own_parts(draft, legal)
    services.draft_submit(draft=draft, actor=legal)
    services.draft_approve(draft=draft, opinion="同意", actor=leader, acknowledge_missing=True)
    services.draft_publish(draft=draft, actor=leader)
    writing = services.draft_open(kind="rule_of_law", year=2022, actor=legal)
    return {"paragraph": ReportParagraph.objects.filter(draft=writing).first(), "writing": writing}


def _url(name: str, world) -> tuple[str, dict]:
    p = world["paragraph"]
    args = {
        "reports:annual": {"year": 2023, "fmt": "json"},
        "reports:draft": {"kind": "rule_of_law", "year": 2023},
        "reports:report_file": {"kind": "rule_of_law", "year": 2023, "fmt": "json"},
        "reports:figure_records": {"year": 2023, "metric_id": "registry.entities_new"},
        "reports:paragraph_add": {"kind": "rule_of_law", "year": 2022, "section": "plans"},
        "reports:paragraph_edit": {"pk": p.pk},
        "reports:paragraph_remove": {"pk": p.pk},
        "reports:draft_step": {"kind": "rule_of_law", "year": 2022, "event": "submit"},
        "publicity:public_reports:report": {"kind": "rule_of_law", "year": 2023},
        "publicity:public_reports:report_pdf": {"kind": "rule_of_law", "year": 2023},
        "publicity:public_reports:report_document": {"kind": "rule_of_law", "year": 2023},
    }.get(name, {})
    data = {"reports:draft_open": {"kind": "rule_of_law", "year": 2021}}.get(name, {})
    return reverse(name, kwargs=args or None), data


def test_统计与年度报告的权限矩阵(client, role_users, world):
    for cell in load_permission_matrix("reports"):
        client.logout()
        url, data = _url(cell.url_name, world)
        response = matrix_call(
            client, cell, role_users, url=url, method="POST" if cell.url_name in POST else "GET", data=data
        )
        check_matrix_response(cell, response)
        if cell.url_name in POST and response.status_code == 302 and "/login" not in response["Location"]:
            world.update(_reset(world, role_users))  # a successful write changed the state: start again


def _reset(world, role_users):
    from fazhi.reports.models import ReportDraft

    ReportDraft.objects.filter(year__in=[2021, 2022]).delete()
    writing = services.draft_open(kind="rule_of_law", year=2022, actor=role_users["legal_reviewer"])
    return {"paragraph": ReportParagraph.objects.filter(draft=writing).first(), "writing": writing}
