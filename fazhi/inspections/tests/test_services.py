"""Services of 双随机、一公开 in the commit-then-reveal order (issue 12): publish the plan → freeze and publish the
pools with the seed's commitment → fix the seed → draw → results → finish → publish; and what each step refuses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest

from fazhi.core.clock import at_moment
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent
from fazhi.inspections import services
from fazhi.inspections.choices import ConflictReason, PlanKind, ReplacementStatus, SeedKind, TaskStatus
from fazhi.inspections.models import Draw, DrawSeed, InspectionAssignment
from fazhi.inspections.selectors import current_draw, my_assignments, overdue_tasks
from fazhi.inspections.services import draws as draws_service
from fazhi.inspections.tests.factories import (
    DRAWN_AT,
    FROZEN_AT,
    LOTTERY_AT,
    NUMBERS,
    PUBLISHED_AT,
    WINDOW,
    draw,
    freeze,
    freeze_and_draw,
    make_entities,
    make_officers,
    make_world,
)
from fazhi.rulebook.draws import seed_commitment, verify_stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(make_user):
    return make_user("section_chief")


@pytest.fixture
def leader(make_user):
    return make_user("leader")


def verify(d: Draw, disclosure: str = "public"):
    head, body = "".join(services.record_chunks(d, disclosure=disclosure)).split("\n", 1)
    return verify_stream(head, lambda: [body.encode()])


def record_head(d: Draw) -> dict:
    return json.loads("".join(services.record_chunks(d, disclosure="public")).split("\n", 1)[0])


# --- the order ---------------------------------------------------------------------------------------------------


def test_完整流程_系统密钥_先公布承诺值再抽取_记录可验证(department, chief, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    world = make_world(department, chief)
    frozen = freeze(world)
    assert frozen.candidate_count == 40 and frozen.inspector_count == 4 and frozen.frozen_at == FROZEN_AT
    assert frozen.criteria[0] == {"criterion": "管辖范围：张贵庄市场监管所；登记状态：存续", "count": 40}
    seed = DrawSeed.objects.get(task=world.task)
    assert seed.kind == SeedKind.SECRET and seed.announced_at == seed.fixed_at == FROZEN_AT
    assert seed.commitment == hashlib.sha256(seed.value.encode()).hexdigest()
    # Before the draw the secret appears nowhere in the audit trail, only its commitment.
    assert seed.value not in json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)), ensure_ascii=False)
    d = draw(world)
    assert world.task.status == TaskStatus.DRAWN and d.selected_count == 6 and d.drawn_at == DRAWN_AT
    head = record_head(d)
    assert head["seed"]["value"] == seed.value and head["seed"]["commitment"] == seed.commitment
    assert head["timeline"] == {
        "plan_published_at": "2023-04-03T09:00:00+08:00",
        "pool_published_at": "2023-04-20T10:00:00+08:00",
        "drawn_at": "2023-04-21T09:30:00+08:00",
    }
    assert head["candidate_pool"]["hash"] == frozen.candidates_hash
    for disclosure in ("public", "full"):
        report = verify(d, disclosure)
        assert report.exit_code == 0, (report.order, report.commitments, report.differences)
    assignments = list(InspectionAssignment.objects.filter(draw=d))
    assert len(assignments) == 6 and all(a.officers.count() == 2 for a in assignments)
    for a in assignments:
        services.result_record(
            assignment=a,
            category="no_problem",
            inspected_on=dt.date(2023, 5, 10),
            officers_present=list(a.officers.all()),
            actor=chief,
        )
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.IN_PROGRESS
    services.task_finish(task=world.task, on=dt.date(2023, 6, 30), actor=chief)
    world.task.refresh_from_db()
    # 20 working days after 2023-06-30 (a Friday): 2023-07-28.
    assert world.task.publicity_due_on == dt.date(2023, 7, 28)
    assert list(overdue_tasks(dt.date(2023, 7, 31))) == [world.task]
    assert list(overdue_tasks(dt.date(2023, 7, 28))) == []
    services.task_publish_results(task=world.task, on=dt.date(2023, 7, 20), actor=chief)
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.PUBLISHED and not list(overdue_tasks(dt.date(2023, 8, 1)))
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions.index("inspections.plan_publish") < actions.index("inspections.task_freeze_pools")
    assert actions.index("inspections.task_freeze_pools") < actions.index("inspections.task_draw")


def test_计划未公布不能固定名录库(department, chief):
    world = make_world(department, chief, publish=False)
    with pytest.raises(DomainError) as exc:
        freeze(world)
    assert exc.value.code == "inspections.plan_not_published"
    with at_moment(PUBLISHED_AT):
        services.plan_publish(plan=world.plan, actor=chief)
    world.task.plan.refresh_from_db()
    assert freeze(world).candidate_count == 40
    with pytest.raises(DomainError) as exc:
        services.plan_publish(plan=world.plan, actor=chief)
    assert exc.value.code == "inspections.plan_already_published"


def test_未固定名录库不能抽取_名录库只能固定一次(department, chief):
    world = make_world(department, chief)
    with pytest.raises(DomainError) as exc:
        draw(world)
    assert exc.value.code == "inspections.forbidden_transition"
    freeze(world)
    with pytest.raises(DomainError) as exc:
        freeze(world)
    assert exc.value.code == "inspections.forbidden_transition"


# --- the lottery seed: named before it exists, entered by two people ------------------------------------------------


def test_彩票种子_开奖须在名录库公布之后_两人分别录入一致才确定(department, chief, leader):
    world = make_world(department, chief)
    with pytest.raises(DomainError) as exc:  # a draw that already took place
        with at_moment(FROZEN_AT):
            services.task_freeze_pools(
                task=world.task,
                actor=chief,
                seed_kind=SeedKind.LOTTERY,
                lottery_source="中国福利彩票双色球第2023044期开奖号码",
                lottery_draw_at=FROZEN_AT - dt.timedelta(hours=12),
            )
    assert exc.value.code == "inspections.lottery_not_future"
    with pytest.raises(DomainError) as exc:
        with at_moment(FROZEN_AT):
            services.task_freeze_pools(
                task=world.task, actor=chief, seed_kind=SeedKind.LOTTERY, lottery_draw_at=LOTTERY_AT
            )
    assert exc.value.code == "inspections.lottery_source_required"
    freeze(world, kind=SeedKind.LOTTERY)
    seed = services.live_seed(world.task)
    assert seed is not None and seed.draw_at == LOTTERY_AT and not seed.value
    with pytest.raises(DomainError) as exc:  # not drawn yet
        with at_moment(LOTTERY_AT - dt.timedelta(minutes=1)):
            services.seed_enter_value(seed=seed, value=NUMBERS, actor=chief)
    assert exc.value.code == "inspections.lottery_not_drawn"
    with pytest.raises(DomainError) as exc:  # nothing to draw with
        draw(world)
    assert exc.value.code == "inspections.seed_not_fixed"
    after = LOTTERY_AT + dt.timedelta(hours=1)
    with at_moment(after):
        assert services.seed_enter_value(seed=seed, value="3 7 12 19 25 31 +9", actor=chief).outcome == "first"
        with pytest.raises(DomainError) as exc:
            services.seed_enter_value(seed=seed, value=NUMBERS, actor=chief)
        assert exc.value.code == "inspections.seed_same_person"
        assert services.seed_enter_value(seed=seed, value="03 07 12 19 25 32 + 09", actor=leader).outcome == "mismatch"
        seed.refresh_from_db()
        assert not seed.first_entry and not seed.value  # both discarded
        assert (
            services.seed_enter_value(seed=seed, value="０３，０７，１２，１９，２５，３１＋０９", actor=leader).outcome
            == "first"
        )
        entry = services.seed_enter_value(seed=seed, value=NUMBERS, actor=chief)
    assert entry.outcome == "confirmed" and entry.seed.value == NUMBERS
    assert entry.seed.fixed_at == LOTTERY_AT and entry.seed.confirmed_at == after
    d = draw(world)
    head = record_head(d)
    assert head["seed"]["kind"] == "lottery" and head["seed"]["fixed_at"] == "2023-04-20T21:15:00+08:00"
    assert verify(d).exit_code == 0
    assert AuditEvent.objects.filter(action="inspections.seed_entries_differ").count() == 1


@pytest.mark.parametrize("text", ["", "abc", "1 2", "03 07 x 12", "01-02-03"])
def test_开奖号码格式不对时拒绝(text):
    with pytest.raises(DomainError) as exc:
        services.normalise_lottery_value(text)
    assert exc.value.code == "inspections.lottery_value_format"


def test_开奖号码规范化():
    assert services.normalise_lottery_value(" 3, 7、12 19 25 31+9 ") == NUMBERS
    assert services.normalise_lottery_value("1 2 3") == "01 02 03"


# --- exactly one seed; replacing it needs the leader ---------------------------------------------------------------


def test_每个任务只有一个种子_更换须写理由并经局领导批准(department, chief, leader, make_user):
    world = make_world(department, chief)
    freeze(world)
    first = draw(world)
    with pytest.raises(DomainError) as exc:
        services.seed_replacement_request(task=world.task, reason="短", actor=chief)
    assert exc.value.code == "inspections.reason_required"
    with at_moment(DRAWN_AT + dt.timedelta(hours=1)):
        request = services.seed_replacement_request(
            task=world.task, reason="系统密钥的存放服务器曾被越权访问", actor=chief
        )
    with pytest.raises(DomainError) as exc:
        services.seed_replacement_request(task=world.task, reason="再次申请更换种子", actor=chief)
    assert exc.value.code == "inspections.replacement_pending"
    for user in (chief, make_user("officer"), make_user("legal_reviewer"), make_user("auditor")):
        with pytest.raises(DomainError) as exc:
            services.seed_replacement_decide(replacement=request, approve=True, actor=user)
        assert exc.value.code == "access.forbidden"
    with at_moment(DRAWN_AT + dt.timedelta(hours=2)):
        services.seed_replacement_decide(replacement=request, approve=True, note="同意", actor=leader)
    world.task.refresh_from_db()
    first.refresh_from_db()
    assert world.task.status == TaskStatus.AWAITING_SEED and first.superseded_by == request
    assert InspectionAssignment.objects.filter(draw=first).count() == 0 and current_draw(world.task) is None
    with pytest.raises(DomainError) as exc:
        draw(world)
    assert exc.value.code == "inspections.forbidden_transition"
    with at_moment(DRAWN_AT + dt.timedelta(hours=3)):
        new = services.seed_commit(task=world.task, kind=SeedKind.SECRET, actor=chief)
    assert DrawSeed.objects.filter(task=world.task, superseded_at__isnull=True).get() == new
    request.refresh_from_db()
    assert request.new_seed == new and request.status == ReplacementStatus.APPROVED
    second = draw(world, at=DRAWN_AT + dt.timedelta(hours=4))
    head = record_head(second)
    (replaced,) = head["seed"]["replaces"]
    assert replaced["reason"] == "系统密钥的存放服务器曾被越权访问" and replaced["approved_by"].startswith("局领导")
    assert replaced["commitment"] == seed_commitment(replaced["value"])  # the old secret is revealed
    report = verify(second, "full")
    assert report.exit_code == 0, (report.order, report.commitments, report.differences)
    assert verify(first).exit_code == 0  # the superseded record stays verifiable
    assert current_draw(world.task) == second


def test_局领导不批准更换_种子不变_必须写明理由(department, chief, leader):
    world = make_world(department, chief)
    freeze(world)
    request = services.seed_replacement_request(task=world.task, reason="想换一个种子试试", actor=chief)
    with pytest.raises(DomainError) as exc:
        services.seed_replacement_decide(replacement=request, approve=False, note="", actor=leader)
    assert exc.value.code == "inspections.note_required"
    services.seed_replacement_decide(replacement=request, approve=False, note="理由不成立，不予更换", actor=leader)
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.POOLS_FROZEN and DrawSeed.objects.filter(task=world.task).count() == 1
    with pytest.raises(DomainError) as exc:
        services.seed_replacement_decide(replacement=request, approve=True, actor=leader)
    assert exc.value.code == "inspections.replacement_decided"
    with pytest.raises(DomainError) as exc:
        services.seed_commit(task=world.task, kind=SeedKind.SECRET, actor=chief)
    assert exc.value.code == "inspections.forbidden_transition"


def test_申请人不能审批自己的更换申请(department, leader):
    world = make_world(department, leader)
    freeze(world, actor=leader)
    request = services.seed_replacement_request(task=world.task, reason="开奖期号写错了需要更换", actor=leader)
    with pytest.raises(DomainError) as exc:
        services.seed_replacement_decide(replacement=request, approve=True, actor=leader)
    assert exc.value.code == "inspections.replacement_self"


def test_有检查结果后不能更换种子(department, chief):
    world = make_world(department, chief)
    d = freeze_and_draw(world)
    a = d.assignments.first()
    services.result_record(
        assignment=a,
        category="no_problem",
        inspected_on=WINDOW[0],
        officers_present=list(a.officers.all()),
        actor=chief,
    )
    world.task.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.seed_replacement_request(task=world.task, reason="理由写得足够长了", actor=chief)
    assert exc.value.code == "inspections.forbidden_transition"


def test_数据库只允许一个有效种子(department, chief):
    from django.db import IntegrityError, transaction

    world = make_world(department, chief)
    freeze(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        DrawSeed.objects.create(
            task=world.task, kind="secret", source="x", announced_at=FROZEN_AT, created_by=chief, commitment="0" * 64
        )


# --- pools in scope ----------------------------------------------------------------------------------------------


def test_对象库只含本所辖区且符合事项的检查对象(department, other_department, chief):
    world = make_world(department, chief, entities=10, item_objects={"object_industries": ["F", "H"]})
    make_entities(5, office=department, start=50, industry="I")  # software: not a food business
    make_entities(7, office=other_department, start=80)  # another 所's food businesses
    make_entities(2, office=department, start=90, status="cancelled")
    frozen = freeze(world)
    assert frozen.candidate_count == 10
    assert [s["count"] for s in frozen.criteria] == [15, 10]
    assert frozen.criteria[1]["criterion"] == "行业门类（GB/T 4754）：F 批发和零售业、H 住宿和餐饮业"
    pool, ids = services.load_pool(frozen)
    assert set(ids) == {e.pk for e in world.entities}


def _permit(number: str, matter: str, mode: str, department, entity=None) -> None:
    from fazhi.registry.models import PermitMatter

    PermitMatter.objects.create(
        number=number, matter=matter, reform_mode=mode, applicant_name="x", uscc=entity.uscc if entity else "",
        entity=entity, decided_on=dt.date(2022, 3, 1), department=department,
    )  # fmt: skip


def test_事项按持有的许可事项圈定对象_直接取消审批和未关联主体的办件不算(department, chief):
    """Issue 12: an item names its objects' licence types where the registry holds them (证照分离办件)."""
    world = make_world(department, chief, entities=12)
    e = world.entities
    _permit("P1", "食品经营许可", "optimised", department, e[0])
    _permit("P2", "食品经营许可", "notify_commit", department, e[1])
    _permit("P3", "食品经营许可", "filing", department, e[2])
    _permit("P4", "食品经营许可", "cancelled", department, e[3])  # 直接取消审批: nothing is held
    _permit("P5", "药品经营许可", "optimised", department, e[4])
    _permit("P6", "小餐饮登记", "optimised", department, e[5])
    _permit("P7", "食品经营许可", "optimised", department)  # not linked to any registry entity
    with pytest.raises(DomainError) as exc:
        services.item_create(
            code="SC-X", name="x", domain="食品", legal_basis="x", department=department, method="on_site",
            level="general", effective_from=dt.date(2020, 1, 1), object_permit_matters=["烟草专卖许可"], actor=chief,
        )  # fmt: skip
    assert exc.value.code == "inspections.unknown_permit_matter" and exc.value.field == "object_permit_matters"
    food = services.item_create(
        code="SC-P", name="持证食品经营者检查", domain="食品", legal_basis="《食品安全法》第一百一十条",
        department=department, method="on_site", level="general", effective_from=dt.date(2020, 1, 1),
        object_permit_matters=[" 食品经营许可 ", "小餐饮登记"], actor=chief,
    )  # fmt: skip
    assert food.object_permit_matters == ["小餐饮登记", "食品经营许可"]
    world.task = services.task_create(
        plan=world.plan, name="持证抽查", department=department, items=[world.item, food],
        window_start=WINDOW[0], window_end=WINDOW[1], sample_size=1, actor=chief,
    )  # fmt: skip
    frozen = freeze(world)
    _, ids = services.load_pool(frozen)
    assert set(ids) == {e[0].pk, e[1].pk, e[2].pk, e[5].pk}
    assert frozen.criteria[-1] == {"criterion": "持有许可（证照分离办件）：小餐饮登记 或 食品经营许可", "count": 4}


