"""证照分离 (separating permits from the business licence): approval matters with their reform mode.

``fazhi import permits FILE`` reads the approval system's export (docs/formats/permits.md) with the row-error
contract of every import; the ``permits.*`` metrics count the records by reform mode and decision date.

Idempotent by 办件编号: a number already stored with the same values is "unchanged", with other values
"updated" (one audit event per record, with the changed fields). Department scope (issue 14 §1): a 科室负责人
imports only matters his department handled, and never changes another department's record
(``row.out_of_scope``). Set-based: per chunk one look-up of existing numbers, one of entities by USCC, one bulk
insert and one executemany update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core import bulk, validation
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.core.importing import (
    CellError,
    Column,
    Good,
    Importer,
    ImportResult,
    RowError,
    choice,
    parse_date,
    register_importer,
    required_text,
    text,
)
from fazhi.registry.choices import ReformMode
from fazhi.registry.models import Department, PermitMatter

MODE_WORDS = {
    **{label: value for value, label in ReformMode.choices},
    **{value: value for value in ReformMode.values},
    "取消审批": ReformMode.CANCELLED,
    "直接取消": ReformMode.CANCELLED,
    "改为备案": ReformMode.FILING,
    "备案": ReformMode.FILING,
    "审批改备案": ReformMode.FILING,
    "告知承诺": ReformMode.NOTIFY_COMMIT,
    "告知承诺制": ReformMode.NOTIFY_COMMIT,
    "优化审批": ReformMode.OPTIMISED,
    "优化审批服务": ReformMode.OPTIMISED,
}


def _uscc(value: str) -> str:
    try:
        return validation.uscc(value, field="uscc")
    except DomainError as exc:
        raise CellError(exc.code, exc.message) from exc


COLUMNS = (
    Column("number", ("办件编号", "业务流水号", "受理编号", "number"), parse=required_text(60)),
    Column("matter", ("许可事项", "事项名称", "审批事项", "matter"), parse=required_text(200)),
    Column("reform_mode", ("改革方式", "证照分离改革方式", "reform_mode"), parse=choice(MODE_WORDS, "reform_mode")),
    Column("applicant_name", ("申请人", "申请人名称", "市场主体名称", "applicant"), parse=required_text(200)),
    Column("uscc", ("统一社会信用代码", "uscc"), required=False, parse=_uscc),
    Column("decided_on", ("办结日期", "审批日期", "备案日期", "decided_on"), parse=parse_date),
    Column("department", ("办理部门", "承办部门", "department"), parse=text(100)),
)
FIELDS = ("matter", "reform_mode", "applicant_name", "uscc", "entity_id", "decided_on", "department_id")


class PermitImporter(Importer):
    kind = "permits"
    label = "证照分离办件"
    columns = COLUMNS
    key = "number"
    chunk_size = 5000
    max_rows = 1_000_000
    permission = "registry.import"
    department_scoped = True

    def prepare(self) -> None:
        self.today = legal_today()
        self.departments = {n: pk for pk, n in Department.objects.values_list("pk", "name")}
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        errors = []
        try:
            validation.step_date(values["decided_on"], today=self.today, field="decided_on", what="办结日期")
        except DomainError as exc:
            errors.append(RowError(row, "办结日期", exc.code, exc.message))
        name = values.get("department") or ""
        if not name:
            errors.append(RowError(row, "办理部门", "cell.required", "请填写办理部门"))
        elif name not in self.departments:
            errors.append(RowError(row, "办理部门", "permits.unknown_department", f"系统中没有部门“{name[:30]}”"))
        elif not self.in_scope(self.departments[name]):
            errors.append(self.scope_error(row, "办理部门", "办件"))
        return errors

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        numbers = [v["number"] for _, v in rows]
        existing = {
            r[0]: r
            for r in _select_in(
                "SELECT number, id, matter, reform_mode, applicant_name, uscc, entity_id, decided_on, department_id "
                "FROM registry_permitmatter WHERE number IN",
                numbers,
            )
        }
        usccs = sorted({v["uscc"] for _, v in rows if v.get("uscc")})
        entities = dict(_select_in("SELECT uscc, id FROM registry_marketentity WHERE uscc IN", usccs))
        inserts: list[tuple[Any, ...]] = []
        insert_rows: list[int] = []
        updates: list[tuple[Any, ...]] = []
        for n, v in rows:
            uscc = v.get("uscc") or ""
            new = (
                v["matter"],
                str(v["reform_mode"]),
                v["applicant_name"],
                uscc,
                entities.get(uscc) if uscc else None,
                v["decided_on"],
                self.departments[v["department"]],
            )
            old = existing.get(v["number"])
            if old is None:
                inserts.append((v["number"], *new, self.now))
                insert_rows.append(n)
                continue
            if not self.in_scope(old[8]):
                self.reject_row(n, [self.scope_error(n, "办件编号", "办件")])
                continue
            before = (old[2], old[3], old[4], old[5], old[6], _day(old[7]), old[8])
            changes = {f: [b, a] for f, b, a in zip(FIELDS, before, new, strict=True) if b != a}
            if not changes:
                result.unchanged += 1
                continue
            updates.append((*new, old[1]))
            self.record_changed("registry.permitmatter", old[1], n, changes)
            result.updated += 1
        if inserts:
            bulk.insert(PermitMatter, ("number", *FIELDS, "created_at"), inserts)
            ids = dict(
                _select_in("SELECT number, id FROM registry_permitmatter WHERE number IN", [r[0] for r in inserts])
            )
            for n, r in zip(insert_rows, inserts, strict=True):
                self.record_created("registry.permitmatter", ids[r[0]], n, {"number": r[0], "reform_mode": r[2]})
            result.created += len(inserts)
        if updates:
            sets = ", ".join(f"{f} = %s" for f in FIELDS)
            with connection.cursor() as cur:
                cur.executemany(f"UPDATE registry_permitmatter SET {sets} WHERE id = %s", updates)  # noqa: S608
        progress(len(rows))


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _select_in(sql: str, values: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cur:
        for start in range(0, len(values), 900):
            part = values[start : start + 900]
            cur.execute(f"{sql} ({', '.join(['%s'] * len(part))})", part)
            out.extend(cur.fetchall())
    return out


register_importer("permits", PermitImporter)


# ---------------------------------------------------------------- reads


def matters_decided(year: int) -> QuerySet[PermitMatter]:
    """Every matter decided in ``year`` (办结日期 from 1 January to 31 December), whatever its reform mode."""
    return PermitMatter.objects.filter(decided_on__gte=dt.date(year, 1, 1), decided_on__lte=dt.date(year, 12, 31))


def permit_matters(year: int, mode: str) -> QuerySet[PermitMatter]:
    """The matters of ``mode`` decided in ``year``."""
    return matters_decided(year).filter(reform_mode=mode).order_by("decided_on", "id")


def permit_count(year: int, mode: str) -> int:
    return permit_matters(year, mode).count()
