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

``run_import_upload(request, form, importer, folder=…, code=…)`` is the one upload-and-import screen step (the
registry's and the complaints' import pages): the upload check with the one size limit, the file kept for its error
file, the import run as the user; ``import_error_download(request, folder)`` serves that error file to its uploader.

``posted_revision(request)`` reads the revision the page showed from the POST; call it inside the action, so that
an invalid value is shown by ``run_form`` / ``run_action`` like any other refusal and nothing is written.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse

from fazhi.core import uploads
from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError, NotFound, ValidationFailed
from fazhi.core.importing import ImportFileError, ImportResult, import_limits, run_import
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


IMPORT_SUFFIXES = (".csv", ".xlsx")
_IMPORT_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class ImportRun:
    """What an import page shows: the result, or ``error`` when the importer refused the whole file, and the
    ``token`` naming the error file when the result has one. All empty when the upload itself was refused (the
    Chinese reason is then on the form's ``file`` field)."""

    result: ImportResult | None = None
    error: str = ""
    token: str = ""


def run_import_upload(request: Any, form: forms.BaseForm, importer: Any, *, folder: Path, code: str) -> ImportRun:
    """Import the valid ``form``'s ``file`` with ``importer``, as ``request.user``.

    The upload goes through the one upload check (fazhi.core.uploads: type by content — an .xlsx must be a real
    workbook, a .csv text in UTF-8 or GB18030 as the importer reads it) with the one size limit, the setting
    ``FAZHI_IMPORT_MAX_FILE_MB`` (the command line's limit too); a refusal is a Chinese error on ``file`` with code
    ``<code>_type|_empty|_too_large``. The accepted file is kept under ``folder/<token>/`` with its uploader, so
    that ``import_error_download`` can serve the error file to that user only.
    """
    upload = form.cleaned_data["file"]
    suffix = Path(str(upload.name)).suffix.lower()
    try:
        if suffix not in IMPORT_SUFFIXES:
            raise DomainError(f"{code}_type", "只支持 .csv 或 .xlsx 文件", field="file")
        checked = uploads.check_upload(
            upload,
            field="file",
            max_bytes=import_limits().max_file_bytes,
            accept=(suffix[1:],),
            code=code,
            too_large_advice="请拆分后分别导入，或交系统管理员用命令行（fazhi import）导入",
        )
    except DomainError as exc:
        add_error(form, exc)
        return ImportRun()
    token = uuid.uuid4().hex
    kept = folder / token
    kept.mkdir(parents=True, exist_ok=True)
    path = kept / f"upload{suffix}"
    path.write_bytes(checked.content.read())
    (kept / "owner.json").write_text(json.dumps({"user": request.user.pk, "name": uploads.original_name(upload.name)}))
    try:
        with acting_as(request.user, label=f"网页导入 {str(upload.name)[:60]}"):
            result = run_import(importer, path)
    except ImportFileError as exc:
        return ImportRun(error=exc.message)
    return ImportRun(result=result, token=token if result.error_file else "")


def import_error_download(request: Any, folder: Path) -> FileResponse:
    """The error file of the upload named by ``?token=``, for its uploader only; anything else is 不存在."""
    token = request.GET.get("token", "")
    if not _IMPORT_TOKEN.match(token):
        raise NotFound("错误文件")
    kept = folder / token
    try:
        owner = json.loads((kept / "owner.json").read_text())
    except (OSError, ValueError):
        raise NotFound("错误文件") from None
    files = sorted(kept.glob("*.errors.csv"))
    if owner.get("user") != request.user.pk or not files:
        raise NotFound("错误文件")
    name = Path(owner.get("name", "import")).stem + ".错误行.csv"
    return FileResponse(files[0].open("rb"), as_attachment=True, filename=name, content_type="text/csv")