def test_局内设科室实施的任务覆盖全区_所只覆盖本所(department, other_department, make_user):
    from fazhi.registry.models import Department

    section = Department.objects.create(code="FOOD", name="食品经营安全监督管理科", kind="section")
    section_chief = make_user("section_chief", dept=section)
    world = make_world(section, section_chief, entities=0, officers=3)
    make_entities(4, office=department)
    make_entities(6, office=other_department, start=10)
    make_entities(1, office=None, start=30)
    assert freeze(world).candidate_count == 11
    with pytest.raises(DomainError) as exc:  # a criterion can only narrow inside the jurisdiction
        office_world = make_world(other_department, make_user("leader"), entities=0, officers=2)
        services.task_create(
            plan=office_world.plan,
            name="越界",
            department=other_department,
            items=[office_world.item],
            window_start=WINDOW[0],
            window_end=WINDOW[1],
            sample_size=1,
            pool_criterion={"offices": [department.pk]},
            actor=office_world.actor,
        )
    assert exc.value.code == "inspections.criterion_outside_jurisdiction"


def test_事项的检查对象没有交集时不能建任务(department, chief):
    world = make_world(department, chief, item_objects={"object_kinds": ["enterprise"]})
    individuals = services.item_create(
        code="GT-1",
        name="个体工商户年报检查",
        domain="食品",
        legal_basis="《个体工商户年度报告暂行办法》",
        department=department,
        method="documentary",
        level="general",
        effective_from=dt.date(2020, 1, 1),
        object_kinds=["individual"],
        actor=chief,
    )
    with pytest.raises(DomainError) as exc:
        services.task_create(
            plan=world.plan,
            name="x",
            department=department,
            items=[world.item, individuals],
            window_start=WINDOW[0],
            window_end=WINDOW[1],
            sample_size=1,
            actor=chief,
        )
    assert exc.value.code == "inspections.objects_disjoint"
    with pytest.raises(DomainError) as exc:
        services.item_create(
            code="GT-2", name="x", domain="食品", legal_basis="x", department=department, method="on_site",
            level="general", effective_from=dt.date(2020, 1, 1), object_industries=["Z"], actor=chief,
        )  # fmt: skip
    assert exc.value.code == "inspections.unknown_object"


