import datetime as dt

import pytest

from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.models import AuditEvent
from fazhi.powers import services
from fazhi.powers.choices import BatchStatus
from fazhi.powers.models import AdjustmentBatch, PowerItem, PowerItemVersion
from fazhi.powers.tests.factories import D2022, D2023, approved_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparer(make_user):
    return make_user("section_chief", username="chief")


@pytest.fixture
def leader(make_user):
    return make_user("leader", username="leader")


@pytest.fixture
def baseline(preparer, leader, department):
    return approved_batch(
        preparer,
        leader,
        "基线",
        D2022,
        [("add", "CF-001"), ("add", "CF-002"), ("add", "JC-001")],
        department=department,
    )


def submitted(preparer, number, day, lines):
    batch = services.batch_create(actor=preparer, number=number, title="t", issued_on=day, effective_from=day)
    for action, code, *rest in lines:
        services.line_add(
            actor=preparer,
            batch=batch,
            action=action,
            code=code,
            name=rest[0] if rest else "名称",
            category="penalty",
            legal_basis=rest[1] if len(rest) > 1 else "《中华人民共和国价格法》第四十条",
        )
    # Bypass the submit-time validation to reach the approval step with a bad batch.
    AdjustmentBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.SUBMITTED)
    batch.refresh_from_db()
    return batch


def version_snapshot():
    return sorted(PowerItemVersion.objects.values_list("item__code", "effective_from", "effective_to", "name"))


def test_批准后清单按生效日生效(baseline):
    assert PowerItemVersion.objects.filter(effective_to__isnull=True).count() == 3
    v = services.power_require_in_force(code="CF-001", on=D2022)
    assert v.legal_basis == [{"instrument": "中华人民共和国食品安全法", "articles": "第一百二十四条"}]


def test_变更与取消在生效日前一日终止旧版本(baseline, preparer, leader):
    approved_batch(preparer, leader, "2023-1", D2023, [("change", "CF-001", "新名称"), ("remove", "CF-002")])
    old = PowerItemVersion.objects.get(item__code="CF-001", effective_from=D2022)
    assert old.effective_to == dt.date(2023, 2, 28)
    assert services.power_lookup("CF-001", dt.date(2023, 2, 28)).name == "事项 CF-001"
    assert services.power_lookup("CF-001", D2023).name == "新名称"
    assert services.power_lookup("CF-002", D2023) is None
    with pytest.raises(DomainError) as exc:
        services.power_require_in_force(code="CF-002", on=D2023)
    assert (
        exc.value.code == "powers.not_in_force" and "CF-002" in exc.value.message and "2023-03-01" in exc.value.message
    )


def test_生效前引用职权被拒(baseline):
    with pytest.raises(DomainError) as exc:
        services.power_require_in_force(code="CF-001", on=dt.date(2021, 12, 31))
    assert exc.value.code == "powers.not_in_force"


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([("add", "CF-001")], "powers.duplicate_code"),
        ([("remove", "NO-SUCH")], "powers.unknown_item"),
        ([("change", "NO-SUCH")], "powers.unknown_item"),
        ([("change", "CF-001", "名称", "")], "powers.legal_basis_missing"),
        ([("add", "NEW-1", "名称", "")], "powers.legal_basis_missing"),
        ([("add", "NEW-1", "")], "powers.name_missing"),
    ],
)
def test_错误的调整函被拒且不作任何调整(baseline, preparer, leader, lines, code):
    batch = submitted(preparer, "坏-1", D2023, [("add", "GOOD-1"), *lines])
    before = version_snapshot()
    with pytest.raises(DomainError) as exc:
        services.batch_approve(actor=leader, batch=batch)
    assert exc.value.code == code
    assert "第 2 项" in exc.value.message  # the message names the line
    assert version_snapshot() == before
    assert not PowerItem.objects.filter(code="GOOD-1").exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SUBMITTED


def test_同一调整函重复编码被拒(baseline, preparer, leader):
    batch = services.batch_create(actor=preparer, number="重", title="t", issued_on=D2023, effective_from=D2023)
    services.line_add(
        actor=preparer,
        batch=batch,
        action="add",
        code="X-1",
        name="n",
        category="penalty",
        legal_basis="《价格法》第十三条",
    )
    with pytest.raises(DomainError) as exc:
        services.line_add(actor=preparer, batch=batch, action="remove", code="X-1")
    assert exc.value.code == "powers.duplicate_code"


def test_调整日期早于事项列入清单被拒(baseline, preparer, leader):
    batch = submitted(preparer, "早", dt.date(2021, 6, 1), [("change", "CF-001")])
    with pytest.raises(DomainError) as exc:
        services.batch_approve(actor=leader, batch=batch)
    assert exc.value.code == "powers.before_item_existed"


def test_取消已取消的事项被拒(baseline, preparer, leader):
    approved_batch(preparer, leader, "取消", D2023, [("remove", "CF-002")])
    batch = submitted(preparer, "再取消", dt.date(2023, 9, 1), [("remove", "CF-002")])
    with pytest.raises(DomainError) as exc:
        services.batch_approve(actor=leader, batch=batch)
    assert exc.value.code == "powers.not_in_force"


