"""The demo works for any seed: three small districts from seeds nobody tuned to, each near the seed figures.

Each run goes through every generator (the services where they use them); the metrics of the report year must
land within the tolerance of ``fazhi/demo/seed_figures.yaml`` (see ``fazhi.demo.figures``), and no registered
metric may be without data.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from fazhi.core import audit_labels
from fazhi.core.metrics import compute_all
from fazhi.core.models import AuditEvent
from fazhi.demo import figures
from fazhi.demo.context import DemoContext

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("seed", [11, 4242, 90210])
def test_small_district_lands_near_the_seed_figures(seed):
    call_command(
        "demo", "--no-serve", "--scale", "small", "--seed", str(seed), "--force", stdout=io.StringIO(), verbosity=0
    )
    values = compute_all(DemoContext().year)
    assert [m for m, v in values.items() if v is None] == []
    deviations = figures.compare(values, "small")
    assert not deviations, "\n".join(str(d) for d in deviations)
    # Every action the generators wrote through the services has a Chinese name on the audit screen (issue 14 §6).
    written = AuditEvent.objects.values_list("action", flat=True).distinct()
    assert sorted(a for a in written if audit_labels.action_label(a) is None) == []


def test_the_figures_file_matches_the_expectations_by_hand():
    """Spot checks written from the seed report: a district figure scales, a bureau figure does not."""
    assert figures.expected("complaints.received", "full") == 12078
    assert round(figures.expected("complaints.received", "small")) == 235  # 12078 × 2000 / 102833 = 234.9
    assert figures.expected("powers.total", "small") == 456
    assert figures.expected("credit.serious_list_added", "small") == 1  # 1 × 0.019, at least one
    assert (
        figures.tolerance("complaints.on_time_rate", "small", figures.expected("complaints.on_time_rate", "small"))
        == 1.5
    )