def test_检查人员库_执法证在固定之日有效且领域相符(department, chief):
    world = make_world(department, chief, officers=4)
    expired, other_domain = world.officers[0], world.officers[1]
    expired.certificate_expires_on = FROZEN_AT.date() - dt.timedelta(days=1)
    expired.save(update_fields=["certificate_expires_on"])
    other_domain.domains = ["特种设备"]
    other_domain.save(update_fields=["domains"])
    frozen = freeze(world)
    certificates = [line.split("\t")[0] for line in frozen.inspectors_tsv.splitlines()]
    assert certificates == [o.certificate_number for o in world.officers[2:]]


def test_彩票种子_检查人员执法证须在开奖之日仍有效(department, chief):
    """The draw cannot take place before the lottery numbers exist: whose certificate lapses before then is not in
    the inspector pool (issue 12: 执法证 valid on the draw date)."""
    world = make_world(department, chief, officers=4)
    lapses = world.officers[0]
    lapses.certificate_expires_on = FROZEN_AT.date() + dt.timedelta(days=1)
    lapses.save(update_fields=["certificate_expires_on"])
    with at_moment(FROZEN_AT):
        frozen = services.task_freeze_pools(
            task=world.task,
            actor=chief,
            seed_kind=SeedKind.LOTTERY,
            lottery_source="中国福利彩票双色球第2023047期开奖号码",
            lottery_draw_at=FROZEN_AT + dt.timedelta(days=3),
        )
    certificates = [line.split("\t")[0] for line in frozen.inspectors_tsv.splitlines()]
    assert certificates == [o.certificate_number for o in world.officers[1:]]


