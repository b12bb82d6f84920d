"""The legal steps of a sampled batch and of a campaign, through the services."""

import datetime as dt

import pytest

from fazhi.cases import services as case_services
from fazhi.cases.models import Clue
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.models import AuditEvent
from fazhi.deadlines.models import TrackedDeadline
from fazhi.sampling import services
from fazhi.sampling.models import Sample

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def unqualified(make_task, make_entity, officer):
    task = make_task("food")
    shop, maker = make_entity("individual"), make_entity()
    sample = services.sample_register(
        task=task,
        product_name="散装花生米",
        sampled_on=D(2023, 5, 10),
        entity=shop,
        producer=maker,
        batch_number="20230501",
        actor=officer,
    )
    services.result_record(
        sample=sample,
        result="unqualified",
        report_number="SP2023-001",
        report_on=D(2023, 5, 30),
        failed_items=[{"item": "黄曲霉毒素B1", "value": "32.1μg/kg", "standard": "≤20μg/kg"}],
        actor=officer,
    )
    return sample


def test_不合格样品从通知到办结(unqualified, officer):
    sample = unqualified
    assert sample.status == "unqualified" and sample.producer_name.startswith("天津抽检测试")
    services.notice_serve(sample=sample, served_on=D(2023, 6, 5), producer_notified_on=D(2023, 6, 6), actor=officer)
    # 食品安全法第八十八条第一款：自收到检验结论之日起七个工作日内（6月6日至14日，不计周末），已核对原文
    assert sample.status == "notified" and sample.retest_due_on == D(2023, 6, 14)
    deadline = TrackedDeadline.objects.get(owner_type="sampling.sample", owner_id=str(sample.pk))
    assert deadline.rule_id == "sampling.food_retest_request" and deadline.rule_status == "TEXT"
    assert "第八十八条" in deadline.citation
    services.retest_request(
        sample=sample, requested_on=D(2023, 6, 14), retest_lab="天津市产品质量监督检测技术研究院", actor=officer
    )
    assert sample.status == "retest" and sample.retest_in_window is True
    services.disposal_order(sample=sample, measure="delist", ordered_on=D(2023, 6, 15), quantity="12袋", actor=officer)
    assert sample.status == "retest"  # 复检期间不停止风险控制措施
    services.retest_conclude(sample=sample, outcome="upheld", concluded_on=D(2023, 7, 3), actor=officer)
    assert sample.status == "disposing"
    services.sample_hand_over(sample=sample, on=D(2023, 7, 4), actor=officer)
    clue = Clue.objects.get(source_ref=sample.number)
    assert sample.clue == clue and clue.source_kind == "inspection" and "黄曲霉毒素B1" in clue.description
    with pytest.raises(DomainError) as err:
        services.sample_close(sample=sample, on=D(2023, 7, 5), actor=officer)
    assert err.value.code == "sampling.measures_open"
    disposal = sample.disposals.get()
    services.disposal_complete(disposal=disposal, completed_on=D(2023, 6, 16), actor=officer)
    services.sample_close(sample=sample, on=D(2023, 7, 10), actor=officer)
    sample.refresh_from_db()
    assert sample.status == "closed" and sample.closed_on == D(2023, 7, 10)


def test_逾期的复检申请不予登记(unqualified, officer):
    services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=officer)
    with pytest.raises(DomainError) as err:
        services.retest_request(sample=unqualified, requested_on=D(2023, 6, 15), actor=officer)
    assert err.value.code == "sampling.retest_late" and err.value.field == "requested_on"
    assert "2023-06-14" in err.value.message and "法制审核" in err.value.message
    unqualified.refresh_from_db()
    assert unqualified.status == "notified" and unqualified.retest_requested_on is None


