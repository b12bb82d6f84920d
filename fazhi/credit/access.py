"""Credit gates. Reads are bureau-wide for staff (the abnormal and serious lists are public anyway, and the
信用监管科 must see every office's listings). Acts (``credit.handle`` / ``credit.decide``) by department-scoped
roles are limited to records of their own department, except for staff of the 信用监管科 (code ``credit``),
which handles credit matters for the whole district."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object, is_department_scoped
from fazhi.core.errors import NotFound
from fazhi.core.roles import user_can
from fazhi.credit.models import (
    AbnormalListing,
    CreditRepair,
    IdentityMisuseRevocation,
    ListingApplication,
    SeriousListing,
)

CREDIT_SECTION = "credit"


def may_act_on_department(user: Any, department_id: int | None) -> bool:
    """May ``user`` act on a credit record of ``department_id``? Bureau-wide roles yes; department-scoped roles only
    for their own department, or any department when they sit in the 信用监管科."""
    if not is_department_scoped(user):
        return True
    department = getattr(user, "department", None)
    return department is not None and (department.pk == department_id or department.code == CREDIT_SECTION)


_may_act_on = may_act_on_department


def _get(user: Any, qs: Any, permission: str, what: str, pk: Any) -> Any:
    obj = access_object(user, qs, permission="credit.view", what=what, pk=pk)
    if permission != "credit.view" and not (user_can(user, permission) and _may_act_on(user, obj.department_id)):
        raise NotFound(what)
    return obj


def access_listing(*, user: Any, pk: Any, permission: str = "credit.view") -> AbnormalListing:
    return _get(
        user, AbnormalListing.objects.select_related("entity", "department"), permission, "经营异常名录记录", pk
    )


def access_application(*, user: Any, pk: Any, permission: str) -> ListingApplication:
    return _get(user, ListingApplication.objects.select_related("listing__entity"), permission, "申请", pk)


def access_serious(*, user: Any, pk: Any, permission: str = "credit.view") -> SeriousListing:
    return _get(user, SeriousListing.objects.select_related("entity"), permission, "严重违法失信名单记录", pk)


def access_repair(*, user: Any, pk: Any, permission: str = "credit.view") -> CreditRepair:
    return _get(user, CreditRepair.objects.select_related("entity"), permission, "信用修复申请", pk)


def may_act(user: Any, obj: Any, permission: str) -> bool:
    return user_can(user, permission) and _may_act_on(user, getattr(obj, "department_id", None))


def access_revocation(*, user: Any, pk: Any, permission: str = "credit.view") -> IdentityMisuseRevocation:
    """A revocation to read (credit staff, bureau-wide) or to act on: the step's permission and, for the proposing
    department's steps, its scope (the services check both again)."""
    obj = access_object(
        user,
        IdentityMisuseRevocation.objects.select_related(
            "entity", "department", "proposed_by", "legal_reviewed_by", "decided_by"
        ),
        permission="credit.view",
        what="撤销登记",
        pk=pk,
    )
    if permission != "credit.view" and not user_can(user, permission):
        raise NotFound("撤销登记")
    if permission == "credit.revoke_propose" and not may_act_on_department(user, obj.department_id):
        raise NotFound("撤销登记")
    return obj
