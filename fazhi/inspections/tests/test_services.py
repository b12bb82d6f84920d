"""Services of 双随机、一公开: freeze → draw → results → finish → publish, and what each refuses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest

from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.inspections import services
from fazhi.inspections.choices import ConflictReason, HandoverStatus, PlanKind, ResultCategory, TaskStatus
from fazhi.inspections.drawcli import verify_file
from fazhi.inspections.models import InspectionAssignment
from fazhi.inspections.selectors import current_draw, my_assignments, overdue_tasks
from fazhi.inspections.tests.factories import WINDOW, make_entities, make_officers, make_world
from fazhi.rulebook.draws import verify_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(make_user):
    return make_user("section_chief")


def _draw(world, chief, value="2023050 01 02 03 04 05 06"):
    services.task_freeze_pools(task=world.task, by=chief)
    seed = services.seed_announce(task=world.task, source="福利彩票双色球 2023050 期（2023-05-04 开奖）", by=chief)
    seed = services.seed_enter_value(seed=seed, value=value, by=chief)
    return services.task_draw(task=world.task, seed=seed, by=chief)


def test_完整流程_固定名录库_抽取_录入结果_结束_公示(department, chief, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    world = make_world(department)
    frozen = services.task_freeze_pools(task=world.task, by=chief)
    assert frozen.candidate_count == 40 and frozen.inspector_count == 4
    assert frozen.candidates_hash == hashlib.sha256(frozen.candidates_tsv.encode()).hexdigest()
    seed = services.seed_announce(task=world.task, source="双色球 2023050 期", by=chief)
    with pytest.raises(DomainError) as exc:
        services.task_draw(task=world.task, seed=seed, by=chief)
    assert exc.value.code == "inspections.seed_value_missing"
    seed = services.seed_enter_value(seed=seed, value="01 02 03", by=chief)
    draw = services.task_draw(task=world.task, seed=seed, by=chief)
    assert world.task.status == TaskStatus.DRAWN and draw.selected_count == 6
    record = json.loads(draw.record_json)
    assert verify_record(record).ok and record["candidate_pool_hash"] == frozen.candidates_hash
    assert record["seed"] == {"kind": "public_announced", "value": "01 02 03", "source": "双色球 2023050 期"}
    assignments = list(InspectionAssignment.objects.filter(draw=draw))
    assert len(assignments) == 6 and all(a.officers.count() == 2 for a in assignments)
    for n, a in enumerate(assignments):
        category = ResultCategory.UNREACHABLE if n == 0 else ResultCategory.NO_PROBLEM
        result = services.result_record(
            assignment=a,
            category=category,
            inspected_on=dt.date(2023, 5, 10),
            officers_present=list(a.officers.all()),
            by=chief,
            attachments=[("现场照片.jpg", b"photo-bytes")] if n == 0 else [],
        )
        if n == 0:
            assert result.follow_up == "credit_listing" and result.handover_status == HandoverStatus.DONE
            assert result.handover_reference  # the abnormal listing's number (fazhi.credit)
            assert result.attachments.get().sha256 == hashlib.sha256(b"photo-bytes").hexdigest()
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.IN_PROGRESS
    services.task_finish(task=world.task, on=dt.date(2023, 6, 30), by=chief)
    world.task.refresh_from_db()
    # 20 working days after 2023-06-30 (a Friday): 2023-07-28.
    assert world.task.publicity_due_on == dt.date(2023, 7, 28)
    assert list(overdue_tasks(dt.date(2023, 7, 31))) == [world.task]
    assert list(overdue_tasks(dt.date(2023, 7, 28))) == []
    services.task_publish_results(task=world.task, on=dt.date(2023, 7, 20), by=chief)
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.PUBLISHED and not list(overdue_tasks(dt.date(2023, 8, 1)))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"inspections.task_freeze_pools", "inspections.task_draw", "inspections.task_publish_results"} <= actions


def test_密码学随机种子在计算结果之前写入审计链(department, chief):
    world = make_world(department)
    services.task_freeze_pools(task=world.task, by=chief)
    seed = services.seed_generate(task=world.task, by=chief)
    assert len(seed.value) == 64
    draw = services.task_draw(task=world.task, seed=seed, by=chief)
    events = list(AuditEvent.objects.order_by("sequence").values_list("action", "changes"))
    seed_at = next(i for i, (a, c) in enumerate(events) if a == "inspections.seed_generate")
    draw_at = next(i for i, (a, c) in enumerate(events) if a == "inspections.task_draw")
    assert seed_at < draw_at and events[seed_at][1]["value"] == seed.value == draw.seed_value


def test_同一种子不能用两次_未固定名录库不能抽取(department, chief):
    world = make_world(department)
    seed = services.seed_generate(task=world.task, by=chief)
    with pytest.raises(DomainError) as exc:
        services.task_draw(task=world.task, seed=seed, by=chief)
    assert exc.value.code == "inspections.forbidden_transition"
    draw = _draw(world, chief)
    with pytest.raises(DomainError) as exc:
        services.task_redraw(task=world.task, seed=draw.seed, reason="种子公告有误", by=chief)
    assert exc.value.code == "inspections.seed_used"


def test_重新抽取必须写明理由_两次抽取都保留(department, chief):
    world = make_world(department)
    first = _draw(world, chief)
    seed = services.seed_generate(task=world.task, by=chief)
    for reason in ("", "  ", "重抽"):
        with pytest.raises(DomainError) as exc:
            services.task_redraw(task=world.task, seed=seed, reason=reason, by=chief)
        assert exc.value.code == "inspections.redraw_reason_required"
    second = services.task_redraw(task=world.task, seed=seed, reason="公告的开奖期号写错，经批准重新抽取", by=chief)
    first.refresh_from_db()
    assert first.superseded_by == second and second.redraw_reason.startswith("公告")
    assert current_draw(world.task) == second
    assert InspectionAssignment.objects.filter(draw=first).count() == 0
    assert InspectionAssignment.objects.filter(draw=second).count() == 6
    assert AuditEvent.objects.filter(action="inspections.task_redraw").count() == 1


def test_有检查结果后不能重新抽取(department, chief):
    world = make_world(department)
    draw = _draw(world, chief)
    a = draw.assignments.first()
    services.result_record(
        assignment=a, category="no_problem", inspected_on=WINDOW[0], officers_present=list(a.officers.all()), by=chief
    )
    seed = services.seed_generate(task=world.task, by=chief)
    with pytest.raises(DomainError) as exc:
        services.task_redraw(task=world.task, seed=seed, reason="理由写得足够长", by=chief)
    assert exc.value.code == "concurrency.stale"  # the screen showed the task before the result
    world.task.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.task_redraw(task=world.task, seed=seed, reason="理由写得足够长", by=chief)
    assert exc.value.code == "inspections.forbidden_transition"


def test_回避申报的人员不会被派到该主体(department, chief):
    world = make_world(department, entities=12, officers=3, size=12)
    blocked = world.officers[0]
    for entity in world.entities[:6]:
        services.conflict_declare(
            officer=blocked, entity=entity, reason=ConflictReason.RELATIVE, declared_on=dt.date(2023, 1, 1)
        )
    draw = _draw(world, chief)
    for a in draw.assignments.all():
        if a.entity in world.entities[:6]:
            assert blocked not in a.officers.all()
    assert "亲属关系" in draw.record_json


def test_无法依法配齐人员时说明是哪一户和原因(department, chief):
    world = make_world(department, entities=5, officers=2, size=5)
    services.conflict_declare(
        officer=world.officers[0],
        entity=world.entities[2],
        reason=ConflictReason.FORMER_EMPLOYER,
        declared_on=dt.date(2023, 1, 1),
    )
    services.task_freeze_pools(task=world.task, by=chief)
    seed = services.seed_generate(task=world.task, by=chief)
    with pytest.raises(DomainError) as exc:
        services.task_draw(task=world.task, seed=seed, by=chief)
    assert exc.value.code == "inspections.unstaffable"
    assert exc.value.params["failures"][0]["uscc"] == world.entities[2].uscc
    assert "回避" in exc.value.params["failures"][0]["reason"]
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.POOLS_FROZEN


def test_上一轮检查过的人员本轮回避(department, chief):
    world = make_world(department, entities=4, officers=4, size=4)
    first = _draw(world, chief)
    pairs = {(a.entity.uscc, o.certificate_number) for a in first.assignments.all() for o in a.officers.all()}
    task2 = services.task_create(
        plan=world.plan,
        name="第二轮",
        department=department,
        items=[world.item],
        sample_size=4,
        window_start=dt.date(2023, 9, 1),
        window_end=dt.date(2023, 9, 30),
    )
    services.task_freeze_pools(task=task2, by=chief)
    draw2 = services.task_draw(task=task2, seed=services.seed_generate(task=task2, by=chief), by=chief)
    pairs2 = {(a.entity.uscc, o.certificate_number) for a in draw2.assignments.all() for o in a.officers.all()}
    assert not pairs & pairs2
    assert "上一轮检查过该主体" in task2.frozen_pool.conflicts_tsv


def test_对象库条件_本年已抽中同一事项的不再入库(department, chief):
    world = make_world(department, entities=10, size=4)
    first = _draw(world, chief)
    task2 = services.task_create(
        plan=world.plan,
        name="第二轮",
        department=department,
        items=[world.item],
        sample_size=2,
        window_start=dt.date(2023, 9, 1),
        window_end=dt.date(2023, 9, 30),
        pool_criterion={"exclude_drawn_this_year": True, "risk_classes": ["A", "B", "C", "D"]},
    )
    frozen = services.task_freeze_pools(task=task2, by=chief)
    drawn = {a.entity.uscc for a in first.assignments.all()}
    assert frozen.candidate_count == 6 and not any(u in frozen.candidates_tsv for u in drawn)


def test_分风险等级比例抽取(department, chief):
    world = make_world(
        department, entities=40, officers=6, size=None, strata_ratios={"A": "0", "B": "0.1", "C": "0.2", "D": "0.5"}
    )
    draw = _draw(world, chief)
    strata = sorted(a.stratum for a in draw.assignments.all())
    assert strata == ["B"] + ["C"] * 2 + ["D"] * 5


def test_联合抽查每组每个参与部门至少一人(department, other_department, chief):
    ents = make_entities(10, office=department)
    offs = make_officers(department, 3) + make_officers(other_department, 3)
    item = services.item_create(
        code="LH-1",
        name="联合检查事项",
        domain="食品",
        legal_basis="《食品安全法》",
        department=department,
        method="on_site",
        level="key",
        effective_from=dt.date(2020, 1, 1),
    )
    plan = services.plan_create(
        year=2023, name="联合计划", kind=PlanKind.JOINT, lead_department=department, member_units=[other_department]
    )
    task = services.task_create(
        plan=plan,
        name="联合任务",
        department=department,
        items=[item],
        sample_size=5,
        window_start=WINDOW[0],
        window_end=WINDOW[1],
        participating_departments=[department, other_department],
    )
    services.task_freeze_pools(task=task, by=chief)
    draw = services.task_draw(task=task, seed=services.seed_generate(task=task, by=chief), by=chief)
    for a in draw.assignments.all():
        assert {o.department_id for o in a.officers.all()} == {department.pk, other_department.pk}
    assert len(ents) == 10 and len(offs) == 6


def test_到场人员须为检查组成员且至少两人(department, chief):
    world = make_world(department)
    draw = _draw(world, chief)
    a = draw.assignments.first()
    with pytest.raises(DomainError) as exc:
        services.result_record(
            assignment=a,
            category="no_problem",
            inspected_on=WINDOW[0],
            officers_present=list(a.officers.all())[:1],
            by=chief,
        )
    assert exc.value.code == "inspections.officers_present"


def test_未录完结果不能结束检查(department, chief):
    world = make_world(department)
    _draw(world, chief)
    with pytest.raises(DomainError) as exc:
        services.task_finish(task=world.task, on=WINDOW[1], by=chief)
    assert exc.value.code == "inspections.results_missing"


def test_任务参数校验(department):
    world = make_world(department)
    for kwargs, code in [
        ({"sample_size": 3, "sample_ratio": Decimal("0.1")}, "inspections.sample_mode"),
        ({"sample_size": 3, "team_size": 1}, "inspections.team_too_small"),
        ({"sample_size": 3, "pool_criterion": {"colour": "red"}}, "inspections.unknown_criterion"),
    ]:
        with pytest.raises(DomainError) as exc:
            services.task_create(
                plan=world.plan,
                name="x",
                department=department,
                items=[world.item],
                window_start=WINDOW[0],
                window_end=WINDOW[1],
                **kwargs,
            )
        assert exc.value.code == code


def test_事项新版本_旧版本次日失效_任务须引用当日有效版本(department):
    world = make_world(department)
    new = services.item_new_version(item=world.item, effective_from=dt.date(2024, 1, 1), name="新名称")
    world.item.refresh_from_db()
    assert world.item.effective_to == dt.date(2023, 12, 31) and new.code == world.item.code
    with pytest.raises(DomainError) as exc:
        services.task_create(
            plan=world.plan,
            name="x",
            department=department,
            items=[world.item],
            sample_size=1,
            window_start=dt.date(2024, 2, 1),
            window_end=dt.date(2024, 2, 28),
        )
    assert exc.value.code == "inspections.item_not_in_force"


def test_引用不在有效期的权责事项时拒绝(department):
    with pytest.raises(DomainError) as exc:
        services.item_create(
            code="X-1",
            name="x",
            domain="食品",
            legal_basis="x",
            department=department,
            method="on_site",
            level="general",
            effective_from=dt.date(2023, 1, 1),
            power_code="NOPE-404",
        )
    assert exc.value.code == "powers.not_in_force"


def test_我的检查只列本人所在检查组(department, chief, make_user):
    world = make_world(department)
    draw = _draw(world, chief)
    officer = draw.assignments.first().officers.first()
    user = make_user("officer", officer=officer)
    mine = list(my_assignments(user))
    assert mine and all(officer in a.officers.all() for a in mine)


def test_抽取记录可用命令行验证(department, chief, tmp_path):
    world = make_world(department)
    draw = _draw(world, chief)
    path = tmp_path / "record.json"
    path.write_text(draw.record_json, encoding="utf-8")
    assert verify_file(path)[0] == 0


def test_发现问题待后续处理_移交案件线索(department, chief):
    from fazhi.cases.models import Clue

    world = make_world(department)
    draw = _draw(world, chief)
    a = draw.assignments.first()
    result = services.result_record(
        assignment=a,
        category=ResultCategory.PENDING_FOLLOW_UP,
        findings="销售超过保质期的食品 3 批次",
        inspected_on=dt.date(2023, 5, 10),
        officers_present=list(a.officers.all()),
        by=chief,
    )
    assert result.follow_up == "case_clue" and result.handover_status == HandoverStatus.DONE
    clue = Clue.objects.get(source_ref=f"inspections.result:{result.pk}")
    assert clue.source_kind == "inspection" and clue.entity_id == a.entity_id


def test_上一轮按主体认定_其他所更近的任务不影响(department, other_department, chief):
    world = make_world(department, entities=4, officers=4, size=4)
    first = _draw(world, chief)
    make_entities(4, office=other_department, start=100)
    make_officers(other_department, 2)
    other = services.task_create(
        plan=world.plan, name="他所任务", department=other_department, items=[world.item], sample_size=2,
        window_start=dt.date(2023, 7, 1), window_end=dt.date(2023, 7, 30),
        pool_criterion={"offices": [other_department.pk]},
    )  # fmt: skip
    services.task_freeze_pools(task=other, by=chief)
    services.task_draw(task=other, seed=services.seed_generate(task=other, by=chief), by=chief)
    task2 = services.task_create(
        plan=world.plan, name="第二轮", department=department, items=[world.item], sample_size=4,
        window_start=dt.date(2023, 9, 1), window_end=dt.date(2023, 9, 30),
        pool_criterion={"offices": [department.pk]},
    )  # fmt: skip
    frozen = services.task_freeze_pools(task=task2, by=chief)
    pairs = {(o.certificate_number, a.entity.uscc) for a in first.assignments.all() for o in a.officers.all()}
    listed = {tuple(line.split("\t")[:2]) for line in frozen.conflicts_tsv.splitlines()}
    assert pairs == listed


def test_首页面板列出待录入结果的检查对象(department, chief, make_user):
    from fazhi.inspections.selectors import home_panels

    world = make_world(department)
    draw = _draw(world, chief)
    officer = draw.assignments.first().officers.first()
    panels = home_panels(make_user("officer", officer=officer))
    assert panels and panels[0]["title"] == "我的抽查检查" and panels[0]["items"]
    assert home_panels(make_user("officer")) == []