def test_早于已有调整的倒签调整被拒(baseline, preparer, leader):
    approved_batch(preparer, leader, "九月", dt.date(2023, 9, 1), [("change", "CF-001", "九月名称")])
    batch = submitted(preparer, "三月", D2023, [("change", "CF-001", "三月名称")])
    with pytest.raises(DomainError) as exc:
        services.batch_approve(actor=leader, batch=batch)
    assert exc.value.code == "powers.out_of_order"


def test_取消后可重新列入(baseline, preparer, leader):
    approved_batch(preparer, leader, "取消", D2023, [("remove", "CF-002")])
    approved_batch(preparer, leader, "恢复", dt.date(2023, 9, 1), [("add", "CF-002", "恢复的事项")])
    assert services.power_lookup("CF-002", dt.date(2023, 9, 1)).name == "恢复的事项"
    assert services.power_lookup("CF-002", dt.date(2023, 5, 1)) is None


def test_只有局领导能批准(baseline, preparer, make_user):
    batch = submitted(preparer, "权限", D2023, [("add", "NEW-9")])
    for role in ("officer", "section_chief", "legal_reviewer", "admin", "auditor"):
        with pytest.raises(PermissionDenied):
            services.batch_approve(actor=make_user(role), batch=batch)
    with pytest.raises(PermissionDenied):
        services.batch_create(actor=make_user("officer"), number="x", title="t", issued_on=D2023, effective_from=D2023)


def test_退回的调整函不生效且可重新编辑(baseline, preparer, leader):
    batch = submitted(preparer, "退回", D2023, [("add", "NEW-2")])
    with pytest.raises(DomainError) as exc:
        services.batch_reject(actor=leader, batch=batch, note="")
    assert exc.value.code == "powers.reject_reason_missing"
    services.batch_reject(actor=leader, batch=batch, note="依据不全")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED
    assert not PowerItem.objects.filter(code="NEW-2").exists()
    with pytest.raises(DomainError) as exc:
        services.batch_approve(actor=leader, batch=batch)
    assert exc.value.code == "powers.transition_refused"
    services.batch_reopen(actor=preparer, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_已提交的调整函不能再修改(baseline, preparer):
    batch = submitted(preparer, "锁", D2023, [("add", "NEW-3")])
    with pytest.raises(DomainError) as exc:
        services.line_add(actor=preparer, batch=batch, action="remove", code="CF-001")
    assert exc.value.code == "powers.batch_not_draft"


def test_提交时发现问题(baseline, preparer):
    batch = services.batch_create(actor=preparer, number="空", title="t", issued_on=D2023, effective_from=D2023)
    with pytest.raises(DomainError) as exc:
        services.batch_submit(actor=preparer, batch=batch)
    assert exc.value.code == "powers.batch_empty"


def test_过期的页面不能覆盖他人的修改(baseline, preparer):
    batch = services.batch_create(actor=preparer, number="并发", title="t", issued_on=D2023, effective_from=D2023)
    stale = AdjustmentBatch.objects.get(pk=batch.pk)
    services.line_add(actor=preparer, batch=batch, action="remove", code="CF-001")
    from fazhi.core.errors import ConcurrentUpdate

    with pytest.raises(ConcurrentUpdate):
        services.batch_submit(actor=preparer, batch=stale, expected_revision=stale.revision)


def test_每一步都写审计事件(preparer, leader):
    approved_batch(preparer, leader, "审计", D2022, [("add", "A-1")])
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("powers.prepare") == 2  # create + line
    assert "powers.submit" in actions and "powers.approve" in actions
    approve = AuditEvent.objects.get(action="powers.approve")
    assert approve.changes["added"] == 1 and approve.actor_id == leader.pk


def test_退回写审计事件(baseline, preparer, leader):
    batch = submitted(preparer, "审计退回", D2023, [("add", "NEW-4")])
    services.batch_reject(actor=leader, batch=batch, note="理由")
    assert AuditEvent.objects.filter(action="powers.reject", object_id=str(batch.pk)).exists()


def test_依据解析():
    assert services.parse_legal_basis("《中华人民共和国价格法》第四十条；《价格违法行为行政处罚规定》第七条") == [
        {"instrument": "中华人民共和国价格法", "articles": "第四十条"},
        {"instrument": "价格违法行为行政处罚规定", "articles": "第七条"},
    ]
    assert services.parse_legal_basis("地方性法规") == [{"instrument": "地方性法规", "articles": ""}]
    assert services.parse_legal_basis("  ") == []


def test_状态不允许的操作保留状态与步骤(baseline, preparer, leader):
    # Issue 19 §1: one adapter from a workflow error to DomainError, keeping its details (the refused status and
    # step), so an API client learns why without parsing the Chinese message.
    batch = approved_batch(preparer, leader, "已批准", D2023, [("add", "NEW-7")])
    with pytest.raises(DomainError) as exc:
        services.batch_reopen(actor=preparer, batch=batch)
    assert exc.value.code == "powers.transition_refused"
    assert exc.value.params == {"status": BatchStatus.APPROVED, "step": "reopen"}
    assert "已批准生效" in exc.value.message and "重新编辑" in exc.value.message
