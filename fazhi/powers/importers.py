"""``fazhi import powers FILE``: the Excel/CSV power lists bureaus keep → lines of a draft 调整函.

Convention (docs/formats/powers.md): an import never changes the list directly. The rows go into the
open *import draft* batch (status 草稿, source 导入), created when none is open, effective on the day of
import; staff then set its number, date and effective date in the UI, submit it, and a leader approves
it. Rows are keyed by 事项编码 inside that batch, so importing the same file again changes nothing and
importing a corrected file updates the lines.

Department scope (issue 14 §1): a 科室负责人 prepares lines only for his own department — the 责任科室 a row names
and, for a line already in the draft or an item to be removed, the department it has now; other rows are
rejected with ``row.out_of_scope``. Every line created or changed gets its own audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.importing import (
    CellError,
    Column,
    Importer,
    ImportResult,
    RowError,
    choice,
    register_importer,
    required_text,
    text,
)
from fazhi.powers.choices import BatchStatus, LineAction, PowerCategory
from fazhi.powers.models import AdjustmentBatch, AdjustmentLine, PowerItemVersion
from fazhi.powers.services import parse_legal_basis

IMPORT_SOURCE = "导入"
ACTION_WORDS = {
    "新增": "add", "增加": "add", "add": "add",
    "变更": "change", "修改": "change", "调整": "change", "change": "change",
    "取消": "remove", "删除": "remove", "调出": "remove", "remove": "remove",
}  # fmt: skip
CATEGORY_WORDS = {label: value for value, label in PowerCategory.choices} | {v: v for v in PowerCategory.values}
LINE_FIELDS = ("action", "name", "category", "legal_basis", "department_id", "accountability", "duty_items", "remarks",
               "reason")  # fmt: skip


def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda value: parse(value) if value else ""


class PowerImporter(Importer):
    kind = "powers"
    label = "权责清单"
    key = "code"
    permission = "powers.prepare"
    department_scoped = True
    max_rows = 20_000

    def __init__(self) -> None:
        self._departments: dict[str, int] | None = None
        self.columns = [
            Column("action", ("调整类型", "调整方式", "操作"), required=False, parse=choice(ACTION_WORDS, "action")),
            Column("code", ("事项编码", "编码", "权力编码", "职权编码"), parse=required_text(64)),
            Column("name", ("事项名称", "职权名称", "权力名称"), parse=text(300)),
            Column(
                "category",
                ("职权类别", "权力类别", "事项类别", "类别"),
                parse=_optional(choice(CATEGORY_WORDS, "category")),
            ),  # fmt: skip
            Column("legal_basis", ("设定依据", "法律依据", "依据"), parse=text(3000), max_chars=3000),
            Column("implementation_basis", ("实施依据",), required=False, parse=text(3000), max_chars=3000),
            Column(
                "department",
                ("责任科室", "承办机构", "责任部门", "实施主体", "承办科室"),
                required=False,
                parse=self._department,
            ),  # fmt: skip
            Column("accountability", ("追责情形",), required=False, parse=text(4000)),
            Column("duty_items", ("责任事项",), required=False, parse=text(4000)),
            Column("remarks", ("备注",), required=False, parse=text(1000)),
            Column("reason", ("调整理由", "调整原因"), required=False, parse=text(1000)),
        ]

    def _department(self, value: str) -> int:
        if self._departments is None:
            from fazhi.registry.models import Department

            self._departments = {}
            for department_pk, code, name in Department.objects.values_list("pk", "code", "name"):
                self._departments[code] = department_pk
                self._departments[name] = department_pk
        pk = self._departments.get(value.strip())
        if pk is None:
            raise CellError("department.unknown", f"找不到部门“{value[:30]}”：请填写系统中已有的部门名称或编码")
        return pk

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        if self.scope_department_id is not None and values.get("department") is not None:
            if not self.in_scope(values["department"]):
                return [self.scope_error(row, "责任科室", "权责事项")]
        if values.get("action") == LineAction.REMOVE:
            return []
        errors = []
        if self.scope_department_id is not None and values.get("department") is None:
            errors.append(
                RowError(row, "责任科室", "row.out_of_scope", "请填写责任科室（本部门）：您只能为本部门的事项准备调整")
            )
        if not values.get("name"):
            errors.append(RowError(row, "事项名称", "cell.required", "新增或变更事项时必填"))
        if not values.get("category"):
            errors.append(RowError(row, "职权类别", "cell.required", "新增或变更事项时必填（如 行政处罚）"))
        if not values.get("legal_basis"):
            errors.append(
                RowError(
                    row,
                    "设定依据",
                    "powers.legal_basis_missing",
                    "未填写设定依据（法律法规名称及条款）；法无授权不可为",
                )
            )
        return errors

    def apply(
        self, rows: list[tuple[int, dict[str, Any]]], result: ImportResult, progress: Callable[[int], None]
    ) -> None:
        if not rows:
            return
        today = legal_today()
        batch = (
            AdjustmentBatch.objects.select_for_update()
            .filter(status=BatchStatus.DRAFT, source=IMPORT_SOURCE)
            .order_by("-id")
            .first()
        )
        if batch is None:
            n = AdjustmentBatch.objects.filter(number__startswith=f"导入-{today:%Y%m%d}-").count() + 1
            batch = AdjustmentBatch.objects.create(
                number=f"导入-{today:%Y%m%d}-{n}",
                title=f"{today} 导入的权责清单调整（待补全文号后提交）",
                issued_on=today,
                effective_from=today,
                source=IMPORT_SOURCE,
            )
            audit_record(action="powers.prepare", target=batch, changes={"step": "create", "number": batch.number})
        codes = [v["code"] for _, v in rows]
        in_force = dict(
            PowerItemVersion.objects.filter(item__code__in=codes, effective_to__isnull=True).values_list(
                "item__code", "department_id"
            )
        )
        existing = {line.code: line for line in batch.lines.filter(code__in=codes)}
        position = (batch.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        to_create, to_update = [], []
        created_rows: list[int] = []
        for n, v in rows:
            line = existing.get(v["code"])
            current = [line.department_id] if line is not None else []
            if v["code"] in in_force:
                current.append(in_force[v["code"]])
            if not all(self.in_scope(d) for d in current):
                self.reject_row(n, [self.scope_error(n, "事项编码", "权责事项")])
                continue
            action = v.get("action") or (LineAction.CHANGE if v["code"] in in_force else LineAction.ADD)
            basis = parse_legal_basis(v.get("legal_basis") or "")
            basis += [{**e, "kind": "implementation"} for e in parse_legal_basis(v.get("implementation_basis") or "")]
            fields = {
                "action": action,
                "name": v.get("name") or "",
                "category": v.get("category") or "",
                "legal_basis": basis,
                "department_id": v.get("department") or None,
                "accountability": v.get("accountability") or "",
                "duty_items": v.get("duty_items") or "",
                "remarks": v.get("remarks") or "",
                "reason": v.get("reason") or "",
            }
            if action == LineAction.REMOVE:
                fields.update(name="", category="", legal_basis=[], department_id=None, accountability="",
                              duty_items="", remarks="")  # fmt: skip
            if line is None:
                to_create.append(AdjustmentLine(batch=batch, position=position, code=v["code"], **fields))
                created_rows.append(n)
                position += 1
                result.created += 1
            elif any(getattr(line, f) != fields[f] for f in LINE_FIELDS):
                before = {f: getattr(line, f) for f in LINE_FIELDS}
                for f in LINE_FIELDS:
                    setattr(line, f, fields[f])
                to_update.append(line)
                result.updated += 1
                self.record_changed(
                    "powers.adjustmentline",
                    line.pk,
                    n,
                    {f: [before[f], fields[f]] for f in LINE_FIELDS if before[f] != fields[f]},
                )
            else:
                result.unchanged += 1
        AdjustmentLine.objects.bulk_create(to_create, batch_size=500)
        for n, created in zip(created_rows, to_create, strict=True):
            self.record_created(
                "powers.adjustmentline",
                created.pk,
                n,
                {
                    "batch": batch.pk,
                    "code": created.code,
                    "action": created.action,
                    "department": created.department_id,
                },
            )
        AdjustmentLine.objects.bulk_update(to_update, list(LINE_FIELDS), batch_size=500)
        progress(len(rows))
        if to_create or to_update:
            AdjustmentBatch.objects.filter(pk=batch.pk).update(revision=batch.revision + 1)
            audit_record(
                action="powers.prepare",
                target=batch,
                changes={"step": "import", "created": len(to_create), "updated": len(to_update)},
            )


register_importer("powers", PowerImporter)
