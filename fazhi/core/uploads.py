"""Safe uploads of evidence and attachments (issue 14): the one check and the one way to serve a stored file.

- The type is decided by the file's content (magic bytes and, for ZIP containers, the entries), never by its name
  or the browser's claim; the stored name is random with the extension of the detected type (the original name is
  kept as data only), so no name can walk out of ``MEDIA_ROOT`` or choose how the file is later interpreted.
- Sizes are bounded before anything is stored; ZIP containers (Word/Excel/OFD) are refused when their declared
  uncompressed size is out of proportion (zip bombs), when they carry macros (``vbaProject.bin``) or encrypted
  entries. Legacy binary Office files (.doc/.xls/.wps, OLE2) are refused: they carry macros unseen.
- Active content is never accepted (HTML, SVG, XML, scripts, executables) and nothing is served inline: the download
  is ``Content-Disposition: attachment`` with the detected type, ``nosniff`` and a sandboxing CSP, and its file
  name carries the detected extension (a PDF named ``x.html`` downloads as ``x.pdf``).

Antivirus: the issue does not ask for one and the bureau's host antivirus scans ``MEDIA_ROOT`` (docs/security.md);
``FAZHI_UPLOAD_SCANNER`` is not implemented.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.http import FileResponse

from fazhi.core import csvtext
from fazhi.core.errors import DomainError

NAME_MAX = 200
ZIP_RATIO_MAX = 100  # declared uncompressed bytes per stored byte
ZIP_UNCOMPRESSED_MAX = 200 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    key: str
    content_type: str
    extension: str
    label: str


KINDS = {
    k.key: k
    for k in (
        Kind("pdf", "application/pdf", "pdf", "PDF"),
        Kind("ofd", "application/ofd", "ofd", "OFD 版式文件"),
        Kind(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word（.docx）"
        ),
        Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel（.xlsx）"),
        Kind("jpeg", "image/jpeg", "jpg", "JPG"),
        Kind("png", "image/png", "png", "PNG"),
        Kind("gif", "image/gif", "gif", "GIF"),
        Kind("webp", "image/webp", "webp", "WebP"),
        Kind("heic", "image/heic", "heic", "HEIC（手机照片）"),
        Kind("tiff", "image/tiff", "tif", "TIFF（扫描件）"),
        Kind("mp4", "video/mp4", "mp4", "MP4 视频"),
        Kind("mov", "video/quicktime", "mov", "MOV 视频"),
        Kind("m4a", "audio/mp4", "m4a", "M4A 录音"),
        Kind("mp3", "audio/mpeg", "mp3", "MP3 录音"),
        Kind("wav", "audio/wav", "wav", "WAV 录音"),
        Kind("amr", "audio/amr", "amr", "AMR 录音"),
        Kind("txt", "text/plain; charset=utf-8", "txt", "纯文本（UTF-8）"),
        # A table to import, never evidence: decided by fazhi.core.csvtext (UTF-8 with/without BOM, or GB18030).
        Kind("csv", "text/csv", "csv", "CSV（UTF-8 或 GB18030 编码）"),
    )
}
# What evidence and complaint attachments may be: documents, photos and scans, audio and video recordings.
EVIDENCE = frozenset(KINDS) - {"csv"}
DOCUMENTS = frozenset({"pdf", "ofd", "docx", "jpeg", "png"})

_BY_EXTENSION = {k.extension: k for k in KINDS.values()}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc", b"hevx"}
_QUICKTIME_BRANDS = {b"qt  "}
_AUDIO_BRANDS = {b"M4A ", b"M4B "}


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    names = {info.filename for info in infos}
    declared = sum(info.file_size for info in infos)
    if declared > ZIP_UNCOMPRESSED_MAX or declared > ZIP_RATIO_MAX * max(len(data), 1):
        raise _refuse("zip_bomb", "压缩包解压后过大（疑似压缩炸弹），已拒绝")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _refuse("encrypted", "文件带密码（加密），无法检查内容：请去掉密码后上传")
    if any(PurePosixPath(n).name.lower() in {"vbaproject.bin", "vbadata.xml"} for n in names):
        raise _refuse("macro", "文件含宏（VBA），已拒绝：请另存为不含宏的 .docx / .xlsx 或 PDF")
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return None


def _text_kind(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return None
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return None  # HTML, SVG, XML: active content
    return "txt"


def _csv_kind(data: bytes) -> str | None:
    """``"csv"`` for text in an encoding a CSV import reads (the one rule of :mod:`fazhi.core.csvtext`) that is no
    markup; None otherwise (binary, UTF-16, undecodable, HTML/XML)."""
    try:
        text = csvtext.decode_csv(data)
    except csvtext.CsvEncodingError:
        return None
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return None
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return None
    return "csv"


def sniff(data: bytes) -> str | None:
    """The kind key of ``data`` decided by its content, or None (raises for dangerous containers)."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "heic"
        if brand in _QUICKTIME_BRANDS:
            return "mov"
        if brand in _AUDIO_BRANDS:
            return "m4a"
        return "mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] in (0xFB, 0xF3, 0xF2, 0xFA)):
        return "mp3"
    if head.startswith(b"#!AMR"):
        return "amr"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _refuse(
            "legacy_office", "不接受旧版 Office/WPS 文件（.doc/.xls/.wps，可能带宏）：请另存为 .docx/.xlsx 或 PDF"
        )
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return _text_kind(data)


