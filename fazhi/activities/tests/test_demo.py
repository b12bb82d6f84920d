"""The demo years of study, education and exams land on the seed figures for several seeds, and every demo
sitting re-derives from its seed."""

from __future__ import annotations

import pytest

from fazhi.core.metrics import compute_all
from fazhi.demo.context import DemoContext

pytestmark = pytest.mark.django_db

SEED_2023 = {  # seed-figures.md
    "study.party_group_sessions": 4,
    "study.committee_briefings": 3,
    "study.cadre_sessions": 4,
    "study.pre_meeting_sessions": 5,
    "meetings.party_committee": 47,
    "meetings.directors_office": 21,
    "training.lecture_sessions": 25,
    "publicity.wechat_issues": 147,
    "publicity.media_articles": 55,
}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2023])
def test_demo_two_years_near_the_seed_figures(settings, seed):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from fazhi.activities import demo_data
    from fazhi.cases import demo_data as cases
    from fazhi.demo import demo_data as accounts
    from fazhi.exams import demo_data as exams
    from fazhi.exams.models import Sitting
    from fazhi.exams.selectors import rederive
    from fazhi.registry import demo_data as registry

    ctx = DemoContext(seed=seed, scale="small", verbose=False)
    for module in (registry, accounts, cases, demo_data, exams):
        module.generate(ctx)
    values = compute_all(2023)
    for metric, expected in SEED_2023.items():
        assert values[metric] == expected, metric
    assert abs(values["training.lecture_attendance"] - 2500) <= 150
    assert abs(values["publicity.online_posts"] - 500) <= 40
    assert 1 <= values["publicity.typical_cases"] <= 8
    assert abs(values["training.exam_takers"] - 184) <= 3
    assert values["training.exam_participation_rate"] == 100 and values["training.exam_pass_rate"] == 100
    last = compute_all(2022)
    assert last["meetings.party_committee"] < values["meetings.party_committee"]
    assert last["training.exam_pass_rate"] < 100
    for sitting in Sitting.objects.order_by("?")[:20]:
        check = rederive(sitting)
        assert check.paper_matches and check.pool_matches and check.result_matches