def test_系统密钥_检查人员执法证须在检查期间最后一日仍有效(department, chief):
    """The draw may take place on any day up to the window's last day (2023-06-30) and the drawn team inspects
    within the window: an officer whose certificate lapses on 2023-06-15 could be drawn by a draw on 2023-06-20
    with a lapsed certificate (issue 12: 执法证 valid on the draw date). Valid through 2023-06-30: in the pool."""
    world = make_world(department, chief, officers=4)
    lapses, through_end = world.officers[0], world.officers[1]
    lapses.certificate_expires_on = dt.date(2023, 6, 29)
    lapses.save(update_fields=["certificate_expires_on"])
    through_end.certificate_expires_on = dt.date(2023, 6, 30)
    through_end.save(update_fields=["certificate_expires_on"])
    frozen = freeze(world)
    certificates = [line.split("\t")[0] for line in frozen.inspectors_tsv.splitlines()]
    assert certificates == [o.certificate_number for o in world.officers[1:]]


def test_对象库为空或人员不足时拒绝(department, other_department, chief, leader):
    world = make_world(department, chief, entities=0)
    with pytest.raises(DomainError) as exc:
        freeze(world)
    assert exc.value.code == "inspections.empty_pool"
    world = make_world(other_department, leader, entities=3, officers=1, size=1)
    with pytest.raises(DomainError) as exc:
        freeze(world)
    assert exc.value.code == "inspections.too_few_inspectors"


def test_本年已抽中同一事项的不再入库(department, chief):
    world = make_world(department, chief, entities=10, size=4)
    first = freeze_and_draw(world)
    task2 = services.task_create(
        plan=world.plan,
        name="第二轮",
        department=department,
        items=[world.item],
        sample_size=2,
        window_start=dt.date(2023, 9, 1),
        window_end=dt.date(2023, 9, 30),
        pool_criterion={"exclude_drawn_this_year": True, "risk_classes": ["A", "B", "C", "D"]},
        actor=chief,
    )
    with at_moment(FROZEN_AT + dt.timedelta(days=60)):
        frozen = services.task_freeze_pools(task=task2, actor=chief, seed_kind=SeedKind.SECRET)
    pool, _ = services.load_pool(frozen)
    drawn = {a.entity.uscc for a in first.assignments.all()}
    assert frozen.candidate_count == 6 and not drawn & set(pool.usccs)
    assert frozen.criteria[-1] == {"criterion": "排除本年度已被同一抽查事项的其他任务抽中的主体", "count": 6}


