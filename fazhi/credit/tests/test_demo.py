import datetime as dt

import pytest

from fazhi.credit import selectors
from fazhi.credit.models import AbnormalListing, ListingApplication
from fazhi.demo.context import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_演示数据按比例落在种子数据上():
    from fazhi.credit import demo_data
    from fazhi.demo import demo_data as accounts
    from fazhi.registry import demo_data as registry

    ctx = DemoContext(scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    s = ctx.scaled
    assert selectors.listed_count("abnormal_list", 2023, ground="annual_report") == s(6650)
    assert selectors.listed_count("abnormal_mark", 2023, ground="annual_report") == s(3525)
    assert selectors.listed_count("abnormal_list", 2023) == s(6650) + s(313)
    assert selectors.listed_count("abnormal_mark", 2023) == s(3525) + s(104)
    assert selectors.removed_count("abnormal_list", 2023) == s(446)
    assert selectors.removed_count("abnormal_mark", 2023) == s(95)
    assert selectors.revocations_count(2023) == s(30, minimum=1)
    assert selectors.repairs_completed(2023) == s(8, minimum=1)
    assert selectors.serious_added(2023) == 1
    # the removal queue has open applications with tracked deadlines on the demo's today
    assert ListingApplication.objects.filter(status="submitted", due_on__isnull=False).count() >= 2
    assert AbnormalListing.objects.filter(decided_on=dt.date(2023, 7, 1)).count() == s(6650) + s(3525)
