"""Every cases URL against the reviewed permission matrix (permissions.yaml), for an object of the user's own
department and of another department, pages and API alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.cases import services
from fazhi.cases.models import Case, Clue
from fazhi.core.models import ApiToken
from fazhi.core.testing import ANONYMOUS, check_matrix_response, load_permission_matrix, matrix_url_names

from .conftest import FILED

pytestmark = pytest.mark.django_db

COVERED_URL_NAMES = matrix_url_names("cases")


def _objects(make_case, users, other_department, offset: int = 0):
    case = make_case("proposed")
    evidence = services.evidence_add(
        case=case, title="现场照片", kind="audiovisual", filename="a.jpg", content=b"photo", actor=users["officer"]
    )
    clue = services.clue_register(
        source_kind="tip", description="举报", received_on=FILED, department=case.department, actor=users["officer"]
    )
    pub = make_case("decided").publication
    services.publication_publish(publication=pub, on=pub.case.decided_on + dt.timedelta(days=1), actor=users["officer"])
    return case, evidence, clue, pub


def _url(name: str, case, evidence, clue, pub) -> str:
    kwargs = {
        "cases:case_detail": {"pk": case.pk},
        "cases:case_step": {"pk": case.pk, "step": "evidence"},
        "cases:case_approve": {"pk": case.pk, "step": "officers"},
        "cases:case_decide": {"pk": case.pk, "step": "decide"},
        "cases:case_review": {"pk": case.pk, "step": "legal_review"},
        "cases:case_document": {"pk": case.pk, "kind": "filing_approval", "fmt": "html"},
        "cases:case_attachment": {"pk": case.pk, "kind": "evidence", "item": evidence.pk},
        "cases:case_replay": {"pk": case.pk},
        "cases:clue_detail": {"pk": clue.pk},
        "cases:clue_act": {"pk": clue.pk, "action": "propose"},
        "cases:clue_approve": {"pk": clue.pk, "action": "extend"},
        "publicity:public_cases:publication_detail": {"pk": pub.pk},
    }.get(name)
    return reverse(name, kwargs=kwargs)


def test_every_cases_url_answers_as_the_reviewed_matrix_says(client, role_users, make_case, other_department, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-05-01"  # the publication is still on display
    users = role_users
    own = _objects(make_case, users, other_department)
    other = _objects(make_case, users, other_department)
    Case.objects.filter(pk=other[0].pk).update(department=other_department)
    Clue.objects.filter(pk__in=[other[2].pk, other[0].clue_id]).update(department=other_department)
    tokens = {}
    for role, user in users.items():
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="matrix", token_hash=ApiToken.hash_token(raw))
        tokens[role] = raw
    cells = load_permission_matrix("cases")
    assert cells
    for cell in cells:
        objects = own if cell.scope == "own" else other
        client.logout()
        if cell.url_name.startswith("api "):
            _, method, path = cell.url_name.split(" ", 2)
            url = path.replace("{case}", str(objects[0].pk))
            headers = {} if cell.role == ANONYMOUS else {"HTTP_AUTHORIZATION": f"Bearer {tokens[cell.role]}"}
            if method == "GET":
                response = client.get(url, **headers)
            else:
                response = client.post(url, data="{}", content_type="application/json", **headers)
        else:
            if cell.role != ANONYMOUS:
                client.force_login(users[cell.role])
            response = client.get(_url(cell.url_name, *objects))
        check_matrix_response(cell, response)


def test_the_matrix_covers_every_cases_url():
    from fazhi.core.testing import all_url_names

    names = {n for n in all_url_names() if n.startswith("cases:") or n.startswith("publicity:public_cases:")}
    assert names == set(COVERED_URL_NAMES)
