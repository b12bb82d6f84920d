"""Safe uploads (issue 14): type by content, bounded size, random stored names, never served inline."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import uploads
from fazhi.core.errors import DomainError

MB = 1024 * 1024


def _zip(entries: dict[str, bytes], *, flag_encrypted: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    data = buffer.getvalue()
    if flag_encrypted:  # set the "encrypted" bit in every local and central header
        data = data.replace(b"PK\x03\x04\x14\x00\x00\x00", b"PK\x03\x04\x14\x00\x01\x00")
        data = data.replace(b"PK\x01\x02\x14\x03\x14\x00\x00\x00", b"PK\x01\x02\x14\x03\x14\x00\x01\x00")
    return data


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def _code(upload, **kwargs) -> str:
    kwargs.setdefault("max_bytes", 5 * MB)
    with pytest.raises(DomainError) as exc:
        uploads.check_upload(upload, **kwargs)
    return exc.value.code


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("现场照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        ("扫描件", b"\x89PNG\r\n\x1a\n....", "png"),
        ("笔录.pdf", b"%PDF-1.7\n...", "pdf"),
        ("照片.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
        ("录像.mp4", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", "mp4"),
        ("录音.amr", b"#!AMR\n\x00\x00", "amr"),
        ("询问笔录.docx", DOCX, "docx"),
        ("说明.txt", "当事人称：货品系上周进货。".encode(), "txt"),
    ],
)
def test_按内容识别类型_存储名随机且带识别出的扩展名(name, data, kind):
    checked = uploads.check_upload(SimpleUploadedFile(name, data), max_bytes=5 * MB)
    assert checked.kind.key == kind and checked.size == len(data) and checked.original_name == name
    stored = checked.content.name
    assert stored.endswith("." + uploads.KINDS[kind].extension) and name not in stored and len(stored) > 32


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("照片.jpg", b"<html><script>alert(1)</script></html>", "upload.type"),  # HTML named .jpg
        ("图.svg", b'<?xml version="1.0"?><svg onload="alert(1)"/>', "upload.type"),
        ("说明.txt", b"\n  <!doctype html><p>x", "upload.type"),
        ("a.exe", b"MZ\x90\x00\x03\x00\x00\x00", "upload.type"),
        ("a.sh", b"\x7fELF\x02\x01\x01", "upload.type"),
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "upload.legacy_office"),
        ("宏.docm.docx", _zip({"[Content_Types].xml": b"x", "word/document.xml": b"x", "word/vbaProject.bin": b"x"}),
         "upload.macro"),
        ("加密.docx", _zip({"[Content_Types].xml": b"x", "word/document.xml": b"x"}, flag_encrypted=True),
         "upload.encrypted"),
        ("炸弹.docx", _zip({"[Content_Types].xml": b"x", "word/document.xml": b"0" * (4 * MB)}), "upload.zip_bomb"),
        ("归档.zip", _zip({"a.txt": b"x"}), "upload.type"),
        ("空.pdf", b"", "upload.empty"),
    ],
)  # fmt: skip
def test_拒绝主动内容_宏_压缩炸弹_空文件(name, data, code):
    assert _code(SimpleUploadedFile(name, data)) == code


def test_超过大小上限_按声明大小和实际读取都拒绝():
    assert _code(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * MB), max_bytes=MB) == "upload.too_large"
    assert _code(("a.pdf", b"%PDF-" + b"0" * MB), max_bytes=MB, code="cases.file") == "cases.file_too_large"


def test_只接受调用方允许的类型():
    assert _code(SimpleUploadedFile("a.mp4", b"\x00\x00\x00\x18ftypisom"), accept=uploads.DOCUMENTS) == "upload.type"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\x\\证据.pdf", "证据.pdf"), ("a\x00b\n.pdf", "ab.pdf"), ("", "附件")],
)
def test_原始文件名只作数据_去掉目录与控制字符(given, expected):
    assert uploads.original_name(given) == expected


def test_下载名用识别出的扩展名():
    assert uploads.download_name("x.html", "complaints/2023/06/ab12.pdf") == "x.pdf"
    assert uploads.download_name("小票", "ab12.jpg") == "小票.jpg"


def test_下载_附件方式_不内联_禁止嗅探_沙箱(tmp_path, settings):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    checked = uploads.check_upload(SimpleUploadedFile("x.html", b"%PDF-1.4 <script>"), max_bytes=MB)
    name = default_storage.save(f"t/{checked.content.name}", checked.content)

    class Stored:
        def __init__(self, name):
            self.name = name

        def open(self, mode):
            return default_storage.open(self.name, mode)

    response = uploads.download_response(Stored(name), original="x.html")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "x.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    response.file_to_stream.close()  # (response.close() would signal request_finished)


def _sources():
    import fazhi

    root = Path(fazhi.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield root, path, path.read_text(encoding="utf-8")


def test_只有一处按内容识别文件类型_各模块不自备检查():
    """An app's own magic-byte check (what fazhi/activities and the case waivers had) misses what the shared one
    refuses (macros, zip bombs, legacy Office): only fazhi/core/uploads.py may sniff."""
    magic = re.compile(
        r"""startswith\(\s*b["'](?:%PDF|\\x89PNG|\\xff\\xd8|PK\\x03)|b["'](?:%PDF|\\x89PNG|\\xff\\xd8\\xff|PK\\x03\\x04)["']\s*:"""
    )
    own = [str(path.relative_to(root)) for root, path, text in _sources() if magic.search(text)]
    assert own == ["core/uploads.py"]


def test_每个保存上传文件的模块都经过统一检查():
    """Every app with a FileField (a file a person uploads) stores it through ``uploads.check_upload``."""
    with_files, checked = set(), set()
    for base, path, text in _sources():
        app = path.relative_to(base).parts[0]
        if re.search(r"models\.FileField\(", text):
            with_files.add(app)
        if "uploads.check_upload(" in text:
            checked.add(app)
    assert {"cases", "complaints", "inspections", "activities"} <= with_files
    assert sorted(with_files - checked - {"core"}) == []
