"""Activities fixtures: staff in two departments, recording users, a closed penalty case with a natural person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


@pytest.fixture
def staff(db, department, other_department):
    from fazhi.registry.models import Department, Officer

    section = Department.objects.create(code="general-office", name="办公室", kind="section")
    rows = {}
    for key, dept, n, name in [
        ("head", section, 1, "王局长"), ("clerk", section, 2, "刘文书"), ("a", department, 3, "陈一"),
        ("b", department, 4, "林二"), ("c", other_department, 5, "周三"),
    ]:  # fmt: skip
        rows[key] = Officer.objects.create(
            name=name, certificate_number=f"1201107700{n:02d}", certificate_expires_on=dt.date(2026, 1, 1),
            department=dept,
        )  # fmt: skip
    rows["section"] = section
    return rows


@pytest.fixture
def recorder(make_user, staff):
    return make_user("section_chief", username="chief", officer=staff["a"])


@pytest.fixture
def clerk(make_user, staff):
    return make_user("officer", dept=staff["section"], username="clerk", officer=staff["clerk"])


@pytest.fixture
def reviewer(make_user):
    return make_user("legal_reviewer", username="reviewer")


@pytest.fixture
def leader(make_user, staff):
    return make_user("leader", dept=staff["section"], username="leader", officer=staff["head"])


PARTY = {
    "name": "张建国",
    "id": "120110198503071234",
    "address": "天津市东丽区张贵庄街道跃进路18号3单元502室",
    "phone": "13812345678",
}


@pytest.fixture
def closed_case(db, department):
    """A case closed after a penalty on a natural person (an individual business operator)."""
    from fazhi.cases.models import Case

    return Case.objects.create(
        number="东市监立〔2023〕101号", department=department, title="销售超过保质期的食品", domain="food",
        party_kind="natural_person", party_name=PARTY["name"], party_id_number=PARTY["id"],
        party_address=PARTY["address"], facts_text=(
            f"2023年3月1日，执法人员检查当事人{PARTY['name']}经营的小吃店（住所{PARTY['address']}），"
            f"发现其销售超过保质期的食品。当事人联系电话{PARTY['phone']}。"
        ),
        state="closed", filed_on=dt.date(2023, 3, 2), decision_kind="penalty", decided_on=dt.date(2023, 5, 10),
        decision_number="津东丽市监处罚〔2023〕45号", fine=Decimal("5000.00"), warning=True,
        closed_on=dt.date(2023, 6, 20),
        discretion={"violated": {"instrument": "中华人民共和国食品安全法", "article": "第三十四条第十项"},
                    "penalty_provision": {"instrument": "中华人民共和国食品安全法", "article": "第一百二十四条第一款第五项"}},
    )  # fmt: skip
