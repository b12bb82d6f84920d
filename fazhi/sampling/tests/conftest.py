import datetime as dt

import pytest

from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

D = dt.date


@pytest.fixture(autouse=True)
def legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-29"


@pytest.fixture
def make_entity(db, department):
    counter = {"n": 0}

    def make(kind="enterprise", *, office=None, **extra):
        counter["n"] += 1
        n = counter["n"]
        prefix = {"enterprise": "91", "individual": "92"}[kind]
        return MarketEntity.objects.create(
            uscc=make_uscc("120110", prefix, f"{8100000 + n:08d}"),
            name=f"天津抽检测试{n}有限公司" if kind != "individual" else f"东丽区抽检测试{n}商店",
            kind=kind,
            status="active",
            established_on=D(2020, 5, 1),
            office=office or department,
            domicile="天津市东丽区测试路1号",
            **extra,
        )

    return make


@pytest.fixture
def chief(make_user):
    return make_user("section_chief", username="chief")


@pytest.fixture
def officer(make_user):
    return make_user("officer", username="officer")


@pytest.fixture
def lab(chief):
    from fazhi.sampling import services

    return services.lab_register(name="天津市食品安全检测技术研究院", accreditation_number="CMA-001", actor=chief)


@pytest.fixture
def make_task(chief, department, lab, make_user):
    from fazhi.sampling import services

    leader = make_user("leader", username="leader")

    def make(area="food", *, category="", dept=None, starts_on=D(2023, 3, 1)):
        actor = chief if dept is None else leader
        plan = services.plan_create(
            year=starts_on.year,
            area=area,
            level="district",
            title=f"{starts_on.year}年区级抽检",
            department=dept or department,
            planned_batches=100,
            actor=actor,
        )
        return services.task_create(
            plan=plan,
            department=dept or department,
            lab=lab,
            planned_batches=50,
            starts_on=starts_on,
            ends_on=D(starts_on.year, 12, 31),
            product_category=category,
            actor=actor,
        )

    return make
