"""The sampling demo for any seed: besides the figures (``fazhi/demo/tests/test_any_seed.py``), every seed's two
years hold the steps people look for on the screens — a lab result corrected with its reason, late re-test
requests refused at the counter and decided by 法制审核 (in each year; accepted and re-tested, and refused)."""

import pytest

from fazhi.demo.context import DemoContext

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("seed", [1, 7, 553])
def test_任何种子的演示都有更正的检验结论和经法制审核的逾期复检申请(seed, settings):
    from fazhi.core.models import AuditEvent
    from fazhi.demo import demo_data as accounts
    from fazhi.registry import demo_data as registry
    from fazhi.sampling import demo_data
    from fazhi.sampling.models import LateRetestReview, ResultCorrection

    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    ctx = DemoContext(seed=seed, scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    for year in (ctx.year - 1, ctx.year):
        corrections = ResultCorrection.objects.filter(sample__sampled_on__year=year)
        assert corrections.exists(), year
        for correction in corrections:
            assert correction.reason
            assert correction.before["report_number"] != correction.after["report_number"]
            assert correction.after["report_number"] == correction.sample.report_number
        reviews = LateRetestReview.objects.filter(sample__sampled_on__year=year)
        assert reviews.exists(), year
        for review in reviews:
            assert review.decided_by.role == "legal_reviewer"
            assert review.requested_on > review.due_on  # late by definition
            assert review.reason and review.opinion
    assert LateRetestReview.objects.filter(decision="refused").exists()
    accepted = LateRetestReview.objects.filter(decision="accepted")
    assert accepted.exists()
    assert all(r.sample.retest_requested_on == r.requested_on for r in accepted)
    refused = LateRetestReview.objects.filter(decision="refused")
    assert all(r.sample.retest_requested_on is None for r in refused)
    # The counter's refusal writes nothing; the submission and the decision are audited, one event each.
    assert AuditEvent.objects.filter(action__startswith="sampling.late_retest").count() == 2 * (
        LateRetestReview.objects.count()
    )