def test_复检期限届满前不能办结(unqualified, officer):
    services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=officer)
    services.disposal_order(sample=unqualified, measure="recall", ordered_on=D(2023, 6, 5), actor=officer)
    services.disposal_complete(disposal=unqualified.disposals.get(), completed_on=D(2023, 6, 8), actor=officer)
    with pytest.raises(DomainError) as err:
        services.sample_close(sample=unqualified, on=D(2023, 6, 14), actor=officer)
    assert err.value.code == "sampling.retest_window_open"
    services.sample_close(sample=unqualified, on=D(2023, 6, 15), actor=officer)
    assert unqualified.status == "closed"


def test_办结日期不早于处置措施完成日期(unqualified, officer):
    # The batch is closed when every measure is done: its 办结 date cannot precede the day the last measure
    # (here the recall, finished 6月20日) was completed, or the file would show it closed before it was.
    services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=officer)
    services.disposal_order(sample=unqualified, measure="recall", ordered_on=D(2023, 6, 5), actor=officer)
    services.disposal_complete(disposal=unqualified.disposals.get(), completed_on=D(2023, 6, 20), actor=officer)
    with pytest.raises(DomainError) as err:
        services.sample_close(sample=unqualified, on=D(2023, 6, 15), actor=officer)
    assert err.value.code == "date.too_early" and err.value.field == "on" and "2023-06-20" in err.value.message
    unqualified.refresh_from_db()
    assert unqualified.status == "disposing" and unqualified.closed_on is None
    services.sample_close(sample=unqualified, on=D(2023, 6, 20), actor=officer)
    assert unqualified.status == "closed" and unqualified.closed_on == D(2023, 6, 20)


def test_产品质量复检期限为十五日_药品为七日(make_task, make_entity, officer, chief):
    for area, category, due in (("product", "电线电缆", D(2023, 6, 20)), ("drug", "", D(2023, 6, 12))):
        task = make_task(area, category=category)
        sample = services.sample_register(
            task=task, product_name="样品", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
        )
        services.result_record(
            sample=sample,
            result="unqualified",
            report_number=f"R-{area}",
            report_on=D(2023, 5, 30),
            failed_items=["标志"],
            actor=officer,
        )
        services.notice_serve(sample=sample, served_on=D(2023, 6, 5), actor=officer)
        assert sample.retest_due_on == due, area


def test_复检合格的样品办结(unqualified, officer):
    services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=officer)
    services.retest_request(sample=unqualified, requested_on=D(2023, 6, 7), actor=officer)
    services.retest_conclude(sample=unqualified, outcome="reversed", concluded_on=D(2023, 6, 30), actor=officer)
    assert unqualified.status == "closed" and unqualified.closed_on == D(2023, 6, 30)


@pytest.mark.parametrize(
    ("result", "items", "code"),
    [
        ("unqualified", [], "sampling.failed_items_required"),
        ("qualified", ["菌落总数"], "sampling.failed_items_on_qualified"),
        ("bad", [], "sampling.bad_result"),
    ],
)
def test_检验结论与不合格项目必须一致(make_task, make_entity, officer, result, items, code):
    sample = services.sample_register(
        task=make_task(), product_name="馒头", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
    )
    with pytest.raises(DomainError) as err:
        services.result_record(
            sample=sample,
            result=result,
            report_number="R1",
            report_on=D(2023, 5, 20),
            failed_items=items,
            actor=officer,
        )
    assert err.value.code == code
    assert Sample.objects.get(pk=sample.pk).status == "sampled"


def test_日期规则(make_task, make_entity, officer):
    task = make_task()
    with pytest.raises(DomainError) as err:
        services.sample_register(
            task=task, product_name="馒头", sampled_on=D(2024, 1, 2), entity=make_entity(), actor=officer
        )
    assert err.value.code == "date.future"
    with pytest.raises(DomainError) as err:
        services.sample_register(
            task=task, product_name="馒头", sampled_on=D(2023, 2, 1), entity=make_entity(), actor=officer
        )
    assert err.value.code == "date.too_early"
    sample = services.sample_register(
        task=task, product_name="馒头", sampled_on=D(2023, 5, 10), entity=make_entity(), actor=officer
    )
    with pytest.raises(DomainError) as err:
        services.result_record(
            sample=sample, result="qualified", report_number="R1", report_on=D(2023, 5, 9), actor=officer
        )
    assert err.value.code == "date.too_early"


