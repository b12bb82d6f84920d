"""Safe uploads of session attachments: the type is decided by the file's content (magic bytes), not by its name
or the browser's claim; the size is bounded; the stored name is random (the original name is kept as data only);
files live under MEDIA_ROOT, never under static, and are served only through the session's access gate.

Accepted: PDF, Word (.docx), JPEG, PNG. A .docx must be a ZIP holding ``word/document.xml`` whose entries are
not suspiciously large (zip bombs). Everything else — scripts, HTML, .doc/.xls macros, executables — is refused
with ``activities.upload.type``.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from fazhi.core.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
NAME_MAX = 200


@dataclass(frozen=True)
class Checked:
    content: ContentFile
    original_name: str
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes, data: bytes) -> tuple[str, str] | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                total = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names and total <= MAX_DOCX_UNCOMPRESSED:
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    return None


def check_upload(upload: Any, *, field: str = "file") -> Checked:
    """Read and check an uploaded file (a Django ``UploadedFile``); a field error for anything not accepted."""
    if upload is None:
        raise DomainError("activities.upload.missing", "请选择要上传的文件", field=field)
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise DomainError("activities.upload.empty", "文件为空", field=field)
    if size > MAX_BYTES:
        raise DomainError(
            "activities.upload.too_large",
            f"文件过大（{size / 1048576:.1f} MB），最大 {MAX_BYTES // 1048576} MB",
            field=field,
        )
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError("activities.upload.too_large", f"文件过大，最大 {MAX_BYTES // 1048576} MB", field=field)
    sniffed = _sniff(data[:16], data)
    if sniffed is None:
        raise DomainError(
            "activities.upload.type", "只能上传 PDF、Word（.docx）、JPG 或 PNG 文件（按文件内容识别）", field=field
        )
    content_type, extension = sniffed
    original = str(getattr(upload, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1]
    original = "".join(c for c in original if c.isprintable())[:NAME_MAX] or "附件"
    stored = ContentFile(data, name=f"{secrets.token_hex(16)}.{extension}")
    return Checked(stored, original, content_type, len(data), hashlib.sha256(data).hexdigest())
