"""The one encoding detection for CSV files (imports and uploads alike).

What the bureau's users save: UTF-8 (with the BOM Excel writes for "CSV UTF-8", or without — exports of other
systems) and GB18030 (Excel's plain "CSV" on Chinese Windows, and the 12315 export; GB18030 contains GBK and
GB2312). The rule: a file that decodes as UTF-8 from its first byte to its last is UTF-8 (``utf-8-sig`` when it
starts with the BOM, so the BOM never reaches the first header); otherwise it must decode as GB18030 from first to
last; otherwise it is refused. UTF-16 (Excel's "Unicode text") and binary content are refused with their own
message. The check never guesses from a sample: a file whose first megabyte is ASCII and whose end is GB18030 is
GB18030.

``detect_csv_encoding`` reads the blocks a caller gives it (a 1,000,000-row file is never held in memory); the
importer (``fazhi.core.importing``) and the upload check (``fazhi.core.uploads``, kind ``csv``) both call it.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable

UTF8 = "utf-8"
UTF8_SIG = "utf-8-sig"
GB18030 = "gb18030"

_HEAD = 4096


class CsvEncodingError(Exception):
    """The bytes are no CSV text we read; ``code`` is stable (``file.encoding`` | ``file.binary``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _check_head(head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvEncodingError(
            "file.encoding", "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为 UTF-8 编码的 CSV"
        )
    if b"\x00" in head:
        raise CsvEncodingError("file.binary", "文件不是文本格式的 CSV（含有二进制内容）；请导出为 CSV 或 XLSX")


def _decodes(blocks: Iterable[bytes], encoding: str) -> tuple[bool, bytes]:
    """Whether all ``blocks`` decode as ``encoding`` (every block is read either way), and the first bytes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    ok, head = True, b""
    for block in blocks:
        if not head:
            head = block[:_HEAD]
            _check_head(head)
        if ok:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                ok = False
    if ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            ok = False
    return ok, head


def detect_csv_encoding(blocks: Callable[[], Iterable[bytes]]) -> str:
    """``utf-8-sig`` | ``utf-8`` | ``gb18030`` for the bytes ``blocks()`` yields, in order; raises
    :class:`CsvEncodingError`. ``blocks`` is called once, and a second time only for a file that is not UTF-8
    (so a caller may hash the blocks of the first pass). Empty input is UTF-8 (the caller decides about empty
    files)."""
    is_utf8, head = _decodes(blocks(), UTF8)
    if is_utf8:
        return UTF8_SIG if head.startswith(codecs.BOM_UTF8) else UTF8
    is_gb, _ = _decodes(blocks(), GB18030)
    if not is_gb:
        raise CsvEncodingError("file.encoding", "无法识别文件编码：请另存为 UTF-8 或 GB18030 编码的 CSV")
    return GB18030


def detect_bytes(data: bytes) -> str:
    """:func:`detect_csv_encoding` of bytes held in memory (an upload)."""
    return detect_csv_encoding(lambda: [data] if data else [])


def decode_csv(data: bytes) -> str:
    """The text of CSV bytes in whichever accepted encoding they are (BOM removed); raises
    :class:`CsvEncodingError`."""
    return data.decode(detect_bytes(data))
