"""The access layer every module uses: permission checks, department scoping and ``access_*`` gates.

- ``require(user, perm)`` raises PermissionDenied.
- ``scope(user, qs, department_field)`` limits a queryset to the user's department when the role is
  department-scoped (执法人员, 科室负责人); the other roles see the whole bureau.
- ``access_object(user, qs, permission=…, department_field=…, **lookup)`` fetches and checks in one
  step and answers NotFound both for missing and for forbidden objects, so existence does not leak.
- ``staff_view(perm)`` / ``public_view`` mark views; the permission-matrix test reads the marks. A record page
  also names its gate (``staff_view(perm, gate=access_lawsuit)``), so ``may_open(user, url)`` can tell whether a
  link to it would open — with the very gate the page runs, never a second copy of its scoping rule.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.shortcuts import render
from django.urls import resolve

from fazhi.core.errors import NotFound, PermissionDenied
from fazhi.core.roles import DEPARTMENT_SCOPED, user_can

M = TypeVar("M", bound=Model)


def require(user: Any, permission: str) -> None:
    if not user_can(user, permission):
        raise PermissionDenied(permission)


def is_department_scoped(user: Any) -> bool:
    return getattr(user, "role", None) in DEPARTMENT_SCOPED


def scope(user: Any, qs: QuerySet[M], department_field: str | None) -> QuerySet[M]:
    """Limit ``qs`` to what ``user`` may see. ``department_field=None``: not department-owned data."""
    if department_field is None or not is_department_scoped(user):
        return qs
    if user.department_id is None:
        return qs.none()
    return qs.filter(
        **{f"{department_field}_id" if not department_field.endswith("_id") else department_field: user.department_id}
    )


def access_object(
    user: Any,
    qs: QuerySet[M],
    *,
    permission: str,
    department_field: str | None = None,
    what: str = "记录",
    **lookup: Any,
) -> M:
    if not user_can(user, permission):
        raise NotFound(what)
    try:
        return scope(user, qs, department_field).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:  # .get() raises qs.model.DoesNotExist
        raise NotFound(what) from exc


V = TypeVar("V", bound=Callable[..., Any])


def staff_view(permission: str, *, gate: Callable[..., Any] | None = None, gate_arg: str = "pk") -> Callable[[V], V]:
    """Login required and ``permission`` held; anonymous users go to the login page, others get 403.

    ``gate``: the ``access_*`` function a record page opens its record with (called as
    ``gate(user=…, <gate_arg>=<the URL's pk>)``); the view still calls it itself, ``may_open`` calls it for links.
    """

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_can(user, permission):
                return render(request, "web/forbidden.html", {"permission": permission}, status=403)
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                return render(request, "web/not_found.html", {"message": exc.message}, status=404)
            except PermissionDenied:
                return render(request, "web/forbidden.html", {"permission": permission}, status=403)

        wrapper.fazhi_permission = permission  # type: ignore[attr-defined]
        wrapper.fazhi_gate = (gate, gate_arg) if gate is not None else None  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def may_open(user: Any, url: str) -> bool:
    """Would the staff page at ``url`` open for ``user``, or answer 403/404? Its permission, then its record gate.

    A page without a gate opens for anyone holding its permission (lists, bureau-wide pages). A record scoped
    through a parent (a hearing through its lawsuit) links to the parent's page, so the parent's gate decides.
    """
    match = resolve(urlsplit(url).path)
    permission = getattr(match.func, "fazhi_permission", None)
    if permission is not None and not user_can(user, permission):
        return False
    marked = getattr(match.func, "fazhi_gate", None)
    if marked is None:
        return True
    gate, arg = marked
    try:
        gate(user=user, **{arg: match.kwargs["pk"]})
    except NotFound:
        return False
    return True


def public_view(view: V) -> V:
    """No login needed (公示 pages, the deadline calculator). Must show only published, masked data."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "web/not_found.html", {"message": exc.message}, status=404)

    wrapper.fazhi_permission = None  # type: ignore[attr-defined]
    wrapper.fazhi_public = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
