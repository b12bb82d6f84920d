"""The one way a screen runs a service and shows its error.

``run_form(request, form, action)`` validates the bound form, calls ``action(form.cleaned_data)`` and, when the
service refuses with a ``DomainError``, puts its Chinese message on the named field (or on the form) — the code
stays in the error's ``code`` for tests, never on the screen. ``run_action(request, action)`` does the same for a
button without a form and shows the message at the top of the next page. Both return an ``Outcome``::

    outcome = run_form(request, form, lambda d: services.case_register(case=case, actor=request.user, **d),
                       success="已立案")
    if outcome.ok:
        return redirect(...)

``form_errors_to_messages(request, form)`` shows a form's errors on the next page (a screen that redirects
instead of re-rendering the form), each with its field's label — 会议日期：这个字段是必填项。 — never a bare message
that does not say which field.

``posted_revision(request)`` reads the revision the page showed from the POST; call it inside the action, so that
an invalid value is shown by ``run_form`` / ``run_action`` like any other refusal and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages

from fazhi.core.errors import DomainError, ValidationFailed
from fazhi.core.revision import parse_revision


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    error: DomainError | None = None


def add_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Attach a service error to a form: per field when the service named one the form has, else to the form."""
    if isinstance(exc, ValidationFailed):
        for name, message in exc.errors.items():
            form.add_error(name if name in form.fields else None, forms.ValidationError(message, code=exc.code))
        return
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, forms.ValidationError(exc.message, code=exc.code))


def run_form(
    request: Any, form: forms.BaseForm, action: Callable[[dict[str, Any]], Any], *, success: str = ""
) -> Outcome:
    """Validate ``form`` and run ``action`` with its cleaned data; a DomainError becomes a form error."""
    if not form.is_valid():
        return Outcome(False)
    try:
        value = action(form.cleaned_data)
    except DomainError as exc:
        add_error(form, exc)
        return Outcome(False, error=exc)
    if success:
        messages.success(request, success)
    return Outcome(True, value)


def run_action(request: Any, action: Callable[[], Any], *, success: str = "") -> Outcome:
    """Run ``action`` (a service call without a form); a DomainError becomes an error message on the next page."""
    try:
        value = action()
    except DomainError as exc:
        messages.error(request, exc.message, extra_tags=f"code-{exc.code}")
        return Outcome(False, error=exc)
    if success:
        messages.success(request, success)
    return Outcome(True, value)


def posted_revision(request: Any) -> int | None:
    """The revision the page showed (hidden field ``revision``): None when absent; ``input.revision_invalid``
    (a Chinese error, never a 500) when it is not a number — raised, for the ``run_form``/``run_action`` around."""
    return parse_revision(request.POST.get("revision"))


def form_errors_to_messages(request: Any, form: forms.BaseForm) -> None:
    """A form that did not validate, on a screen that redirects: each error as a message ``标签：错误`` (the
    form-wide errors without a label), the code in the message's tags for tests."""
    for name, errors in form.errors.as_data().items():
        field = form.fields.get(name)
        label = str(field.label or name) if field is not None else ""
        for error in errors:
            text = "；".join(str(m) for m in error.messages)
            messages.error(
                request, f"{label}：{text}" if label else text, extra_tags=f"code-{error.code or 'input.invalid'}"
            )
