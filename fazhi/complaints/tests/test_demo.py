import pytest
from django.db.models import F

from fazhi.complaints import selectors
from fazhi.complaints.models import Complaint
from fazhi.demo.context import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("seed", [1, 2023, 987654])
def test_任何种子的演示数据都接近种子数据且全部按时办结(seed, settings):
    from fazhi.cases.models import Clue
    from fazhi.complaints import demo_data
    from fazhi.demo import demo_data as accounts
    from fazhi.registry import demo_data as registry

    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    ctx = DemoContext(seed=seed, scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    assert selectors.received_count(2023) == ctx.scaled(12078)
    assert selectors.grid_work_orders(2023) == ctx.scaled(3226)
    assert selectors.on_time_rate(2023) == 100
    assert abs(selectors.recovered_yuan(2023) - round(1449000 * ctx.factor)) <= 1
    # The previous year is there for the two-year report, and plausibly different.
    assert 0 < selectors.received_count(2022) < selectors.received_count(2023)
    assert selectors.on_time_rate(2022) == 100
    assert Complaint.objects.filter(linked__isnull=False).exists()
    assert Complaint.objects.filter(due_on__isnull=False).exists()  # open work on the demo's today
    # Every handed-over tip is a clue that links back and runs the tip's own verification period.
    handed = Complaint.objects.filter(kind="tip", status="handed_over")
    assert handed.exists() and not handed.filter(clue__isnull=True).exists()
    assert not handed.exclude(clue__source_ref=F("number")).exists()
    assert not handed.exclude(clue__verification_due_on=F("decision_due_on")).exists()
    assert not handed.exclude(clue__received_on=F("received_on")).exists()
    assert Clue.objects.filter(source_kind="tip").count() == handed.count()
    # No company is handed over as a natural person.
    assert not handed.filter(respondent__kind="enterprise", clue__party_kind="natural_person").exists()