def test_分风险等级比例抽取_各层抽中数_风险等级只在内部(department, chief):
    world = make_world(
        department,
        chief,
        entities=40,
        officers=6,
        size=None,
        strata_ratios={"A": "0", "B": "0.1", "C": "0.2", "D": "0.5"},
    )
    d = freeze_and_draw(world)
    strata = sorted(a.stratum for a in d.assignments.all())
    assert strata == ["B"] + ["C"] * 2 + ["D"] * 5
    head = record_head(d)
    assert head["candidate_pool"]["strata"] == [{"stratum": r, "candidates": 10} for r in "ABCD"]
    head_line, body = "".join(services.record_chunks(d, disclosure="public")).split("\n", 1)
    assert all(set(s) == {"rank", "uscc", "digest"} for s in json.loads(head_line)["result"]["selected"])
    assert all(len(line.split("\t")[1]) == 32 for line in body.splitlines())  # commitments, not classes


# --- recusal ------------------------------------------------------------------------------------------------------


def test_回避申报的人员不会被派到该主体_事由不公开(department, chief):
    world = make_world(department, chief, entities=12, officers=3, size=12)
    blocked = world.officers[0]
    for entity in world.entities[:6]:
        services.conflict_declare(
            officer=blocked, entity=entity, reason=ConflictReason.RELATIVE, declared_on=dt.date(2023, 1, 1), actor=chief
        )
    d = freeze_and_draw(world)
    for a in d.assignments.all():
        if a.entity in world.entities[:6]:
            assert blocked not in a.officers.all()
    assert "亲属关系" not in "".join(services.record_chunks(d, disclosure="public"))
    assert "亲属关系" in "".join(services.record_chunks(d, disclosure="full"))
    assert verify(d, "full").exit_code == 0


def test_无法依法配齐人员时说明是哪一户和原因(department, chief):
    world = make_world(department, chief, entities=5, officers=2, size=5)
    services.conflict_declare(
        officer=world.officers[0],
        entity=world.entities[2],
        reason=ConflictReason.FORMER_EMPLOYER,
        declared_on=dt.date(2023, 1, 1),
        actor=chief,
    )
    freeze(world)
    with pytest.raises(DomainError) as exc:
        draw(world)
    assert exc.value.code == "inspections.unstaffable"
    assert exc.value.params["failures"][0]["uscc"] == world.entities[2].uscc
    assert "回避" in exc.value.params["failures"][0]["reason"]
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.POOLS_FROZEN and not Draw.objects.exists()


def test_上一轮检查过的人员本轮回避(department, chief):
    world = make_world(department, chief, entities=4, officers=4, size=4)
    first = freeze_and_draw(world)
    pairs = {(a.entity.uscc, o.certificate_number) for a in first.assignments.all() for o in a.officers.all()}
    task2 = services.task_create(
        plan=world.plan,
        name="第二轮",
        department=department,
        items=[world.item],
        sample_size=4,
        window_start=dt.date(2023, 9, 1),
        window_end=dt.date(2023, 9, 30),
        actor=chief,
    )
    with at_moment(FROZEN_AT + dt.timedelta(days=100)):
        frozen = services.task_freeze_pools(task=task2, actor=chief, seed_kind=SeedKind.SECRET)
        draw2 = services.task_draw(task=task2, actor=chief)
    pairs2 = {(a.entity.uscc, o.certificate_number) for a in draw2.assignments.all() for o in a.officers.all()}
    assert not pairs & pairs2
    assert "上一轮检查过该主体" in frozen.conflicts_tsv


def test_联合抽查每组每个参与部门至少一人(department, other_department, make_user):
    from fazhi.registry.models import Department

    leader = make_user("leader")
    member = Department.objects.create(code="HEALTH", name="区卫健委", kind="external")
    make_entities(10, office=department)
    make_officers(department, 3)
    make_officers(member, 3)
    item = services.item_create(
        code="LH-1", name="联合检查事项", domain="食品", legal_basis="《食品安全法》", department=department,
        method="on_site", level="key", effective_from=dt.date(2020, 1, 1), actor=leader,
    )  # fmt: skip
    plan = services.plan_create(
        year=2023, name="联合计划", kind=PlanKind.JOINT, lead_department=department, member_units=[member], actor=leader
    )
    with at_moment(PUBLISHED_AT):
        services.plan_publish(plan=plan, actor=leader)
    task = services.task_create(
        plan=plan, name="联合任务", department=department, items=[item], sample_size=5, window_start=WINDOW[0],
        window_end=WINDOW[1], participating_departments=[member], actor=leader,
    )  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.task_create(
            plan=plan, name="x", department=department, items=[item], sample_size=5, window_start=WINDOW[0],
            window_end=WINDOW[1], participating_departments=[Department.objects.create(code="X", name="区X局", kind="external")],
            actor=leader,
        )  # fmt: skip
    assert exc.value.code == "inspections.department_not_in_plan"
    with at_moment(FROZEN_AT):
        services.task_freeze_pools(task=task, actor=leader, seed_kind=SeedKind.SECRET)
    with at_moment(DRAWN_AT):
        d = services.task_draw(task=task, actor=leader)
    for a in d.assignments.all():
        assert {o.department_id for o in a.officers.all()} == {department.pk, member.pk}


# --- results ------------------------------------------------------------------------------------------------------


@pytest.fixture
def drawn(department, chief):
    world = make_world(department, chief)
    d = freeze_and_draw(world)
    return world, list(d.assignments.order_by("rank"))


