"""The demo year of cases lands on the seed figures at the run's scale and its records are consistent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.demo.context import DemoContext

pytestmark = pytest.mark.django_db


def test_demo_cases_hit_the_seed_figures_and_are_consistent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from fazhi.cases import demo_data, metrics
    from fazhi.cases.models import Case, CaseDocument
    from fazhi.demo import demo_data as accounts
    from fazhi.registry import demo_data as registry

    ctx = DemoContext(scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    assert abs(metrics.closed_with_penalty(2023) - ctx.scaled(797)) <= 2  # each domain gets at least one case
    assert abs(metrics.fines_confiscations(2023) - Decimal(6051400) * Decimal(str(ctx.factor))) < 1000
    assert metrics.by_domain("food")(2023) == ctx.scaled(593, minimum=1)
    assert metrics.exempted_minor(2023) == ctx.scaled(105, minimum=1)
    # Decision numbers have no gaps and match the document register.
    numbers = sorted(CaseDocument.objects.filter(kind="penalty_decision", year=2023).values_list("sequence", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert not Case.objects.filter(decision_kind="penalty", decision_number="").exists()
    assert Case.objects.filter(decided_on__isnull=True, handling_due_on__isnull=False).exists()
