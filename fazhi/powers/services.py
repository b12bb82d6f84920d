"""Writes of the power list. The list changes only when a leader approves an adjustment batch (调整函).

Steps: ``batch_create`` / ``line_add`` / ``line_delete`` (拟稿, powers.prepare) → ``batch_submit`` →
``batch_approve`` (powers.approve, applies every line atomically after validating all of them) or
``batch_reject``. Every step writes an audit event.

For other modules: ``power_require_in_force(code=…, on=…)`` (法无授权不可为) and ``power_lookup``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core import revision
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.powers import workflow
from fazhi.powers.choices import BatchStatus, LineAction, PowerCategory
from fazhi.powers.models import AdjustmentBatch, AdjustmentLine, PowerItem, PowerItemVersion
from fazhi.powers.selectors import batch_problems, power_lookup

__all__ = [
    "batch_approve",
    "batch_create",
    "batch_reject",
    "batch_reopen",
    "batch_submit",
    "batch_update",
    "line_add",
    "line_delete",
    "parse_legal_basis",
    "power_lookup",
    "power_require_in_force",
]

LINE_FIELDS = ("name", "category", "legal_basis", "department", "accountability", "duty_items", "remarks")


def power_require_in_force(*, code: str, on: dt.date) -> PowerItemVersion:
    """The version of power ``code`` in force on ``on``; DomainError ``powers.not_in_force`` otherwise.

    Inspections and cases call this before they cite a power: an act must rest on a listed power on its
    own date (法无授权不可为).
    """
    version = power_lookup(code, on)
    if version is None:
        raise DomainError(
            "powers.not_in_force",
            f"权责事项 {code} 在 {on} 不在本局权责清单中（法无授权不可为）；请选择当日有效的事项或核对日期",
            field="power_code",
            power_code=code,
            on=on.isoformat(),
        )
    return version


_BASIS_RE = re.compile(r"《([^》]+)》([^《；;]*)")


def parse_legal_basis(text: str) -> list[dict[str, str]]:
    """ "《中华人民共和国食品安全法》第一百二十四条；《…》第…条" → ``[{instrument, articles}]``.

    Text without 《》 becomes one entry with the whole text as the instrument.
    """
    text = (text or "").strip()
    if not text:
        return []
    entries = [{"instrument": m[1].strip(), "articles": m[2].strip(" ，,、。\n")} for m in _BASIS_RE.finditer(text)]
    return entries or [{"instrument": text, "articles": ""}]


def _batch_for_update(batch: AdjustmentBatch, expected_revision: int | None = None) -> AdjustmentBatch:
    """Lock the row with the one stale-edit check (``fazhi.core.revision``): the revision the page showed
    (``expected_revision``), else the one ``batch`` was read with."""
    return revision.lock(batch, revision=expected_revision, what="调整函")


def _require_draft(batch: AdjustmentBatch) -> None:
    if batch.status != BatchStatus.DRAFT:
        raise DomainError("powers.batch_not_draft", "调整函已提交或已生效，不能再修改；退回后方可编辑")


def batch_create(
    *,
    actor: Any,
    number: str,
    title: str,
    issued_on: dt.date,
    effective_from: dt.date,
    source: str = "",
) -> AdjustmentBatch:
    """拟稿: a new draft batch."""
    require(actor, "powers.prepare")
    number = number.strip()
    if AdjustmentBatch.objects.filter(number=number).exists():
        raise DomainError("powers.batch_number_taken", f"调整函文号 {number} 已存在，请核对文号", field="number")
    with transaction.atomic():
        batch = AdjustmentBatch(
            number=number,
            title=title.strip(),
            issued_on=issued_on,
            effective_from=effective_from,
            source=source,
            prepared_by=actor if getattr(actor, "pk", None) else None,
        )
        batch.full_clean()
        batch.save()
        audit_record(
            action="powers.prepare",
            target=batch,
            actor=actor,
            changes={"step": "create", "number": number, "title": batch.title, "effective_from": effective_from},
        )
    return batch


def batch_update(
    *, actor: Any, batch: AdjustmentBatch, number: str, title: str, issued_on: dt.date, effective_from: dt.date
) -> AdjustmentBatch:
    require(actor, "powers.prepare")
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch)
        _require_draft(batch)
        if AdjustmentBatch.objects.filter(number=number).exclude(pk=batch.pk).exists():
            raise DomainError("powers.batch_number_taken", f"调整函文号 {number} 已存在，请核对文号", field="number")
        before = {
            "number": batch.number,
            "title": batch.title,
            "issued_on": batch.issued_on,
            "effective_from": batch.effective_from,
        }
        batch.number, batch.title, batch.issued_on, batch.effective_from = number, title, issued_on, effective_from
        batch.full_clean()
        revision.save_bumped(batch, ["number", "title", "issued_on", "effective_from"], original=original)
        after = {"number": number, "title": title, "issued_on": issued_on, "effective_from": effective_from}
        audit_record(
            action="powers.prepare",
            target=batch,
            changes={"step": "update", "before": before, "after": after},
            actor=actor,
        )
    return batch


def line_add(
    *,
    actor: Any,
    batch: AdjustmentBatch,
    action: str,
    code: str,
    name: str = "",
    category: str = "",
    legal_basis: list[dict[str, str]] | str | None = None,
    department: Any = None,
    accountability: str = "",
    duty_items: str = "",
    remarks: str = "",
    reason: str = "",
) -> AdjustmentLine:
    """Add one line to a draft batch. Problems that depend on the list are reported at approval."""
    require(actor, "powers.prepare")
    if action not in LineAction.values:
        raise DomainError("powers.action_invalid", "调整类型须为 新增、变更 或 取消", field="action")
    code = code.strip()
    if not code:
        raise DomainError("powers.code_missing", "事项编码必填", field="code")
    if category and category not in PowerCategory.values:
        raise DomainError("powers.category_invalid", "职权类别须为清单规定的类别之一", field="category")
    if isinstance(legal_basis, str):
        legal_basis = parse_legal_basis(legal_basis)
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch)
        _require_draft(batch)
        if batch.lines.filter(code=code).exists():
            raise DomainError(
                "powers.duplicate_code", f"事项 {code} 已在本调整函中，每个事项只能调整一次", field="code"
            )
        position = (batch.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        line = AdjustmentLine(
            batch=batch,
            position=position,
            action=action,
            code=code,
            reason=reason,
            **(
                {
                    "name": name.strip(),
                    "category": category,
                    "legal_basis": legal_basis or [],
                    "department": department,
                    "accountability": accountability,
                    "duty_items": duty_items,
                    "remarks": remarks,
                }
                if action != LineAction.REMOVE
                else {}
            ),
        )
        line.full_clean()
        line.save()
        revision.save_bumped(batch, [], original=original)
        audit_record(
            action="powers.prepare",
            target=batch,
            actor=actor,
            changes={"step": "line_add", "position": position, "line_action": action, "code": code, "name": line.name},
        )
    return line


def line_delete(*, actor: Any, batch: AdjustmentBatch, line_id: int) -> None:
    require(actor, "powers.prepare")
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch)
        _require_draft(batch)
        line = batch.lines.filter(pk=line_id).first()
        if line is None:
            raise DomainError("powers.line_missing", "该调整事项不存在或已删除")
        facts = {"step": "line_delete", "position": line.position, "code": line.code, "line_action": line.action}
        line.delete()
        revision.save_bumped(batch, [], original=original)
        audit_record(action="powers.prepare", target=batch, changes=facts, actor=actor)


def _problems_error(problems: list[workflow.LineProblem]) -> DomainError:
    shown = "；".join(p.message for p in problems[:10])
    more = f"；另有 {len(problems) - 10} 处问题" if len(problems) > 10 else ""
    return DomainError(
        problems[0].error,
        f"调整函有 {len(problems)} 处问题，未作任何调整：{shown}{more}",
        problems=[p.as_dict() for p in problems],
    )


def _transition(batch: AdjustmentBatch, step: str) -> str:
    try:
        return workflow.next_status(batch.status, step)
    except workflow.TransitionRefused as exc:
        raise from_rulebook(exc) from exc


def batch_submit(*, actor: Any, batch: AdjustmentBatch, expected_revision: int | None = None) -> AdjustmentBatch:
    """提交审批. The lines are validated now as well, so the preparer fixes problems before the leader sees them."""
    require(actor, "powers.prepare")
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch, expected_revision)
        status = _transition(batch, "submit")
        problems = batch_problems(batch)
        if problems:
            raise _problems_error(problems)
        batch.status, batch.submitted_at = status, timezone.now()
        revision.save_bumped(batch, ["status", "submitted_at"], original=original)
        audit_record(action="powers.submit", target=batch, changes={"status": [BatchStatus.DRAFT, status]}, actor=actor)
    return batch


def batch_reopen(*, actor: Any, batch: AdjustmentBatch) -> AdjustmentBatch:
    """A returned batch goes back to draft for correction."""
    require(actor, "powers.prepare")
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch)
        status = _transition(batch, "reopen")
        batch.status = status
        revision.save_bumped(batch, ["status"], original=original)
        audit_record(
            action="powers.prepare",
            target=batch,
            changes={"step": "reopen", "status": ["rejected", status]},
            actor=actor,
        )
    return batch


def batch_reject(
    *, actor: Any, batch: AdjustmentBatch, note: str, expected_revision: int | None = None
) -> AdjustmentBatch:
    """退回: the leader returns the batch with a reason; nothing is applied."""
    require(actor, "powers.approve")
    if not note.strip():
        raise DomainError("powers.reject_reason_missing", "退回须写明理由", field="note")
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch, expected_revision)
        status = _transition(batch, "reject")
        batch.status, batch.decided_by, batch.decided_at, batch.decision_note = status, actor, timezone.now(), note
        revision.save_bumped(batch, ["status", "decided_by", "decided_at", "decision_note"], original=original)
        audit_record(
            action="powers.reject", target=batch, changes={"status": ["submitted", status], "note": note}, actor=actor
        )
    return batch


def batch_approve(
    *, actor: Any, batch: AdjustmentBatch, note: str = "", expected_revision: int | None = None
) -> AdjustmentBatch:
    """批准: validate every line, then apply the whole batch at its effective date in one transaction.

    Any problem raises DomainError with the first problem's code (all problems in ``params["problems"]``)
    and nothing is written.
    """
    require(actor, "powers.approve")
    with transaction.atomic():
        original, batch = batch, _batch_for_update(batch, expected_revision)
        status = _transition(batch, "approve")
        problems = batch_problems(batch)
        if problems:
            raise _problems_error(problems)
        counts = apply_lines(batch)
        batch.status, batch.decided_by, batch.decided_at, batch.decision_note = status, actor, timezone.now(), note
        revision.save_bumped(batch, ["status", "decided_by", "decided_at", "decision_note"], original=original)
        audit_record(
            action="powers.approve",
            target=batch,
            actor=actor,
            changes={"status": ["submitted", status], "effective_from": batch.effective_from, **counts, "note": note},
        )
    return batch


def apply_lines(batch: AdjustmentBatch) -> dict[str, int]:
    """Write the versions of a validated batch (set-based). Called only by ``batch_approve`` and the demo."""
    day = batch.effective_from
    last_day = day - dt.timedelta(days=1)
    lines = list(batch.lines.order_by("position"))
    codes = [line.code for line in lines]
    items = {i.code: i for i in PowerItem.objects.filter(code__in=codes)}
    new_items = [PowerItem(code=c) for c in codes if c not in items]
    PowerItem.objects.bulk_create(new_items)
    if new_items:
        items.update({i.code: i for i in PowerItem.objects.filter(code__in=[i.code for i in new_items])})
    open_versions = {
        v.item_id: v for v in PowerItemVersion.objects.filter(item__code__in=codes, effective_to__isnull=True)
    }
    ended, created = [], []
    counts = {"added": 0, "changed": 0, "removed": 0}
    for line in lines:
        item = items[line.code]
        if line.action in (LineAction.CHANGE, LineAction.REMOVE):
            old = open_versions[item.pk]
            old.effective_to, old.ended_by = last_day, batch
            ended.append(old)
        if line.action in (LineAction.ADD, LineAction.CHANGE):
            created.append(
                PowerItemVersion(
                    item=item,
                    batch=batch,
                    effective_from=day,
                    **{f: getattr(line, f) for f in LINE_FIELDS if f != "department"},
                    department_id=line.department_id,
                )
            )
        counts[{"add": "added", "change": "changed", "remove": "removed"}[line.action]] += 1
    PowerItemVersion.objects.bulk_update(ended, ["effective_to", "ended_by"], batch_size=500)
    PowerItemVersion.objects.bulk_create(created, batch_size=500)
    return counts