def test_不能越级办理(unqualified, officer):
    with pytest.raises(DomainError) as err:
        services.disposal_order(sample=unqualified, measure="delist", ordered_on=D(2023, 6, 5), actor=officer)
    # 未送达不合格结论：不能责令处置（送达日期为空，先按状态拒绝）
    assert err.value.code in ("sampling.bad_transition", "date.too_early")
    with pytest.raises(DomainError) as err:
        services.sample_hand_over(sample=unqualified, on=D(2023, 6, 5), actor=officer)
    assert err.value.code == "sampling.clue_not_allowed"


def test_其他部门的人员不能办理(unqualified, make_user, other_department):
    stranger = make_user("officer", dept=other_department, username="stranger")
    with pytest.raises(NotFound):
        services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=stranger)
    auditor = make_user("auditor", username="aud")
    with pytest.raises(Exception) as err:
        services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=auditor)
    assert type(err.value).__name__ == "PermissionDenied"


def test_线索登记失败时移交不成立(unqualified, officer, monkeypatch):
    services.notice_serve(sample=unqualified, served_on=D(2023, 6, 5), actor=officer)

    def broken(**kwargs):
        raise DomainError("cases.broken", "线索登记失败")

    monkeypatch.setattr(case_services, "clue_register", broken)
    with pytest.raises(DomainError) as err:
        services.sample_hand_over(sample=unqualified, on=D(2023, 6, 6), actor=officer)
    assert err.value.code == "cases.broken"
    assert Sample.objects.get(pk=unqualified.pk).clue_id is None


# ---------------------------------------------------------------- campaigns


@pytest.fixture
def campaign(chief, department):
    return services.campaign_create(
        title="电梯维保单位专项检查",
        kind="enforcement",
        area="special_equipment",
        target_kind="elevator_maintainer",
        department=department,
        starts_on=D(2023, 4, 1),
        ends_on=D(2023, 6, 30),
        basis="津市场监特〔2023〕5号",
        actor=chief,
    )


def test_专项检查从选定对象到结束(campaign, make_entity, chief, officer):
    units = [make_entity() for _ in range(3)]
    assert (
        services.campaign_select(campaign=campaign, entities=units, criteria={"target": "电梯维保单位"}, actor=chief)
        == 3
    )
    checks = list(campaign.checks.order_by("id"))
    # one audit event per check record the selection created (issue 14: every write audited per record)
    events = AuditEvent.objects.filter(action="sampling.check_add").order_by("sequence")
    assert [(e.object_type, e.object_id, e.changes["entity"], e.actor_id) for e in events] == [
        ("sampling.campaigncheck", str(c.pk), u.pk, chief.pk) for c, u in zip(checks, units, strict=True)
    ]
    services.check_record(
        check=checks[0], checked_on=D(2023, 4, 10), finding="no_problem", officers="张三、李四", actor=officer
    )
    services.check_record(
        check=checks[1],
        checked_on=D(2023, 4, 11),
        finding="rectify",
        description="维保记录缺失",
        rectification_due_on=D(2023, 4, 25),
        actor=officer,
    )
    services.check_record(
        check=checks[2], checked_on=D(2023, 4, 12), finding="clue", description="无资质维保", actor=officer
    )
    services.check_hand_over(check=checks[2], on=D(2023, 4, 13), actor=officer)
    assert Clue.objects.get(source_ref=campaign.number).entity == units[2]
    with pytest.raises(DomainError) as err:
        services.campaign_close(campaign=campaign, on=D(2023, 6, 30), summary="完成", actor=chief)
    assert err.value.code == "sampling.rechecks_open"
    services.check_recheck(check=checks[1], rechecked_on=D(2023, 4, 26), result="not_rectified", actor=officer)
    services.check_hand_over(check=checks[1], on=D(2023, 4, 27), actor=officer)
    services.campaign_close(campaign=campaign, on=D(2023, 6, 30), summary="检查3家，移交线索2条", actor=chief)
    assert campaign.status == "closed"
    with pytest.raises(DomainError) as err:
        services.campaign_select(campaign=campaign, entities=[make_entity()], criteria={}, actor=chief)
    assert err.value.code == "sampling.campaign_closed"


