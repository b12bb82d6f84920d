"""The replay command (exit 0 match, 1 differs) and the metrics on a decided case."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.cases import metrics
from fazhi.cases.models import Case

pytestmark = pytest.mark.django_db


def _run(*args):
    import io

    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("discretion", *args, stdout=out)
    return exit_.value.code, out.getvalue()


def test_replay_matches_then_differs_when_the_frozen_result_was_tampered(make_case):
    case = make_case("proposed")
    code, out = _run("replay", case.number, "--json")
    data = json.loads(out)
    assert code == 0 and data["matches"] and data["table_version"] == "fsl-2021.1"
    frozen = dict(case.discretion)
    frozen["permitted"] = {"min": "1.00", "max": "2.00"}
    Case.objects.filter(pk=case.pk).update(discretion=frozen)
    code, out = _run("replay", case.number)
    assert code == 1 and "permitted.min" in out


def test_replay_of_an_unknown_case_exits_2():
    code, out = _run("replay", "无此案", "--json")
    assert code == 2 and "error" in json.loads(out)


def test_metrics_count_decisions_by_year_and_domain(make_case):
    case = make_case("decided")
    year = case.decided_on.year
    assert metrics.closed_with_penalty(year) == 1
    assert metrics.fines_confiscations(year) == Decimal("70000.00")
    assert metrics.by_domain("food")(year) == 1 and metrics.by_domain("special_equipment")(year) == 0
    assert metrics.transferred(year) == 0 and metrics.exempted_minor(year) == 0
    # The fixture's review only confirmed an UNCONFIRMED hearing threshold: not a 重大执法决定.
    assert case.legal_reviews.exists() and metrics.major_decision_reviews(year) == 0
    assert metrics.inspection_cases(year) == 0
    assert metrics.closed_with_penalty(year + 1) == 0
    assert metrics.year_summary(year)["n"] == 1