def record(a, chief, **kwargs):
    values = {
        "assignment": a,
        "category": "no_problem",
        "inspected_on": dt.date(2023, 5, 10),
        "officers_present": list(a.officers.all()),
        "actor": chief,
    }
    values.update(kwargs)
    return services.result_record(**values)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"officers_present": "one"}, "inspections.officers_present"),
        ({"inspected_on": dt.date(2023, 5, 3)}, "inspections.date_outside_window"),
        ({"inspected_on": dt.date(2023, 7, 1)}, "inspections.date_outside_window"),
        ({"category": "pending_follow_up"}, "inspections.findings_required"),
        ({"category": "corrected", "findings": "短"}, "inspections.findings_required"),
        (
            {"category": "unreachable", "findings": "住所无此企业", "follow_up": "none"},
            "inspections.follow_up_not_allowed",
        ),
        ({"category": "not_disclosed", "findings": "未公示股权变更信息"}, "inspections.rectification_dates"),
        (
            {
                "category": "not_disclosed",
                "findings": "未公示股权变更信息",
                "rectification_due_on": dt.date(2023, 5, 20),
                "recheck_on": dt.date(2023, 5, 19),
            },
            "inspections.rectification_order",
        ),
        (
            {"category": "other_department_violation", "findings": "无证经营危险化学品"},
            "inspections.transfer_to_required",
        ),
        ({"category": "bogus"}, "inspections.unknown_category"),
    ],
)
def test_检查结果按法律要求_不合格的录入被拒绝(drawn, chief, change, code):
    _, assignments = drawn
    a = assignments[0]
    if change.get("officers_present") == "one":
        change = {**change, "officers_present": list(a.officers.all())[:1]}
    with pytest.raises(DomainError) as exc:
        record(a, chief, **change)
    assert exc.value.code == code


def test_检查日期不能晚于今天(drawn, chief):
    _, assignments = drawn
    with at_moment(dt.datetime(2023, 5, 9, 18, tzinfo=DRAWN_AT.tzinfo)):
        with pytest.raises(DomainError) as exc:
            record(assignments[0], chief, inspected_on=dt.date(2023, 5, 10))
    assert exc.value.code == "inspections.date_in_future"


def test_检查期间结束后不能抽取(department, chief):
    # The window is 2023-05-04 to 2023-06-30: drawn on 2023-07-01 (Beijing time) nobody could be inspected within
    # the window any more; on the evening of 2023-06-30 the draw is still possible.
    world = make_world(department, chief)
    freeze(world)
    with pytest.raises(DomainError) as exc:
        draw(world, at=dt.datetime(2023, 7, 1, 0, 5, tzinfo=DRAWN_AT.tzinfo))
    assert exc.value.code == "inspections.window_over"
    assert not Draw.objects.filter(task=world.task).exists()
    assert draw(world, at=dt.datetime(2023, 6, 30, 23, 55, tzinfo=DRAWN_AT.tzinfo)).selected_count == 6


def test_所选彩票开奖不能晚于检查期间结束(department, chief):
    world = make_world(department, chief)
    with at_moment(FROZEN_AT), pytest.raises(DomainError) as exc:
        services.task_freeze_pools(
            task=world.task,
            actor=chief,
            seed_kind=SeedKind.LOTTERY,
            lottery_source="中国福利彩票双色球第2023076期开奖号码",
            lottery_draw_at=dt.datetime(2023, 7, 2, 21, 15, tzinfo=DRAWN_AT.tzinfo),
        )
    assert exc.value.code == "inspections.lottery_after_window" and exc.value.field == "lottery_draw_at"
    assert not DrawSeed.objects.filter(task=world.task).exists()
    with at_moment(FROZEN_AT):
        services.task_freeze_pools(
            task=world.task,
            actor=chief,
            seed_kind=SeedKind.LOTTERY,
            lottery_source="中国福利彩票双色球第2023075期开奖号码",
            lottery_draw_at=dt.datetime(2023, 6, 30, 21, 15, tzinfo=DRAWN_AT.tzinfo),
        )
    assert DrawSeed.objects.get(task=world.task).draw_at == dt.datetime(2023, 6, 30, 21, 15, tzinfo=DRAWN_AT.tzinfo)


def test_检查日期不能早于抽中该主体的抽取日期(department, chief):
    # The window opens on 2023-05-04; this task is drawn only on 2023-05-12 (Beijing time). An entity cannot have
    # been inspected as a drawn entity on 2023-05-10, two days before it was drawn.
    world = make_world(department, chief)
    freeze(world)
    d = draw(world, at=dt.datetime(2023, 5, 12, 9, 30, tzinfo=DRAWN_AT.tzinfo))
    a = d.assignments.order_by("rank").first()
    with at_moment(dt.datetime(2023, 5, 20, 17, tzinfo=DRAWN_AT.tzinfo)):
        with pytest.raises(DomainError) as exc:
            record(a, chief, inspected_on=dt.date(2023, 5, 11))
        assert exc.value.code == "inspections.date_before_draw" and exc.value.field == "inspected_on"
        assert record(a, chief, inspected_on=dt.date(2023, 5, 12)).inspected_on == dt.date(2023, 5, 12)


def test_到场人员执法证在检查日期须有效(drawn, chief):
    _, assignments = drawn
    a = assignments[0]
    officer = a.officers.first()
    officer.certificate_expires_on = dt.date(2023, 5, 9)
    officer.save(update_fields=["certificate_expires_on"])
    with pytest.raises(DomainError) as exc:
        record(a, chief)
    assert exc.value.code == "inspections.certificate_invalid"


def test_无法联系_列入经营异常名录_证据留存哈希(drawn, chief, tmp_path, settings):
    from fazhi.credit.models import AbnormalListing

    settings.MEDIA_ROOT = tmp_path
    _, assignments = drawn
    result = record(
        assignments[0],
        chief,
        category="unreachable",
        findings="登记住所为空置商铺，电话无人接听",
        attachments=[("现场照片.jpg", b"photo-bytes")],
    )
    listing = AbnormalListing.objects.get(source_ref=f"inspections.result:{result.pk}")
    assert result.follow_up == "abnormal_list" and result.handover_reference == listing.number
    assert listing.ground == "unreachable" and listing.decided_on == dt.date(2023, 5, 10)
    assert result.attachments.get().sha256 == hashlib.sha256(b"photo-bytes").hexdigest()


