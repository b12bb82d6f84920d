"""Every step form of a case, as the role that takes it, labels its fields with "：", never ":" (issue 11, 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.cases.steps import GROUP_URLS, offered
from fazhi.core.tests.test_label_suffix import ascii_colon_labels

pytestmark = pytest.mark.django_db

ROLES = ("officer", "section_chief", "legal_reviewer", "leader")


@pytest.mark.parametrize("upto", ["filed", "proposed", "reviewed", "notified", "decided"])
def test_no_step_form_of_a_case_shows_an_ascii_colon(client, make_case, users, upto):
    case = make_case(upto)
    pages = 0
    for role in ROLES:
        client.force_login(users[role])
        for step in offered(case, users[role]):
            response = client.get(reverse(GROUP_URLS[step.group], args=[case.pk, step.name]))
            assert response.status_code == 200, (role, step.name)
            assert ascii_colon_labels(response.content.decode()) == [], (role, step.name)
            pages += 1
    assert pages > 0


def test_the_clue_and_simplified_procedure_forms_show_no_ascii_colon(client, users):
    client.force_login(users["officer"])
    for name in ("cases:clue_new", "cases:summary_new"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and ascii_colon_labels(response.content.decode()) == [], name
