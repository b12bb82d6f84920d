"""``fazhi import samples FILE``: lab results from the sampling system's export (docs/formats/samples.md).

One row is one sampled batch (抽样单编号) under an existing task (任务编号), with the registry entity sampled (and
the producer when different) and, once the lab has reported, the report and the conclusion. Idempotent by the
sample number: a new number is created; a stored batch without a conclusion takes the row's conclusion
("updated", its state moves as ``result_record`` would move it); the same conclusion again is "unchanged"; a
different conclusion is refused (``sampling.result_conflict``) — a recorded conclusion changes only by re-test.

Department scope (issue 14 §1): a 科室负责人 imports only batches of his own department's tasks, and never
touches another department's stored batch (``row.out_of_scope``). Every cell goes through the kernel's parsers
(dates, USCC check character, lengths), every row through the one date rule (not after the legal today, not
before the task's start, the report not before sampling). Set-based per chunk: one look-up of stored numbers,
one of entities by USCC, one bulk insert (COPY on PostgreSQL), one executemany update, one audit event per
record created or changed (``audit_records``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone

from fazhi.core import bulk, validation
from fazhi.core.errors import DomainError
from fazhi.core.importing import (
    CellError,
    Column,
    Good,
    Importer,
    ImportResult,
    RowError,
    choice,
    optional_date,
    parse_date,
    register_importer,
    required_text,
    text,
)
from fazhi.sampling.choices import Result, SampleStatus
from fazhi.sampling.services.samples import MAX_FAILED_ITEMS

RESULT_WORDS = {"合格": Result.QUALIFIED, "不合格": Result.UNQUALIFIED, **{v: v for v in Result.values}}


@functools.lru_cache(maxsize=200_000)
def _valid_uscc(value: str) -> str:
    return validation.uscc(value, field="uscc")


def _uscc(value: str) -> str:
    # Entities repeat in an export: each distinct code is checked once (invalid ones are not cached).
    try:
        return _valid_uscc(value)
    except DomainError as exc:
        raise CellError(exc.code, exc.message) from exc


def parse_failed_items(value: str) -> list[dict[str, str]]:
    """``项目|检验结果|标准要求`` items separated by ``；`` or ``;`` (result and standard may be left out)."""
    parts = [p.strip() for p in value.replace(";", "；").split("；") if p.strip()]
    if len(parts) > MAX_FAILED_ITEMS:
        raise CellError("sampling.bad_failed_items", f"不合格项目最多 {MAX_FAILED_ITEMS} 项")
    items = []
    for part in parts:
        fields = [f.strip() for f in part.split("|")]
        if len(fields) > 3 or not fields[0]:
            raise CellError(
                "sampling.bad_failed_items", "不合格项目的格式为“项目|检验结果|标准要求”，多项之间用分号隔开"
            )
        fields += [""] * (3 - len(fields))
        if len(fields[0]) > 100 or len(fields[1]) > 100 or len(fields[2]) > 200:
            raise CellError("cell.too_long", "不合格项目的名称或数值过长")
        items.append({"item": fields[0], "value": fields[1], "standard": fields[2]})
    return items


COLUMNS = (
    Column("number", ("抽样单编号", "样品编号", "抽样编号", "number"), parse=required_text(40)),
    Column("task", ("任务编号", "抽样任务编号", "task"), parse=required_text(40)),
    Column("product_name", ("样品名称", "产品名称", "product_name"), parse=required_text(200)),
    Column("entity_uscc", ("被抽样单位统一社会信用代码", "被抽样单位信用代码", "entity_uscc"), parse=_uscc),
    Column(
        "producer_uscc", ("标称生产者统一社会信用代码", "生产者信用代码", "producer_uscc"), required=False, parse=_uscc
    ),
    Column("producer_name", ("标称生产者名称", "生产企业名称", "producer_name"), required=False, parse=text(200)),
    Column("brand", ("商标", "brand"), required=False, parse=text(100)),
    Column("specification", ("规格型号", "规格", "specification"), required=False, parse=text(100)),
    Column("batch_number", ("生产日期/批号", "生产日期批号", "批号", "batch_number"), required=False, parse=text(60)),
    Column("sampled_on", ("抽样日期", "sampled_on"), parse=parse_date),
    Column("report_number", ("检验报告编号", "报告编号", "report_number"), required=False, parse=text(60)),
    Column("report_on", ("检验报告日期", "报告日期", "report_on"), required=False, parse=optional_date),
    Column("result", ("检验结论", "结论", "result"), required=False, parse=choice(RESULT_WORDS, "sampling.result")),
    Column("failed_items", ("不合格项目", "failed_items"), required=False, parse=parse_failed_items),
)

INSERT_FIELDS = (
    "number",
    "task_id",
    "area",
    "product_category",
    "department_id",
    "product_name",
    "brand",
    "specification",
    "batch_number",
    "sampled_on",
    "entity_id",
    "producer_id",
    "producer_name",
    "report_number",
    "report_on",
    "result",
    "failed_items",
    "status",
    "closed_on",
    # NOT NULL columns with defaults the ORM would fill:
    "retest_rule",
    "retest_lab",
    "retest_outcome",
    "revision",
    "created_at",
)


def insert_rows(rows: list[tuple[Any, ...]]) -> int:
    """Complete rows in INSERT_FIELDS order through the one bulk writer (also used by the benchmark and demo)."""
    return bulk.insert("sampling_sample", INSERT_FIELDS, rows)


def status_for(result: str | None) -> str:
    if result == Result.QUALIFIED:
        return SampleStatus.QUALIFIED
    if result == Result.UNQUALIFIED:
        return SampleStatus.UNQUALIFIED
    return SampleStatus.SAMPLED


class SampleImporter(Importer):
    kind = "samples"
    label = "抽检结果"
    columns = COLUMNS
    key = "number"
    chunk_size = 5000
    max_rows = 1_000_000
    permission = "sampling.import"
    department_scoped = True

    def prepare(self) -> None:
        from fazhi.core.clock import legal_today
        from fazhi.sampling.models import SamplingTask

        self.today = legal_today()
        # number -> (id, area, category, department, starts_on)
        self.tasks = {
            number: (pk, area, category, dept, start)
            for pk, number, area, category, dept, start in SamplingTask.objects.values_list(
                "pk", "number", "plan__area", "product_category", "department_id", "starts_on"
            )
        }
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        errors: list[RowError] = []
        task = self.tasks.get(values["task"])
        if task is None:
            errors.append(
                RowError(row, "任务编号", "sampling.unknown_task", f"系统中没有抽样任务“{values['task'][:40]}”")
            )
        elif not self.in_scope(task[3]):
            errors.append(self.scope_error(row, "任务编号", "抽样任务"))
        sampled = values["sampled_on"]
        if sampled > self.today:
            errors.append(RowError(row, "抽样日期", "date.future", "抽样日期晚于今天，请核对"))
        elif task is not None and sampled < task[4]:
            errors.append(
                RowError(row, "抽样日期", "date.too_early", f"抽样日期早于任务开始日期（{task[4]:%Y-%m-%d}）")
            )
        result, items = values.get("result"), values.get("failed_items") or []
        report_on = values.get("report_on")
        if result:
            if not values.get("report_number"):
                errors.append(
                    RowError(row, "检验报告编号", "sampling.report_required", "有检验结论的，请填写检验报告编号")
                )
            if report_on is None:
                errors.append(
                    RowError(row, "检验报告日期", "sampling.report_required", "有检验结论的，请填写检验报告日期")
                )
            if result == Result.UNQUALIFIED and not items:
                errors.append(
                    RowError(
                        row, "不合格项目", "sampling.failed_items_required", "检验结论为不合格的，请填写不合格项目"
                    )
                )
            if result == Result.QUALIFIED and items:
                errors.append(
                    RowError(
                        row, "不合格项目", "sampling.failed_items_on_qualified", "检验结论为合格的，不应填写不合格项目"
                    )
                )
        elif items or values.get("report_number") or report_on is not None:
            errors.append(
                RowError(row, "检验结论", "sampling.result_required", "填写了检验报告或不合格项目的，请填写检验结论")
            )
        if report_on is not None:
            if report_on > self.today:
                errors.append(RowError(row, "检验报告日期", "date.future", "检验报告日期晚于今天，请核对"))
            elif report_on < sampled:
                errors.append(RowError(row, "检验报告日期", "date.too_early", "检验报告日期早于抽样日期，请核对"))
        return errors

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        numbers = [v["number"] for _, v in rows]
        existing = {
            r[0]: r
            for r in _select_in(
                "SELECT number, id, department_id, result, report_number, status, entity_id, task_id "
                "FROM sampling_sample WHERE number IN",
                numbers,
            )
        }
        usccs = sorted(
            {v["entity_uscc"] for _, v in rows} | {v["producer_uscc"] for _, v in rows if v.get("producer_uscc")}
        )
        entities = {
            uscc: (pk, name)
            for uscc, pk, name in _select_in("SELECT uscc, id, name FROM registry_marketentity WHERE uscc IN", usccs)
        }
        inserts: list[tuple[Any, ...]] = []
        insert_rows_n: list[int] = []
        updates: list[tuple[Any, ...]] = []
        for n, v in rows:
            task = self.tasks[v["task"]]
            entity = entities.get(v["entity_uscc"])
            if entity is None:
                self.reject_row(
                    n,
                    [
                        RowError(
                            n,
                            "被抽样单位统一社会信用代码",
                            "sampling.unknown_entity",
                            "系统中没有该统一社会信用代码的市场主体",
                        )
                    ],
                )
                continue
            producer = entities.get(v.get("producer_uscc") or "")
            if v.get("producer_uscc") and producer is None:
                self.reject_row(
                    n,
                    [
                        RowError(
                            n,
                            "标称生产者统一社会信用代码",
                            "sampling.unknown_entity",
                            "系统中没有该统一社会信用代码的市场主体",
                        )
                    ],
                )
                continue
            if producer is not None and producer[0] == entity[0]:
                producer = None
            res = v.get("result") or ""
            items = v.get("failed_items") or []
            old = existing.get(v["number"])
            if old is not None:
                _, pk, dept, old_result, old_report, status, old_entity, old_task = old
                if not self.in_scope(dept):
                    self.reject_row(n, [self.scope_error(n, "抽样单编号", "抽检样品")])
                    continue
                if old_entity != entity[0] or old_task != task[0]:
                    self.reject_row(
                        n,
                        [
                            RowError(
                                n,
                                "抽样单编号",
                                "sampling.number_conflict",
                                "该抽样单编号已登记为其他任务或其他被抽样单位的样品",
                            )
                        ],
                    )
                    continue
                if not res or (res == old_result and v.get("report_number") == old_report):
                    result.unchanged += 1
                    continue
                if old_result:
                    # the same conclusion under another report number is a conflict too, but it says so
                    column, message = (
                        ("检验报告编号", f"该样品已登记检验报告 {old_report}；报告有误的，请在样品页面更正检验结论")
                        if res == old_result
                        else ("检验结论", "该样品已登记不同的检验结论；结论只能经复检改变")
                    )
                    self.reject_row(n, [RowError(n, column, "sampling.result_conflict", message)])
                    continue
                new_status = status_for(res)
                closed = v["report_on"] if res == Result.QUALIFIED else None
                updates.append(
                    (
                        v["report_number"],
                        v["report_on"],
                        res,
                        (json.dumps(items, ensure_ascii=False) if items else "[]"),
                        new_status,
                        closed,
                        pk,
                    )
                )
                self.record_changed(
                    "sampling.sample",
                    pk,
                    n,
                    {"result": ["", res], "report_number": ["", v["report_number"]], "status": [status, new_status]},
                )
                result.updated += 1
                continue
            inserts.append(
                (
                    v["number"],
                    task[0],
                    task[1],
                    task[2],
                    task[3],
                    v["product_name"],
                    v.get("brand") or "",
                    v.get("specification") or "",
                    v.get("batch_number") or "",
                    v["sampled_on"],
                    entity[0],
                    producer[0] if producer else None,
                    producer[1] if producer else (v.get("producer_name") or ""),
                    v.get("report_number") or "",
                    v.get("report_on"),
                    res,
                    (json.dumps(items, ensure_ascii=False) if items else "[]"),
                    status_for(res),
                    v.get("report_on") if res == Result.QUALIFIED else None,
                    "",
                    "",
                    "",
                    0,
                    self.now,
                )
            )
            insert_rows_n.append(n)
        if inserts:
            insert_rows(inserts)
            ids = dict(_select_in("SELECT number, id FROM sampling_sample WHERE number IN", [r[0] for r in inserts]))
            for n, r in zip(insert_rows_n, inserts, strict=True):
                self.record_created("sampling.sample", ids[r[0]], n, {"number": r[0], "task": r[1], "result": r[15]})
            result.created += len(inserts)
        if updates:
            with connection.cursor() as cur:
                cur.executemany(
                    "UPDATE sampling_sample SET report_number = %s, report_on = %s, result = %s, failed_items = %s, "
                    "status = %s, closed_on = %s, revision = revision + 1 WHERE id = %s",
                    updates,
                )
        progress(len(rows))


def _select_in(sql: str, values: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cur:
        for start in range(0, len(values), 900):
            part = values[start : start + 900]
            cur.execute(f"{sql} ({', '.join(['%s'] * len(part))})", part)
            out.extend(cur.fetchall())
    return out


register_importer("samples", SampleImporter)