def test_移交失败时结果也不保存(drawn, chief):
    """Fail loudly: the credit module refuses a non-active entity, so the whole step is refused."""
    from fazhi.inspections.models import InspectionResult

    _, assignments = drawn
    entity = assignments[0].entity
    entity.status = "cancelled"
    entity.save(update_fields=["status"])
    with pytest.raises(DomainError) as exc:
        record(assignments[0], chief, category="unreachable", findings="已注销但仍在库中")
    assert exc.value.code == "credit.entity_not_active"
    assert not InspectionResult.objects.exists()


def test_发现问题待后续处理_移交案件线索或责令整改(drawn, chief):
    from fazhi.cases.models import Clue

    _, assignments = drawn
    result = record(
        assignments[0],
        chief,
        category="pending_follow_up",
        follow_up="case_clue",
        findings="销售超过保质期的食品 3 批次",
    )
    clue = Clue.objects.get(source_ref=f"inspections.result:{result.pk}")
    assert clue.source_kind == "inspection" and clue.entity_id == assignments[0].entity_id
    assert result.handover_reference == clue.number
    rectify = record(
        assignments[1],
        chief,
        category="pending_follow_up",
        findings="从业人员健康证过期",
        rectification_due_on=dt.date(2023, 5, 20),
        recheck_on=dt.date(2023, 5, 25),
    )
    assert rectify.follow_up == "rectify" and rectify.handover_reference == ""


def test_责令整改_复查逾期未整改的未公示信息_列入经营异常名录(drawn, chief):
    from fazhi.credit.models import AbnormalListing

    _, assignments = drawn
    result = record(
        assignments[0],
        chief,
        category="not_disclosed",
        findings="未公示股权变更信息",
        rectification_due_on=dt.date(2023, 5, 20),
        recheck_on=dt.date(2023, 5, 25),
    )
    with pytest.raises(DomainError) as exc:
        services.result_recheck(
            result=result, rechecked_on=dt.date(2023, 5, 20), corrected=False, findings="仍未公示", actor=chief
        )
    assert exc.value.code == "inspections.recheck_too_early"
    rechecked = services.result_recheck(
        result=result, rechecked_on=dt.date(2023, 5, 25), corrected=False, findings="逾期仍未公示", actor=chief
    )
    listing = AbnormalListing.objects.get(entity=assignments[0].entity, ground="not_disclosed")
    assert rechecked.recheck_outcome == "not_corrected" and rechecked.recheck_reference == listing.number
    with pytest.raises(DomainError) as exc:
        services.result_recheck(
            result=rechecked, rechecked_on=dt.date(2023, 5, 26), corrected=True, findings="已经补充公示", actor=chief
        )
    assert exc.value.code == "inspections.nothing_to_recheck"
    other = record(
        assignments[1],
        chief,
        category="corrected",
        findings="价签不规范，当场改正",
    )
    with pytest.raises(DomainError) as exc:
        services.result_recheck(
            result=other, rechecked_on=dt.date(2023, 5, 26), corrected=True, findings="x" * 5, actor=chief
        )
    assert exc.value.code == "inspections.nothing_to_recheck"


def test_移送其他部门须写明接收单位(drawn, chief):
    _, assignments = drawn
    result = record(
        assignments[0],
        chief,
        category="public_security_violation",
        findings="发现涉嫌销售管制刀具",
        transfer_to="区公安分局",
    )
    assert result.follow_up == "transfer" and result.transfer_to == "区公安分局"


def test_未录完结果不能结束检查(drawn, chief):
    world, _ = drawn
    world.task.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.task_finish(task=world.task, on=WINDOW[1], actor=chief)
    assert exc.value.code == "inspections.results_missing"


# --- tasks, items ------------------------------------------------------------------------------------------------


def test_任务参数校验(department, chief):
    world = make_world(department, chief)
    for kwargs, code in [
        ({"sample_size": 3, "sample_ratio": Decimal("0.1")}, "inspections.sample_mode"),
        ({"sample_size": 3, "team_size": 1}, "inspections.team_too_small"),
        ({"sample_size": 3, "pool_criterion": {"colour": "red"}}, "inspections.unknown_criterion"),
        ({"sample_size": 3, "pool_criterion": {"risk_classes": ["E"]}}, "inspections.unknown_object"),
        ({"sample_size": 3, "pool_criterion": {"exclude_inspected_months": 61}}, "inspections.bad_months"),
    ]:
        with pytest.raises(DomainError) as exc:
            services.task_create(
                plan=world.plan,
                name="x",
                department=department,
                items=[world.item],
                window_start=WINDOW[0],
                window_end=WINDOW[1],
                actor=chief,
                **kwargs,
            )
        assert exc.value.code == code


def test_事项新版本_旧版本次日失效_任务须引用当日有效版本(department, chief):
    world = make_world(department, chief)
    new = services.item_new_version(
        item=world.item, effective_from=dt.date(2024, 1, 1), name="新名称", object_industries=["H"], actor=chief
    )
    world.item.refresh_from_db()
    assert world.item.effective_to == dt.date(2023, 12, 31) and new.code == world.item.code
    assert new.object_industries == ["H"]
    with pytest.raises(DomainError) as exc:
        services.task_create(
            plan=world.plan,
            name="x",
            department=department,
            items=[world.item],
            sample_size=1,
            window_start=dt.date(2024, 2, 1),
            window_end=dt.date(2024, 2, 28),
            actor=chief,
        )
    assert exc.value.code == "inspections.item_not_in_force"


