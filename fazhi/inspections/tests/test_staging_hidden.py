"""A draw still being written (``staging``) is not a record: no page, record file, API answer, metric or export
shows it (issue 12). One task's draw completes, another task's draw is left half-written by a crash (its clean-up
never ran); everything the completed one shows, the half-written one must not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from fazhi.core.bundle import export_bundle
from fazhi.core.metrics import METRICS
from fazhi.core.testing import api_headers
from fazhi.inspections.choices import ResultCategory
from fazhi.inspections.models import Draw, InspectionAssignment, InspectionResult
from fazhi.inspections.services import draws as draws_service
from fazhi.inspections.tests.factories import DRAWN_AT, draw, freeze, freeze_and_draw, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_draws(department, other_department, make_user, monkeypatch):
    """(completed draw, half-written draw): the leader plans for both offices."""
    leader = make_user("leader", username="leader")
    done = freeze_and_draw(make_world(department, leader))
    half_world = make_world(other_department, leader, entity_start=1000)
    freeze(half_world)
    monkeypatch.setattr(draws_service, "WRITE_CHUNK", 2)
    monkeypatch.setattr(draws_service, "discard_staging", lambda draw_id: None)  # the process dies: no clean-up

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(draws_service, "_complete_draw", crash)
    with pytest.raises(KeyboardInterrupt):
        draw(half_world)
    monkeypatch.undo()
    half = Draw.objects.get(task=half_world.task)
    assert half.staging and InspectionAssignment.objects.filter(draw=half).count() == 6  # rows written, not live
    return done, half


def _usccs(d: Draw) -> list[str]:
    return list(InspectionAssignment.objects.filter(draw=d).values_list("entity__uscc", flat=True))


def test_公开任务页和公开抽取记录不含写入中的抽取(client, two_draws):
    done, half = two_draws
    page = client.get(reverse("publicity:public_inspections:task", args=[done.task_id])).content.decode()
    assert reverse("publicity:public_inspections:draw_record", args=[done.pk]) in page
    assert all(u in page for u in _usccs(done))
    page = client.get(reverse("publicity:public_inspections:task", args=[half.task_id])).content.decode()
    assert reverse("publicity:public_inspections:draw_record", args=[half.pk]) not in page
    assert not any(u in page for u in _usccs(half)) and half.record_hash not in page
    assert client.get(reverse("publicity:public_inspections:draw_record", args=[done.pk])).status_code == 200
    assert client.get(reverse("publicity:public_inspections:draw_record", args=[half.pk])).status_code == 404


def test_工作人员页面_记录下载和接口不含写入中的抽取(client, two_draws, make_user, other_department):
    done, half = two_draws
    user = make_user("leader", username="leader-2", dept=other_department)
    client.force_login(user)
    page = client.get(reverse("inspections:task_detail", args=[half.task_id])).content.decode()
    assert not any(u in page for u in _usccs(half))
    page = client.get(reverse("inspections:task_detail", args=[done.task_id])).content.decode()
    assert all(u in page for u in _usccs(done))
    for name in ("inspections:draw_record", "inspections:draw_full_record"):
        assert client.get(reverse(name, args=[done.pk])).status_code == 200
        assert client.get(reverse(name, args=[half.pk])).status_code == 404
    api = api_headers(user)
    assert client.get(f"/api/v1/inspections/tasks/{done.task_id}/record", **api).status_code == 200
    assert client.get(f"/api/v1/inspections/tasks/{half.task_id}/record", **api).status_code == 404
    assert client.get(f"/api/v1/inspections/tasks/{half.task_id}", **api).json()["current_draw_id"] is None
    assert client.get(f"/api/v1/inspections/tasks/{done.task_id}", **api).json()["current_draw_id"] == done.pk


def test_统计不计入写入中抽取的结果(two_draws, department, make_user):
    """No service records a result on a half-written draw; were one there (a damaged database), no figure counts it."""
    done, half = two_draws
    metric = METRICS["inspections.internal.entities_checked"]
    before = metric.compute(2023)
    for d in (done, half):
        a = InspectionAssignment.objects.filter(draw=d).order_by("rank").first()
        InspectionResult.objects.create(
            assignment=a,
            category=ResultCategory.NO_PROBLEM,
            inspected_on=DRAWN_AT.date(),
            recorded_by=done.drawn_by,
            recorded_at=DRAWN_AT,
        )
    assert metric.compute(2023) == before + 1
    counted = {e.uscc for e in metric.records(2023)}
    assert _usccs(done)[0] in counted and not counted & set(_usccs(half))


def test_导出数据不含写入中的抽取_及其检查对象和分组(two_draws, tmp_path: Path):
    done, half = two_draws
    out = tmp_path / "bundle"
    manifest = export_bundle(out)

    def rows(name: str) -> list[dict]:
        return [json.loads(line) for line in (out / f"{name}.jsonl").read_text("utf-8").splitlines()]

    assert [r["id"] for r in rows("inspections.draw")] == [done.pk]
    assignments = rows("inspections.assignment")
    assert {r["draw_id"] for r in assignments} == {done.pk} and len(assignments) == done.selected_count
    team = rows("inspections.assignment__officers")
    ids = {r["id"] for r in assignments}
    assert team and {r["inspectionassignment_id"] for r in team} == ids
    assert manifest["counts"]["inspections.assignment"] == done.selected_count