def _refuse(reason: str, message: str) -> DomainError:
    return DomainError(f"upload.{reason}", message, field="file")


@dataclass(frozen=True)
class CheckedUpload:
    content: ContentFile  # named ``<random>.<detected extension>``: save it under this name
    original_name: str  # as the user named it (data only, never a path)
    kind: Kind
    size: int
    sha256: str

    @property
    def stored_name(self) -> str:
        return str(self.content.name)

    @property
    def content_type(self) -> str:
        return self.kind.content_type


def original_name(name: str | None) -> str:
    """The file's own name without any directory part or control characters (never used as a path)."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in base if c.isprintable()).strip()[:NAME_MAX] or "附件"


def check_upload(
    upload: Any,
    *,
    field: str = "file",
    max_bytes: int,
    accept: Iterable[str] = EVIDENCE,
    code: str = "upload",
    too_large_advice: str = "请压缩或分卷上传",
) -> CheckedUpload:
    """Read and check an uploaded file (an ``UploadedFile``, or a ``(name, bytes)`` pair): a field error with code
    ``upload.missing|empty|too_large|type`` (``<app>.<thing>_too_large`` … with ``code="<app>.<thing>"``; or ``upload.macro|zip_bomb|encrypted|legacy_office``) for anything not
    accepted."""
    if upload is None:
        raise DomainError(_code(code, "missing"), "请选择要上传的文件", field=field)
    if isinstance(upload, tuple):
        name, data = upload[0], bytes(upload[1])
    else:
        name = getattr(upload, "name", "")
        declared = getattr(upload, "size", None)
        if declared is not None and declared > max_bytes:
            raise DomainError(_code(code, "too_large"), _too_large(declared, max_bytes, too_large_advice), field=field)
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(max_bytes + 1)
    if not data:
        raise DomainError(_code(code, "empty"), "文件为空", field=field)
    if len(data) > max_bytes:
        raise DomainError(_code(code, "too_large"), _too_large(len(data), max_bytes, too_large_advice), field=field)
    wanted = set(accept)
    allowed = [k for k in KINDS.values() if k.key in wanted]  # in the catalogue's order (a set has none)
    try:
        key = sniff(data)
    except DomainError as exc:
        raise exc.on_field(field) from exc
    if "csv" in wanted and key in (None, "txt"):
        key = _csv_kind(data)
    if key is None or key not in {k.key for k in allowed}:
        labels = "、".join(k.label for k in allowed)
        raise DomainError(_code(code, "type"), f"只能上传 {labels}（按文件内容识别，不看扩展名）", field=field)
    kind = KINDS[key]
    stored = ContentFile(data, name=f"{secrets.token_hex(16)}.{kind.extension}")
    return CheckedUpload(stored, original_name(name), kind, len(data), hashlib.sha256(data).hexdigest())


def _code(prefix: str, reason: str) -> str:
    """``upload.type`` for the default prefix; ``complaints.attachment_type`` for an app's own (its stable codes)."""
    return f"{prefix}_{reason}" if "." in prefix else f"{prefix}.{reason}"


def _too_large(size: int, limit: int, advice: str) -> str:
    return f"文件过大（{size / 1048576:.1f} MB），最大 {limit // 1048576} MB：{advice}"


def download_name(original: str, stored_name: str) -> str:
    """The name a download is saved under: the original stem with the extension of the stored (detected) type."""
    extension = PurePosixPath(stored_name).suffix.lower().lstrip(".")
    base = original_name(original)
    if extension not in _BY_EXTENSION:
        return base
    stem = PurePosixPath(base).stem if PurePosixPath(base).suffix else base
    return f"{stem or '附件'}.{extension}"


def download_response(file: Any, *, original: str) -> FileResponse:
    """Serve a stored upload as a download, never inline: detected type (else octet-stream), ``nosniff``, a CSP that
    sandboxes anything a browser might still render, no caching of personal data."""
    kind = _BY_EXTENSION.get(PurePosixPath(str(file.name)).suffix.lower().lstrip("."))
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=download_name(original, str(file.name)) if kind else original_name(original),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
