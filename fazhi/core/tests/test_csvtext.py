"""The one CSV encoding rule (fazhi.core.csvtext), used by every import and by the upload check.

The GB18030 bytes are written out by hand (not produced by the codec under test) where it matters: 企业 is
C6 F3 D2 B5 in GB2312/GBK/GB18030; 㐀 (U+3400, CJK Extension A, outside GBK) is the four-byte sequence
81 39 EE 39 that only GB18030 has.
"""

from __future__ import annotations

import codecs

import pytest

from fazhi.core import csvtext, uploads
from fazhi.core.errors import DomainError
from fazhi.core.importing import ImportFileError, _detect_encoding

QIYE_GB = bytes.fromhex("C6F3D2B5")  # 企业
EXT_A_GB = bytes.fromhex("8139EE39")  # 㐀
HEADER_GB = QIYE_GB + "名称,统一社会信用代码\r\n".encode("gb18030")


def blocks_of(data: bytes, size: int):
    return lambda: [data[i : i + size] for i in range(0, len(data), size)]


def test_hand_written_gb18030_bytes_are_what_the_codec_reads():
    assert QIYE_GB.decode("gb18030") == "企业" and EXT_A_GB.decode("gb18030") == "㐀"
    with pytest.raises(UnicodeDecodeError):
        EXT_A_GB.decode("gbk")  # the four-byte form is GB18030's own: GBK cannot read it


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("企业名称,统一社会信用代码\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "企业名称,统一社会信用代码\n".encode(), "utf-8-sig"),
        (HEADER_GB + "张三餐饮店,91310000MA1FL0000X\r\n".encode("gb18030"), "gb18030"),
        (HEADER_GB + EXT_A_GB + b",1\r\n", "gb18030"),
        (b"name,uscc\n", "utf-8"),  # ASCII is UTF-8
    ],
)
def test_utf8_with_or_without_bom_else_gb18030(data, expected):
    assert csvtext.detect_bytes(data) == expected
    assert csvtext.decode_csv(data).lstrip("\ufeff") == csvtext.decode_csv(data)  # the BOM never reaches a header


def test_the_whole_file_decides_not_its_beginning():
    """A file that is ASCII for many blocks and GB18030 only at its end is GB18030 (no sampling)."""
    data = b"a,b\n" * 5000 + QIYE_GB + b",1\n"
    assert csvtext.detect_csv_encoding(blocks_of(data, 4096)) == "gb18030"
    assert csvtext.decode_csv(data).endswith("企业,1\n")


def test_a_utf8_character_split_across_blocks_is_still_utf8():
    data = ("名" * 3000 + "\n").encode()
    for size in (1, 2, 4096, 4097):
        assert csvtext.detect_csv_encoding(blocks_of(data, size)) == "utf-8"


def test_the_second_pass_happens_only_for_files_that_are_not_utf8():
    calls = []

    def blocks(data):
        def read():
            calls.append(1)
            return [data]

        return read

    csvtext.detect_csv_encoding(blocks("企业\n".encode()))
    assert len(calls) == 1
    csvtext.detect_csv_encoding(blocks(QIYE_GB + b"\n"))
    assert len(calls) == 3


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        ("企业名称\n".encode("utf-16"), "file.encoding", "UTF-16"),
        (b"PK\x03\x04\x00\x00binary", "file.binary", "二进制"),
        (b"\xfd\xff not text", "file.encoding", "UTF-8 或 GB18030"),  # FF is no GB18030 trail byte
        (QIYE_GB + b"\x81", "file.encoding", "UTF-8 或 GB18030"),  # a lead byte cut off at the end
    ],
)
def test_what_is_refused_and_why(data, code, words):
    with pytest.raises(csvtext.CsvEncodingError) as err:
        csvtext.detect_bytes(data)
    assert err.value.code == code and words in err.value.message


def test_the_importer_reads_through_the_same_rule(tmp_path):
    path = tmp_path / "gb.csv"
    path.write_bytes(HEADER_GB)
    encoding, digest = _detect_encoding(path)
    assert encoding == "gb18030" and len(digest) == 64
    path.write_bytes(b"")
    with pytest.raises(ImportFileError) as err:
        _detect_encoding(path)
    assert err.value.code == "file.empty"
    path.write_bytes(b"\xfd\xff")
    with pytest.raises(ImportFileError) as err:
        _detect_encoding(path)
    assert err.value.code == "file.encoding"


def test_the_upload_check_accepts_csv_in_either_encoding_and_nothing_else():
    for data in (HEADER_GB, "企业名称\n".encode(), codecs.BOM_UTF8 + "企业名称\n".encode()):
        checked = uploads.check_upload(("导出.csv", data), max_bytes=1 << 20, accept=("csv",))
        assert checked.kind.key == "csv" and checked.stored_name.endswith(".csv")
        assert checked.content.read() == data  # stored as uploaded, the importer decodes it
    for data in (b"%PDF-1.4 x", b"<html><body>x</body></html>", "<?xml version='1.0'?>".encode("gb18030"), b"\xfd\xff"):
        with pytest.raises(DomainError) as err:
            uploads.check_upload(("导出.csv", data), max_bytes=1 << 20, accept=("csv",), code="complaints.import_file")
        assert err.value.code == "complaints.import_file_type" and "CSV" in err.value.message


def test_evidence_never_accepts_a_gb18030_text_as_csv():
    with pytest.raises(DomainError) as err:
        uploads.check_upload(("笔录.csv", HEADER_GB), max_bytes=1 << 20)
    assert err.value.code == "upload.type" and "CSV" not in err.value.message
