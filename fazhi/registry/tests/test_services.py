"""Registry services: coded errors, history and audit for every write."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.core.models import AuditEvent
from fazhi.registry import services
from fazhi.registry.models import MarketEntity, MarketEntityChange
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db
U1 = make_uscc("120110", "91", "MA05K1B3")


def _entity(actor, office, **extra):
    fields = dict(uscc=U1, name="天津某公司", kind="enterprise", established_on=dt.date(2020, 1, 2), office=office)
    fields.update(extra)
    return services.entity_create(actor=actor, **fields)


def test_登记主体_代码规范化并写审计(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department, uscc=" " + U1.lower() + " ")
    assert entity.uscc == U1
    event = AuditEvent.objects.get(action="registry.entity_create")
    assert event.actor_id == admin.pk and event.changes["uscc"] == [None, U1]


@pytest.mark.parametrize(
    ("uscc", "code"),
    [
        (U1[:-1] + ("1" if U1[-1] != "1" else "2"), "uscc.checksum"),
        (U1[:17], "uscc.length"),
        (U1[:-1] + "O", "uscc.alphabet"),
    ],
)
def test_登记主体_代码无效_报编码错误(make_user, department, uscc, code):
    with pytest.raises(DomainError) as err:
        _entity(make_user("admin"), department, uscc=uscc)
    assert err.value.code == code and err.value.field == "uscc"


def test_登记主体_重复代码_被拒(make_user, department):
    admin = make_user("admin")
    _entity(admin, department)
    with pytest.raises(DomainError) as err:
        _entity(admin, department, name="另一家")
    assert err.value.code == "entity.duplicate"


def test_登记主体_无代码无注册号_被拒(make_user, department):
    with pytest.raises(DomainError) as err:
        _entity(make_user("admin"), department, uscc="")
    assert err.value.code == "entity.identifier_missing"


def test_修改主体_记录变更历史与审计_无变化不记录(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department)
    services.entity_update(actor=admin, entity=entity, status="cancelled", status_changed_on=dt.date(2023, 5, 1))
    change = MarketEntityChange.objects.get(entity=entity)
    assert change.changes["status"] == ["active", "cancelled"]
    assert change.changes["status_changed_on"] == [None, "2023-05-01"]
    assert AuditEvent.objects.filter(action="registry.entity_update").count() == 1
    services.entity_update(actor=admin, entity=entity, status="cancelled")
    assert MarketEntityChange.objects.filter(entity=entity).count() == 1


def test_修改主体_状态日期早于成立_被拒(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department)
    with pytest.raises(DomainError) as err:
        services.entity_update(actor=admin, entity=entity, status="revoked", status_changed_on=dt.date(2019, 1, 1))
    assert err.value.code == "entity.status_before_established"


def test_修改主体_他人已先修改_报并发冲突(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department)
    stale = MarketEntity.objects.get(pk=entity.pk)
    services.entity_update(actor=admin, entity=entity, name="新名称")
    with pytest.raises(ConcurrentUpdate):
        services.entity_update(actor=admin, entity=stale, name="另一个名称")


def test_修改主体_按页面所见修订号检查_每次修改加一(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department)
    assert entity.revision == 0
    services.entity_update(actor=admin, entity=entity, name="新名称", expected_revision=0)
    assert (entity.revision, MarketEntity.objects.get(pk=entity.pk).revision) == (1, 1)
    with pytest.raises(ConcurrentUpdate):  # the screen showed revision 0; the record is at 1 now
        services.entity_update(actor=admin, entity=entity, name="另一个名称", expected_revision=0)
    services.entity_update(actor=admin, entity=entity, name="另一个名称", expected_revision=1)
    assert MarketEntity.objects.get(pk=entity.pk).revision == 2


def test_修改主体_未知字段_被拒(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department)
    with pytest.raises(DomainError) as err:
        services.entity_update(actor=admin, entity=entity, updated_at=None)
    assert err.value.code == "entity.unknown_field"


def test_部门_新建修改_上级成环被拒(make_user, department):
    admin = make_user("admin")
    section = services.department_create(actor=admin, code="FG", name="法制科", kind="section")
    services.department_update(actor=admin, department=department, parent=section)
    with pytest.raises(DomainError) as err:
        services.department_update(actor=admin, department=section, parent=department)
    assert err.value.code == "department.parent_cycle"
    with pytest.raises(DomainError) as err:
        services.department_create(actor=admin, code="FG", name="别的科", kind="section")
    assert err.value.code == "department.duplicate"


def test_执法人员_新建修改_领域校验(make_user, department):
    admin = make_user("admin")
    officer = services.officer_create(
        actor=admin,
        name="张三",
        certificate_number=" 1201 1000001 ",
        certificate_expires_on=dt.date(2027, 1, 1),
        department=department,
        domains=["食品", "食品", "价格"],
    )
    assert officer.certificate_number == "12011000001" and officer.domains == ["食品", "价格"]
    with pytest.raises(DomainError) as err:
        services.officer_update(actor=admin, officer=officer, domains=["魔法"])
    assert err.value.code == "officer.domain_unknown"
    services.officer_update(actor=admin, officer=officer, active=False)
    assert AuditEvent.objects.filter(action="registry.officer_update").count() == 1


def test_年报_年度结束前报送被拒_重复被拒(make_user, department):
    admin = make_user("admin")
    entity = _entity(admin, department)
    with pytest.raises(DomainError) as err:
        services.annual_report_file(entity=entity, year=2023, filed_on=dt.date(2023, 12, 31), channel="online")
    assert err.value.code == "annual_report.before_year_end"
    filing = services.annual_report_file(entity=entity, year=2023, filed_on=dt.date(2024, 1, 1), channel="paper")
    assert filing.channel == "paper"
    with pytest.raises(DomainError) as err:
        services.annual_report_file(entity=entity, year=2023, filed_on=dt.date(2024, 2, 1), channel="online")
    assert err.value.code == "annual_report.duplicate"
    with pytest.raises(DomainError) as err:
        services.annual_report_file(entity=entity, year=2019, filed_on=dt.date(2020, 2, 1), channel="online")
    assert err.value.code == "annual_report.before_established"
    with pytest.raises(DomainError) as err:
        services.annual_report_file(entity=entity, year=2024, filed_on=dt.date(2025, 2, 1), channel="fax")
    assert err.value.code == "annual_report.channel_unknown"