def test_专项整治的结束日期和移交日期不早于它们所依据的检查(campaign, make_entity, chief, officer):
    # A campaign's file must not show it ended before the checks it records, nor a clue handed over for an
    # unfinished rectification before the re-check that found it unfinished.
    units = [make_entity(), make_entity()]
    services.campaign_select(campaign=campaign, entities=units, criteria={}, actor=chief)
    first, second = campaign.checks.order_by("id")
    services.check_record(check=first, checked_on=D(2023, 5, 10), finding="no_problem", actor=officer)
    services.check_record(
        check=second, checked_on=D(2023, 4, 10), finding="rectify", description="维保记录缺失",
        rectification_due_on=D(2023, 4, 25), actor=officer,
    )  # fmt: skip
    services.check_recheck(check=second, rechecked_on=D(2023, 6, 1), result="not_rectified", actor=officer)
    with pytest.raises(DomainError) as err:
        services.check_hand_over(check=second, on=D(2023, 5, 20), actor=officer)
    assert err.value.code == "date.too_early" and "复查" in err.value.message
    services.check_hand_over(check=second, on=D(2023, 6, 1), actor=officer)
    for on in (D(2023, 5, 9), D(2023, 5, 31)):  # before the last check (5-10), before the last re-check (6-1)
        with pytest.raises(DomainError) as err:
            services.campaign_close(campaign=campaign, on=on, summary="完成", actor=chief)
        assert err.value.code == "date.too_early" and err.value.field == "on", on
    campaign.refresh_from_db()
    assert campaign.status == "open" and campaign.closed_on is None
    services.campaign_close(campaign=campaign, on=D(2023, 6, 1), summary="检查2家，移交线索1条", actor=chief)
    assert campaign.status == "closed" and campaign.closed_on == D(2023, 6, 1)


def test_整改期限须晚于检查日期(campaign, make_entity, chief, officer):
    services.campaign_select(campaign=campaign, entities=[make_entity()], criteria={}, actor=chief)
    check = campaign.checks.get()
    with pytest.raises(DomainError) as err:
        services.check_record(
            check=check,
            checked_on=D(2023, 4, 10),
            finding="rectify",
            description="x",
            rectification_due_on=D(2023, 4, 10),
            actor=officer,
        )
    assert err.value.code == "sampling.bad_due"


def test_随机抽取可复现(campaign, make_entity, chief):
    pool = [make_entity() for _ in range(10)]
    seed = "ab" * 32
    added = services.campaign_draw(
        campaign=campaign,
        pool=pool,
        size=4,
        seed_hex=seed,
        drawn_at=dt.datetime(2023, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        actor=chief,
    )
    assert added == 4
    assert sorted(AuditEvent.objects.filter(action="sampling.check_add").values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in campaign.checks.values_list("pk", flat=True)
    )
    campaign.refresh_from_db()
    chosen = campaign.draw["selected"]
    assert len(chosen) == 4 and set(chosen) <= {e.uscc for e in pool}
    assert campaign.draw["pool_size"] == 10 and campaign.selection == "draw"
    # The same pool and seed give the same entities (anyone can re-run the draw from the stored record).
    from fazhi.rulebook import draws

    frozen = draws.freeze_candidates([(u, None) for u in sorted(e.uscc for e in pool)], salt="0" * 64)
    again = draws.select(
        frozen,
        draws.DrawParameters(size=4),
        draws.Seed(kind="secret", value=seed, source="系统随机数", announced_at="", fixed_at=""),
    )
    assert [s.uscc for s in again] == chosen
