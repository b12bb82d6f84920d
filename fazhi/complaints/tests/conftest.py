import datetime as dt

import pytest

TODAY = dt.date(2023, 6, 30)


@pytest.fixture
def entity(db, department):
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    return MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "MA05JX11"),
        name="天津市东丽区示例超市",
        kind="enterprise",
        established_on=dt.date(2015, 1, 1),
        office=department,
    )


@pytest.fixture
def register(db, department, make_user):
    from fazhi.complaints import services

    officer = make_user("officer", username="handler")

    def make(kind="complaint", received_on=dt.date(2023, 6, 1), **extra):
        data = dict(
            kind=kind,
            channel="12315",
            received_on=received_on,
            department=department,
            today=TODAY,
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
        return services.submission_register(**data)

    make.officer = officer
    return make
