import datetime as dt

import pytest

TODAY = dt.date(2023, 6, 30)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are made per test; the production hasher would spend most of the run hashing their passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def legal_today(settings):
    """The complaints tests run on a fixed legal date (2023-06-30) unless a test sets another."""
    settings.FAZHI_LEGAL_TODAY = TODAY.isoformat()
    return TODAY


@pytest.fixture
def entity(db, department):
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    return MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "MA05JX11"),
        name="天津市东丽区示例超市有限公司",
        kind="enterprise",
        established_on=dt.date(2015, 1, 1),
        office=department,
        domicile="天津市东丽区张贵庄路1号",
        legal_representative="李四",
    )


@pytest.fixture
def shop(db, department):
    """A registered 个体工商户 (a natural person under 民法典 Art. 54)."""
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    return MarketEntity.objects.create(
        uscc=make_uscc("120110", "92", "MA05JX22"),
        name="东丽区老王水果店",
        kind="individual",
        established_on=dt.date(2018, 3, 1),
        office=department,
        domicile="天津市东丽区先锋路8号",
    )


@pytest.fixture
def officer(make_user):
    return make_user("officer", username="handler")


@pytest.fixture
def reviewer(make_user):
    return make_user("legal_reviewer", username="reviewer")


@pytest.fixture
def register(db, officer):
    from fazhi.complaints import services

    def make(kind="complaint", received_on=dt.date(2023, 6, 1), actor=None, **extra):
        data = dict(
            kind=kind,
            channel="12315",
            received_on=received_on,
            assignee=officer,
            consumer_name="张三",
            consumer_phone="13812345678",
            consumer_id_number="",
            respondent_name="某某餐馆",
            category="food",
            amount_in_dispute=None,
            description="饭菜变质",
        )
        data.update(extra)
        return services.submission_register(**data, actor=actor or officer)

    make.officer = officer
    return make
