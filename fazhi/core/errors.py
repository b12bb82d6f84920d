"""DomainError: the coded error every service raises.

``code`` is stable (tests and API clients rely on it); ``message`` is Chinese and says what to do;
``field`` names the form field or column when there is one.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.field = field
        self.params = params

    def on_field(self, field: str) -> DomainError:
        """The same error (class, code, message, params) shown on ``field``: a step's error raised by a shared
        service (a deadline clock, the upload check) belongs to the field of the form in hand."""
        moved = type(self).__new__(type(self))
        Exception.__init__(moved, *self.args)
        moved.__dict__.update(self.__dict__)
        moved.field = field
        return moved

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class NotFound(DomainError):
    """Missing or forbidden: the same answer, so that existence does not leak."""

    status = 404

    def __init__(self, what: str = "记录") -> None:
        super().__init__("access.not_found", f"{what}不存在或您无权查看")


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, permission: str) -> None:
        super().__init__(
            "access.forbidden", "您的角色无权执行此操作，请联系科室负责人或系统管理员", permission=permission
        )


class ConcurrentUpdate(DomainError):
    status = 409

    def __init__(self, what: str = "记录") -> None:
        super().__init__("concurrency.stale", f"{what}已被他人修改，请刷新页面后重试")


def from_rulebook(exc: Any, *, field: str | None = None) -> DomainError:
    """The one adapter from a rulebook error (``fazhi.rulebook.errors.RulebookError``) to a DomainError.

    Code, Chinese message and params are kept; ``field`` names the form field the error belongs to, if any.
    Use as ``except RulebookError as exc: raise from_rulebook(exc) from exc``.
    """
    params = dict(getattr(exc, "params", {}) or {})
    named = params.pop("field", None)  # some rulebook errors name the input themselves (draws, file_review)
    return DomainError(exc.code, exc.message, field=field or named, **params)


class ValidationFailed(DomainError):
    """Several field errors at once (a form or an API body): ``errors`` maps field → Chinese message."""

    def __init__(self, errors: dict[str, str], *, code: str = "input.invalid") -> None:
        first = next(iter(errors.items()), ("", "输入有误"))
        super().__init__(code, first[1], field=first[0] or None)
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": self.errors}
