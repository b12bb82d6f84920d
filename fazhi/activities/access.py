"""Activities gates: fetch and check in one step, the same "not found" for a missing and a forbidden record.

Reads: sessions as ``selectors.sessions_visible`` (department-scoped roles: their department's and those they
attended); events, publicity items and the responsibility list are bureau-wide (they are public-facing);
typical cases as ``selectors.typical_cases_visible``. Writes by department-scoped roles (执法人员, 科室负责人)
only on records of their own department.
"""

from __future__ import annotations

from typing import Any

from fazhi.activities import selectors
from fazhi.activities.models import (
    Attachment,
    EducationEvent,
    PublicityItem,
    ResponsibilityList,
    RuleOfLawMatter,
    Session,
    TypicalCase,
)
from fazhi.core.access import access_object, is_department_scoped
from fazhi.core.errors import NotFound
from fazhi.core.roles import user_can


def _may_write(user: Any, obj: Any, permission: str) -> bool:
    if not user_can(user, permission):
        return False
    return not is_department_scoped(user) or obj.department_id == getattr(user, "department_id", None)


def may_write(user: Any, obj: Any, permission: str = "activities.record") -> bool:
    return _may_write(user, obj, permission)


def _checked(user: Any, obj: Any, permission: str, what: str) -> Any:
    if permission != "activities.view" and not _may_write(user, obj, permission):
        raise NotFound(what)
    return obj


def access_session(*, user: Any, pk: Any, permission: str = "activities.view") -> Session:
    obj = access_object(
        user, selectors.sessions_visible(user), permission="activities.view", what="学习（会议）记录", pk=pk
    )
    return _checked(user, obj, permission, "学习（会议）记录")


def access_attachment(*, user: Any, session: Session, pk: Any) -> Attachment:
    return access_object(user, Attachment.objects.filter(session=session), permission="activities.view", what="附件",
                         pk=pk)  # fmt: skip


def access_matter(*, user: Any, session: Session, pk: Any) -> RuleOfLawMatter:
    return access_object(user, RuleOfLawMatter.objects.filter(session=session).select_related("session"),
                         permission="activities.view", what="研究事项", pk=pk)  # fmt: skip


def access_event(*, user: Any, pk: Any, permission: str = "activities.view") -> EducationEvent:
    obj = access_object(user, EducationEvent.objects.select_related("department"), permission="activities.view",
                        what="普法活动", pk=pk)  # fmt: skip
    return _checked(user, obj, permission, "普法活动")


def access_publicity(*, user: Any, pk: Any, permission: str = "activities.view") -> PublicityItem:
    obj = access_object(user, PublicityItem.objects.select_related("department"), permission="activities.view",
                        what="宣传信息", pk=pk)  # fmt: skip
    return _checked(user, obj, permission, "宣传信息")


def access_list(*, user: Any, pk: Any, permission: str = "activities.view") -> ResponsibilityList:
    obj = access_object(
        user, ResponsibilityList.objects.all(), permission="activities.view", what="普法责任清单", pk=pk
    )
    if permission != "activities.view" and not user_can(user, permission):
        raise NotFound("普法责任清单")
    return obj


def access_typical(*, user: Any, pk: Any, permission: str = "activities.view") -> TypicalCase:
    obj = access_object(
        user, selectors.typical_cases_visible(user), permission="activities.view", what="典型案例", pk=pk
    )
    if permission == "activities.publish":
        if not user_can(user, permission):
            raise NotFound("典型案例")
        return obj
    return _checked(user, obj, permission, "典型案例")
