"""Shared checks of the activities services: department scope of a write, the staff list, bounded lists."""

from __future__ import annotations

from typing import Any

from fazhi.core import validation
from fazhi.core.access import is_department_scoped
from fazhi.core.errors import DomainError
from fazhi.registry import selectors as registry_selectors


def own_department(actor: Any, department: Any, *, field: str = "department") -> Any:
    """The department a record is written for: a bureau department, and the actor's own when the actor's role
    is department-scoped (what a role may not do on one record it may not do anywhere)."""
    if department is None:
        raise DomainError("activities.department", "请选择部门", field=field)
    if not registry_selectors.bureau_departments().filter(pk=department.pk).exists():
        raise DomainError("activities.department", "请选择本局的科室或市场监管所", field=field)
    if is_department_scoped(actor) and department.pk != getattr(actor, "department_id", None):
        raise DomainError("activities.department_scope", "只能登记本部门组织的事项", field=field)
    return department


def text_list(values: Any, *, field: str, what: str, max_items: int = 20, max_chars: int = 100) -> list[str]:
    """A list of short texts (laws studied …): stripped, empty lines dropped, duplicates removed, bounded."""
    if isinstance(values, str):
        values = values.replace("，", "\n").replace("、", "\n").splitlines()
    cleaned: list[str] = []
    for value in values or []:
        item = validation.text(value, field=field, max_chars=max_chars, what=what)
        if item and item not in cleaned:
            cleaned.append(item)
    if len(cleaned) > max_items:
        raise DomainError("activities.too_many", f"{what}最多 {max_items} 项", field=field)
    return cleaned


def staff_member(officer: Any, *, field: str) -> Any:
    """An officer of the bureau's staff list (in post or departed), or a field error."""
    if officer is None:
        return None
    pk = getattr(officer, "pk", officer)
    found = registry_selectors.bureau_staff(include_departed=True).filter(pk=pk).first()
    if found is None:
        raise DomainError("activities.not_staff", "该人员不在本局人员名单中", field=field)
    return found
