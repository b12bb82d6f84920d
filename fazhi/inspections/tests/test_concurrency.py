"""Concurrent writers (file-backed SQLite under ``make test``, and PostgreSQL): the office keeps working while a pool
is fixed or a draw computed, and two people pressing the same button at once never both succeed."""

from __future__ import annotations

import copy
import datetime as dt
import threading
import time

import pytest
from django.db import close_old_connections

from fazhi.core.clock import at_moment
from fazhi.core.errors import DomainError
from fazhi.core.testing import skip_unless_file_backed
from fazhi.inspections import services
from fazhi.inspections.models import Draw, FrozenPool, InspectionAssignment, OfficerConflict
from fazhi.inspections.tests.factories import DRAWN_AT, FROZEN_AT, freeze, make_world

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _other_writer(world, results: list) -> None:
    """Another user of the office writes meanwhile (a 回避申报): it must not wait for the draw."""

    def work():
        started = time.perf_counter()
        try:
            services.conflict_declare(
                officer=world.officers[-1],
                entity=world.entities[-1],
                reason=("other", "relative")[len(results)],
                declared_on=dt.date(2023, 1, 1),
                actor=world.actor,
            )
            results.append(time.perf_counter() - started)
        except BaseException as exc:  # reported by the test
            results.append(exc)
        finally:
            close_old_connections()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_固定名录库和抽取的计算期间_其他人可以写入(department, make_user, monkeypatch):
    skip_unless_file_backed()
    chief = make_user("section_chief")
    world = make_world(department, chief, entities=30, officers=4)
    writes: list = []
    from fazhi.inspections.services import draws as draw_services
    from fazhi.inspections.services import pools

    pack, strata = pools._pack, draw_services.draws.selected_strata

    def pack_then_write(rows):  # the pool has been read and hashed; the write transaction is not open yet
        _other_writer(world, writes)
        return pack(rows)

    def strata_then_write(pool, head):  # the draw has been computed; its rows are not stored yet
        _other_writer(world, writes)
        return strata(pool, head)

    monkeypatch.setattr(pools, "_pack", pack_then_write)
    monkeypatch.setattr(draw_services.draws, "selected_strata", strata_then_write)
    freeze(world)
    world.task.refresh_from_db()
    with at_moment(DRAWN_AT):
        services.task_draw(task=world.task, actor=chief)
    assert len(writes) == 2 and all(isinstance(w, float) for w in writes), writes
    assert OfficerConflict.objects.count() == 2


def _race(n: int, action) -> list:
    outcomes: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def work():
        try:
            barrier.wait()
            value = action()
            with lock:
                outcomes.append(value)
        except DomainError as exc:
            with lock:
                outcomes.append(exc.code)
        except BaseException as exc:  # an unexpected error fails the test below
            with lock:
                outcomes.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_两人同时固定同一任务的名录库_只有一次成功(department, make_user):
    skip_unless_file_backed()
    chief = make_user("section_chief")
    world = make_world(department, chief, entities=30, officers=4)

    def act():
        with at_moment(FROZEN_AT):
            return services.task_freeze_pools(task=copy.copy(world.task), actor=chief, seed_kind="secret")

    outcomes = _race(4, act)
    assert sum(isinstance(o, FrozenPool) for o in outcomes) == 1, outcomes
    assert all(
        o in ("concurrency.stale", "inspections.forbidden_transition")
        for o in outcomes
        if not isinstance(o, FrozenPool)
    )
    assert FrozenPool.objects.count() == 1 and world.task.seeds.count() == 1


def test_两人同时抽取_只有一次抽取(department, make_user, monkeypatch):
    skip_unless_file_backed()
    from fazhi.inspections.services import draws as draw_services

    monkeypatch.setattr(draw_services, "WRITE_CHUNK", 2)  # several short writes each: the attempts interleave
    chief = make_user("section_chief")
    world = make_world(department, chief, entities=30, officers=4)
    freeze(world)
    world.task.refresh_from_db()

    def act():
        with at_moment(DRAWN_AT):
            return services.task_draw(task=copy.copy(world.task), actor=chief)

    outcomes = _race(4, act)
    assert sum(isinstance(o, Draw) for o in outcomes) == 1, outcomes
    refused = (
        "concurrency.stale",
        "inspections.forbidden_transition",
        "inspections.seed_changed",
        "inspections.draw_replaced",
        "inspections.draw_in_progress",
    )
    assert all(o in refused for o in outcomes if not isinstance(o, Draw)), outcomes
    won = Draw.objects.get()
    assert not won.staging and InspectionAssignment.objects.count() == won.selected_count


def test_抽取结果分批写入期间_其他人可以写入_写入中的抽取不可见(department, make_user, monkeypatch):
    skip_unless_file_backed()
    from fazhi.inspections.selectors import current_draw
    from fazhi.inspections.services import draws as draw_services

    monkeypatch.setattr(draw_services, "WRITE_CHUNK", 2)
    chief = make_user("section_chief")
    world = make_world(department, chief, entities=30, officers=4)
    freeze(world)
    world.task.refresh_from_db()
    writes: list = []
    seen: list = []
    real = draw_services._write_chunk

    def chunk_then_write(draw, task_id, assignments, teams, start):
        real(draw, task_id, assignments, teams, start)
        seen.append(current_draw(world.task))  # between two chunks nothing of the draw is visible
        if start == 0:
            _other_writer(world, writes)  # another connection writes between two chunks of the draw

    monkeypatch.setattr(draw_services, "_write_chunk", chunk_then_write)
    with at_moment(DRAWN_AT):
        d = services.task_draw(task=world.task, actor=chief)
    assert len(writes) == 1 and isinstance(writes[0], float), writes
    assert len(seen) == 3 and seen == [None, None, None]  # 6 selected, 2 per write
    assert current_draw(world.task) == d and InspectionAssignment.objects.filter(draw=d).count() == 6
