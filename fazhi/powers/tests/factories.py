"""Helpers to build approved power lists quickly in tests."""

from __future__ import annotations

import datetime as dt

from fazhi.powers import services
from fazhi.powers.models import AdjustmentBatch

BASIS = "《中华人民共和国食品安全法》第一百二十四条"


def approved_batch(preparer, leader, number, effective_from, lines, *, department=None) -> AdjustmentBatch:
    """``lines``: tuples (action, code[, name[, basis]])."""
    batch = services.batch_create(
        actor=preparer, number=number, title=f"调整 {number}", issued_on=effective_from, effective_from=effective_from
    )
    for spec in lines:
        action, code, *rest = spec
        name = rest[0] if rest else f"事项 {code}"
        basis = rest[1] if len(rest) > 1 else BASIS
        services.line_add(
            actor=preparer,
            batch=batch,
            action=action,
            code=code,
            name=name,
            category="penalty",
            legal_basis=basis,
            department=department,
            reason="测试",
        )
    batch.refresh_from_db()
    services.batch_submit(actor=preparer, batch=batch)
    batch.refresh_from_db()
    services.batch_approve(actor=leader, batch=batch)
    batch.refresh_from_db()
    return batch


D2022 = dt.date(2022, 1, 1)
D2023 = dt.date(2023, 3, 1)