def test_引用不在有效期的权责事项时拒绝(department, chief):
    with pytest.raises(DomainError) as exc:
        services.item_create(
            code="X-1", name="x", domain="食品", legal_basis="x", department=department, method="on_site",
            level="general", effective_from=dt.date(2023, 1, 1), power_code="NOPE-404", actor=chief,
        )  # fmt: skip
    assert exc.value.code == "powers.not_in_force"


def test_我的检查只列本人所在检查组_首页面板含待复查(drawn, chief, make_user):
    from fazhi.inspections.selectors import home_panels

    _, assignments = drawn
    officer = assignments[0].officers.first()
    user = make_user("officer", officer=officer)
    mine = list(my_assignments(user))
    assert mine and all(officer in a.officers.all() for a in mine)
    panels = home_panels(user)
    assert panels and panels[0]["title"] == "我的抽查检查" and panels[0]["items"]
    assert home_panels(make_user("officer")) == []
    a = mine[0]
    record(
        a,
        user,
        category="not_disclosed",
        findings="未公示股权变更信息",
        rectification_due_on=dt.date(2023, 5, 20),
        recheck_on=dt.date(2023, 5, 25),
    )
    assert any(item["text"].startswith("复查：") for item in home_panels(user)[0]["items"])


def test_存储的名录库被改动时停止抽取(department, chief):
    from fazhi.inspections.models import FrozenPool

    world = make_world(department, chief)
    frozen = freeze(world)
    FrozenPool.objects.filter(pk=frozen.pk).update(candidate_classes=b"x")
    with pytest.raises(DomainError) as exc:
        draw(world)
    assert exc.value.code == "inspections.pool_damaged"


# --- storing a draw in short writes (issue 12: the office is not locked out while a large draw is stored) ----------


def _stored(d: Draw) -> list[tuple[int, str, list[str]]]:
    rows = InspectionAssignment.objects.filter(draw=d).select_related("entity").prefetch_related("officers")
    assert all(a.stratum == a.entity.risk_class for a in rows)  # a stratified draw: the stratum is the risk class
    return [
        (a.rank, a.entity.uscc, sorted(o.certificate_number for o in a.officers.all())) for a in rows.order_by("rank")
    ]


def test_分批写入的抽取结果与记录一致(department, chief, monkeypatch):
    """Chunks of 4 assignments (6 selected: two chunks, the last one short) store exactly the record's result."""
    monkeypatch.setattr(draws_service, "WRITE_CHUNK", 4)
    world = make_world(department, chief)
    d = freeze_and_draw(world)
    head = record_head(d)
    teams = {t["uscc"]: t["inspectors"] for t in head["result"]["teams"]}
    expected = [(s["rank"], s["uscc"], teams[s["uscc"]]) for s in head["result"]["selected"]]
    assert _stored(d) == expected and len(expected) == 6
    assert not d.staging and current_draw(world.task) == d and verify(d).exit_code == 0


def test_写入中途失败_什么都不留下_任务状态不变_可以重新抽取(department, chief, monkeypatch):
    monkeypatch.setattr(draws_service, "WRITE_CHUNK", 2)
    world = make_world(department, chief)
    freeze(world)
    real = draws_service._write_chunk
    calls = []

    def failing(draw, task_id, assignments, teams, start):
        calls.append(start)
        if start == 2:
            raise RuntimeError("写入第二批时数据库断开")
        real(draw, task_id, assignments, teams, start)

    monkeypatch.setattr(draws_service, "_write_chunk", failing)
    with pytest.raises(RuntimeError):
        draw(world)
    assert calls == [0, 2]
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.POOLS_FROZEN
    assert not Draw.objects.exists() and not InspectionAssignment.objects.exists()
    assert not AuditEvent.objects.filter(action="inspections.task_draw").exists()
    monkeypatch.setattr(draws_service, "_write_chunk", real)
    d = draw(world)
    assert d.selected_count == 6 and len(_stored(d)) == 6 and verify(d).exit_code == 0


def test_遗留的写入中抽取不可见_过时后下一次抽取将其清除(department, chief, make_user, monkeypatch):
    """A staging draw left by a crash (its discard did not run) appears in no list, page or metric. While it is
    young it may be an attempt still writing: a second draw is refused (``inspections.draw_in_progress``); once
    older than ``STALE_STAGING`` the next draw discards it and completes."""
    monkeypatch.setattr(draws_service, "WRITE_CHUNK", 2)
    world = make_world(department, chief)
    freeze(world)
    monkeypatch.setattr(draws_service, "discard_staging", lambda draw_id: None)  # the process dies: no clean-up
    real = draws_service._complete_draw

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(draws_service, "_complete_draw", crash)
    with pytest.raises(KeyboardInterrupt):
        draw(world)
    left = Draw.objects.get()
    assert left.staging and InspectionAssignment.objects.filter(draw=left).count() == 6
    world.task.refresh_from_db()
    assert world.task.status == TaskStatus.POOLS_FROZEN and current_draw(world.task) is None
    officer_user = make_user("officer")
    officer_user.officer = InspectionAssignment.objects.filter(draw=left).first().officers.first()
    officer_user.save()
    assert not my_assignments(officer_user).exists()
    monkeypatch.setattr(draws_service, "_complete_draw", real)
    monkeypatch.undo()
    with pytest.raises(DomainError) as exc:
        draw(world, at=DRAWN_AT + draws_service.STALE_STAGING - dt.timedelta(minutes=1))
    assert exc.value.code == "inspections.draw_in_progress" and Draw.objects.get() == left
    d = draw(world, at=DRAWN_AT + draws_service.STALE_STAGING + dt.timedelta(minutes=1))
    assert d.pk != left.pk and not Draw.objects.filter(pk=left.pk).exists()
    assert InspectionAssignment.objects.count() == 6 and current_draw(world.task) == d
