import pytest

from fazhi.complaints import selectors
from fazhi.complaints.models import Complaint
from fazhi.demo.context import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_演示数据按比例接近种子数据且全部按时办结():
    from fazhi.complaints import demo_data
    from fazhi.demo import demo_data as accounts
    from fazhi.registry import demo_data as registry

    ctx = DemoContext(scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    assert selectors.received_count(2023) == ctx.scaled(12078)
    assert selectors.grid_work_orders(2023) == ctx.scaled(3226)
    assert selectors.on_time_rate(2023) == 100
    assert abs(selectors.recovered_yuan(2023) - round(1449000 * ctx.factor)) <= 1
    assert Complaint.objects.filter(linked__isnull=False).exists()
    assert Complaint.objects.filter(due_on__isnull=False).exists()  # open work on the demo's today
