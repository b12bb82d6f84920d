"""Generate the demo district: discover every app's ``demo_data`` module and run them in ORDER.

One transaction for the whole district: a crash (exception, Ctrl-C, killed process) leaves nothing behind,
and the ``DemoRun`` row that marks the data as present is committed together with it. ``force`` wipes the
tables of every fazhi app first (all their rows — the demo database is not meant to hold real data; a database
with registry data but no demo marker is refused unless ``force``).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from fazhi.core import audit_guard
from fazhi.core.errors import DomainError
from fazhi.demo.context import SCALES, DemoContext
from fazhi.demo.models import DemoRun


@dataclass(frozen=True)
class Generator:
    app: str
    order: int
    generate: Callable[[DemoContext], None]
    module: ModuleType


def discover_generators() -> list[Generator]:
    """Every installed ``fazhi.<app>.demo_data`` module with ``ORDER`` and ``generate(ctx)``, sorted by ORDER."""
    found: list[Generator] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        module_name = f"{config.name}.demo_data"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        found.append(Generator(config.label, int(module.ORDER), module.generate, module))
    return sorted(found, key=lambda g: (g.order, g.app))


def finished_run() -> DemoRun | None:
    """The completed demo generation, if the database holds one."""
    return DemoRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def _has_foreign_data() -> bool:
    from fazhi.registry.models import MarketEntity

    return MarketEntity.objects.exists() and not DemoRun.objects.exists()


def wipe_demo_tables() -> None:
    """Delete every row of every fazhi app's tables (users and audit events included) and reset sequences."""
    doomed = {
        model
        for config in apps.get_app_configs()
        if config.name.startswith("fazhi.")
        for model in config.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }
    # The tables outside fazhi that point to these (the admin log, OTP devices…) go too, as a cascade would take
    # them. Found from the models rather than by ``allow_cascade``: on SQLite that walks ``sqlite_master`` with a
    # regular expression once per table, which took seconds even on an empty database.
    everything = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy and m._meta.managed]
    grew = True
    while grew:
        referrers = {
            model
            for model in everything
            if model not in doomed
            and any(f.related_model in doomed for f in model._meta.concrete_fields if f.is_relation)
        }
        doomed |= referrers
        grew = bool(referrers)
    existing = set(connection.introspection.table_names())
    tables = sorted({model._meta.db_table for model in doomed} & existing)
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with pending deferred-FK checks from earlier in the same transaction
        # (happens when generating twice in one test transaction): run the checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The audit table refuses DELETE/TRUNCATE; a demo reset (never in production) lifts that for this transaction.
    with audit_guard.suspended(connection.alias, reason="演示数据重置"):
        connection.ops.execute_sql_flush(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def generate_demo(
    *,
    seed: int = 2023,
    scale: str = "full",
    force: bool = False,
    verbose: bool = True,
    only: list[str] | None = None,
    echo: Callable[[str], None] = print,
) -> DemoRun:
    """Generate the whole demo district in one transaction and return its ``DemoRun`` marker.

    Raises ``DomainError`` ``demo.present`` when demo data exists (use ``force``), ``demo.foreign_data`` when
    the database holds entities that the demo did not make (use ``force`` to wipe them), ``demo.scale``.
    """
    if scale not in SCALES:
        raise DomainError("demo.scale", f"未知的规模“{scale}”，可选：{'、'.join(SCALES)}")
    if not force:
        if finished_run() is not None:
            raise DomainError("demo.present", "数据库中已有演示数据；如需重新生成请加 --force（将清空全部业务数据）")
        if _has_foreign_data():
            raise DomainError(
                "demo.foreign_data", "数据库中已有非演示的市场主体数据，拒绝覆盖；确认要清空时请加 --force"
            )
    generators = discover_generators()
    if only:
        generators = [g for g in generators if g.app in only]
    ctx = DemoContext(seed=seed, scale=scale, verbose=verbose)
    total_started = time.perf_counter()
    timings: dict[str, float] = {}
    with transaction.atomic(), contextlib.ExitStack() as stack:
        # A generator module may offer ``bulk_load()``: a context manager around the whole generation (e.g. to
        # suspend index-maintaining triggers and rebuild once at the end).
        for generator in discover_generators():
            if hasattr(generator.module, "bulk_load"):
                stack.enter_context(generator.module.bulk_load())
        with ctx.step("清空旧数据"):
            wipe_demo_tables()
        run = DemoRun.objects.create(seed=seed, scale=scale, started_at=timezone.now())
        for generator in generators:
            started = time.perf_counter()
            if verbose:
                echo(f"[{generator.order:>3}] {generator.app} …")
            generator.generate(ctx)
            timings[generator.app] = round(time.perf_counter() - started, 2)
            if verbose:
                echo(f"      {generator.app} 完成，用时 {timings[generator.app]:.1f} 秒")
        timings["total"] = round(time.perf_counter() - total_started, 2)
        with ctx.step("重建索引"):
            stack.close()
        if connection.vendor == "postgresql":
            # The planner's statistics of tables that were empty a moment ago say "empty": without them the first
            # metric queries over the new district chose nested loops over every table and ran for minutes (the
            # autovacuum daemon would analyze them only later, and never inside this transaction). ANALYZE is
            # allowed in a transaction and counts the rows this transaction wrote.
            with ctx.step("更新查询统计"), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        run.finished_at = timezone.now()
        run.timings = timings
        run.save(update_fields=["finished_at", "timings"])
    return run
