"""Per-request context (actor, request id) read by the audit trail without passing request around."""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    actor: Any = None
    request_id: str = ""
    label: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("fazhi_request", default=RequestContext())  # noqa: B039 (frozen)


def current() -> RequestContext:
    return _current.get()


def set_context(*, actor: Any = None, request_id: str | None = None, label: str = "") -> contextvars.Token:
    return _current.set(RequestContext(actor=actor, request_id=request_id or uuid.uuid4().hex, label=label))


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


class acting_as:
    """``with acting_as(user, label="命令行")``: attribute writes in commands and jobs."""

    def __init__(self, actor: Any = None, *, label: str = "", request_id: str | None = None) -> None:
        self.actor, self.label, self.request_id = actor, label, request_id
        self._token: contextvars.Token | None = None

    def __enter__(self) -> RequestContext:
        self._token = set_context(actor=self.actor, request_id=self.request_id, label=self.label)
        return current()

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            reset(self._token)
