"""Masking natural persons' data before anything is published, and a scanner that finds what was missed.

The rule (which characters stay visible) is documented with its sources and its status in
docs/rules/masking.md. Status: [UNCONFIRMED] — SAMR Order No. 45 Arts. 6–7 require personal information
in published penalty decisions to be "processed as necessary" but the exact masking pattern is set by
technical standards we could not read (legal digest, open item 7). The numbers below are therefore
constants in one place, named after what they keep.

Detection works on a same-length copy of the text with full-width ASCII made half-width, so positions
found there are positions in the original text. Whatever is not an 18-character resident identity
number, a mobile number, a landline with area code (or after a 电话 label) or a Luhn-valid 16–19 digit
card number is left alone: USCCs, 注册号, dates, amounts and document numbers stay readable.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from stdnum import numdb as _stdnum_numdb

from fazhi.rulebook.identifiers import (
    calc_resident_id_check_char,
    is_valid_uscc,
    resident_id_birth_date,
)
from fazhi.rulebook.sources import Citation, Status

__all__ = [
    "MASKING_CITATIONS",
    "MASKING_STATUS",
    "Finding",
    "assert_no_personal_data",
    "find_personal_data",
    "mask_address",
    "mask_bank_card",
    "mask_free_text",
    "mask_house_numbers",
    "mask_labelled_names",
    "mask_person_name",
    "mask_phone",
    "mask_resident_id",
    "mask_text",
    "scan_for_personal_data",
]

MASKING_STATUS = Status.UNCONFIRMED
MASKING_CITATIONS = (
    Citation("个人信息保护法", "第六条、第二十八条、第五十一条、第七十三条"),
    Citation("市场监督管理行政处罚信息公示规定", "第六条、第七条"),
)

MASK = "*"
# Resident identity number: keep the 6-digit region code and the last 4 (order code + check); the
# 8 birth-date digits are hidden. Same pattern as common bank/online display practice ([UNCONFIRMED]).
RESIDENT_ID_KEEP_HEAD, RESIDENT_ID_KEEP_TAIL = 6, 4
MOBILE_KEEP_HEAD, MOBILE_KEEP_TAIL = 3, 4  # 138****5678: operator prefix and last 4
LANDLINE_KEEP_TAIL = 4  # 022-****5678: area code and last 4
BANK_CARD_KEEP_TAIL = 4
ADDRESS_MASK = "****"  # fixed length, so the length of the hidden part is not revealed

KIND_LABELS = {
    "resident_id": "公民身份号码",
    "mobile": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行卡号",
}

_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20

# Provinces (GB/T 2260 first two digits) plus 81–83 (Hong Kong, Macao, Taiwan residence permits).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

_B = r"(?<![0-9A-Za-z])"  # not glued to a longer alphanumeric token (USCC, order number, URL part)
_E = r"(?![0-9A-Za-z])"
_RESIDENT_ID_RE = re.compile(
    _B + r"(\d{6})([ -]?)((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))\2(\d{3}[0-9Xx])" + _E,
    re.ASCII,
)
_MOBILE_RE = re.compile(_B + r"((?:\+|00)?86[ -]?)?(1[3-9]\d)([ -]?)(\d{4})\3(\d{4})" + _E, re.ASCII)
_LANDLINE_RE = re.compile(_B + r"(\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})([ -]?)([2-9]\d{6,7})" + _E, re.ASCII)
_LABELLED_LANDLINE_RE = re.compile(
    r"(?:电话|座机|固话|联系方式|Tel|TEL|tel|Phone|phone)(?:号码)?\s*[:：]?\s*([2-9]\d{6,7})" + _E,
    re.ASCII,
)
_BANK_CARD_RE = re.compile(_B + r"([1-9]\d{15,18}|[1-9]\d{3}(?:([ -])\d{4}){3}(?:[ -]\d{1,3})?)" + _E, re.ASCII)
_ID_LABEL_RE = re.compile(r"(?:身份证|身份号码|证件号)")
_MONEY_BEFORE_RE = re.compile(r"(?:¥|￥|人民币|RMB|CNY)\s*$")
_MONEY_AFTER_RE = re.compile(r"\s*(?:元|万|亿|角|分)")
_THOUSANDS_AFTER_RE = re.compile(r",\d{3}(?!\d)")


@dataclass(frozen=True, slots=True)
class Finding:
    """An unmasked identifier: its kind, a masked excerpt (safe to log), its offset and where it was found."""

    kind: str
    excerpt: str
    position: int
    source: str = "text"

    def __str__(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.excerpt} @{self.position} ({self.source})"


# --- masking single values -------------------------------------------------------------------------------


def _digits(value: str) -> str:
    return "".join(c for c in value.translate(_FULL_TO_HALF) if c.isascii() and c.isalnum())


def _keep(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return MASK * len(value)
    return value[:head] + MASK * (len(value) - head - tail) + value[len(value) - tail :]


def mask_resident_id(value: str) -> str:
    """``120110199001011234`` → ``120110********1234``: region code and last 4 stay, the birth date goes."""
    return _keep(_digits(value), RESIDENT_ID_KEEP_HEAD, RESIDENT_ID_KEEP_TAIL)


def mask_phone(value: str) -> str:
    """Mobile ``13812345678`` → ``138****5678``; landline ``022-23456789`` → ``022-****6789``.

    A country prefix (+86) and the area code stay; a number of unknown shape keeps only its last 4 digits.
    """
    text = value.strip().translate(_FULL_TO_HALF)
    match = _MOBILE_RE.fullmatch(text)
    if match:
        prefix, head, _sep, middle, tail = match.groups()
        return (prefix or "") + _keep(head + middle + tail, MOBILE_KEEP_HEAD, MOBILE_KEEP_TAIL)
    match = _LANDLINE_RE.fullmatch(text)
    if match:
        area, separator, number = match.groups()
        return area + separator + _keep(number, 0, LANDLINE_KEEP_TAIL)
    return _keep(_digits(value), 0, LANDLINE_KEEP_TAIL)


def mask_bank_card(value: str) -> str:
    """Keep only the last 4 digits: ``6222021234567890123`` → ``***************0123``."""
    return _keep(_digits(value), 0, BANK_CARD_KEEP_TAIL)


_ADDRESS_PREFIX_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区)|北京市|天津市|上海市|重庆市)?"
    r"(?:[\u4e00-\u9fff]{2,9}?(?:自治州|地区|盟|市))?"
    r"(?P<county>[\u4e00-\u9fff]{1,9}?(?:区|县|旗|市))?"
    r"(?P<town>(?<=[区县旗市])[^\W\d路道巷弄号楼栋室院园里村胡同_]{1,6}?(?:街道|镇|乡|街))?"
)


def mask_address(value: str) -> str:
    """Keep the administrative part down to the street or town, hide the rest.

    ``天津市东丽区张贵庄街道跃进路12号`` → ``天津市东丽区张贵庄街道****``. An address without a
    recognisable province/city/county prefix is hidden entirely.
    """
    text = value.strip()
    match = _ADDRESS_PREFIX_RE.match(text)
    kept = match.group(0) if match else ""
    if not kept:
        return ADDRESS_MASK if text else ""
    if kept == text:
        return text
    return kept + ADDRESS_MASK


# 复姓: common two-character surnames, kept whole when the name is longer than the surname plus one.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 "
    "万俟 闻人 澹台 公冶 钟离 呼延 申屠 太史 赫连 第五 拓跋 百里 东郭 左丘 梁丘 司空 濮阳 淳于 单于".split()
)


def mask_person_name(value: str) -> str:
    """Keep the surname, hide the given name one ``*`` per character.

    ``张三`` → ``张*``, ``欧阳娜娜`` → ``欧阳**`` (compound surname kept when 3+ characters), ``欧阳`` →
    ``欧*``; names with a middle dot keep only their first character (``买买提·艾力`` → ``买**·**``).
    """
    name = value.strip()
    if len(name) <= 1:
        return MASK * len(name)
    keep = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:keep] + "".join(c if c in "·• -" else MASK for c in name[keep:])


# --- finding identifiers in text ---------------------------------------------------------------------------


def _is_amount_or_decimal(norm: str, start: int, end: int, *, extension_may_follow: bool = False) -> bool:
    # Part of a longer number: a decimal fraction (3.138…), a thousands group or a hyphenated date/code
    # (2000-01-21…). A comma or slash before the number is a list separator, so it does not count.
    if start >= 2 and norm[start - 1] in ".-" and norm[start - 2].isdigit():
        return True
    if end + 1 < len(norm) and norm[end] in ".-" and norm[end + 1].isdigit():
        # …except that a landline may be followed by its extension (022-23456789-801).
        return norm[end] == "." or not extension_may_follow
    if _THOUSANDS_AFTER_RE.match(norm, end):
        return True
    return bool(_MONEY_AFTER_RE.match(norm, end) or _MONEY_BEFORE_RE.search(norm, max(0, start - 8), start))


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@functools.lru_cache(maxsize=4096)
def _is_region_code(code6: str) -> bool:
    """True if ``code6`` is a county-level (or province/city-level) administrative division in stdnum's table."""
    if code6 == "100000":  # national-level registrations (e.g. 91100000…)
        return True
    return any("county" in props for _part, props in _stdnum_numdb.get("cn/loc").info(code6))


def _looks_like_uscc(number: str) -> bool:
    # A valid check character alone is not enough: about 1 in 31 identity numbers also passes the USCC
    # check. A real USCC also carries a real region code in positions 3–8; for an identity number those
    # positions are city + county + century ("011019" for 120110 19…), which almost never is one.
    return is_valid_uscc(number) and _is_region_code(number[2:8])


def _resident_id_spans(norm: str) -> Iterator[tuple[int, int, str, str]]:
    for match in _RESIDENT_ID_RE.finditer(norm):
        region, separator, birth, tail = match.groups()
        if region[:2] not in _PROVINCES or resident_id_birth_date("000000" + birth) is None:
            continue
        number = (region + birth + tail).upper()
        if not separator and _looks_like_uscc(number):
            # An all-digit USCC can look like an identity number. Treat it as a USCC unless it is also a
            # valid identity number *and* is labelled as one (身份证…) just before it.
            checksum_ok = calc_resident_id_check_char(number[:17]) == number[17]
            labelled = _ID_LABEL_RE.search(norm, max(0, match.start() - 12), match.start()) is not None
            if not (checksum_ok and labelled):
                continue
        # A wrong check character does not make it less personal: a mistyped ID is still masked.
        yield match.start(), match.end(), "resident_id", mask_resident_id(number)


def _mobile_spans(norm: str) -> Iterator[tuple[int, int, str, str]]:
    for match in _MOBILE_RE.finditer(norm):
        if _is_amount_or_decimal(norm, match.start(), match.end()):
            continue
        yield match.start(), match.end(), "mobile", mask_phone(match.group(0))


def _landline_spans(norm: str) -> Iterator[tuple[int, int, str, str]]:
    for match in _LANDLINE_RE.finditer(norm):
        if _is_amount_or_decimal(norm, match.start(), match.end(), extension_may_follow=True):
            continue
        yield match.start(), match.end(), "landline", mask_phone(match.group(0))
    for match in _LABELLED_LANDLINE_RE.finditer(norm):
        start, end = match.span(1)
        if _is_amount_or_decimal(norm, start, end, extension_may_follow=True):
            continue
        yield start, end, "landline", mask_phone(match.group(1))


def _bank_card_spans(norm: str) -> Iterator[tuple[int, int, str, str]]:
    for match in _BANK_CARD_RE.finditer(norm):
        digits = _digits(match.group(0))
        if not _luhn_ok(digits):  # the pattern already limits it to 16–19 digits
            continue
        if len(digits) == 18 and _looks_like_uscc(digits):
            continue
        if _is_amount_or_decimal(norm, match.start(), match.end()):
            continue
        yield match.start(), match.end(), "bank_card", mask_bank_card(digits)


def find_personal_data(text: str) -> list[tuple[int, int, str, str]]:
    """Spans ``(start, end, kind, masked)`` of every unmasked identifier in plain text, in text order.

    Earlier kinds win overlaps: resident identity number, mobile, landline, bank card.
    """
    norm = text.translate(_FULL_TO_HALF)
    taken: list[tuple[int, int, str, str]] = []
    for finder in (_resident_id_spans, _mobile_spans, _landline_spans, _bank_card_spans):
        for span in finder(norm):
            if all(span[1] <= other[0] or span[0] >= other[1] for other in taken):
                taken.append(span)
    return sorted(taken)


def mask_text(text: str) -> str:
    """Mask every resident identity number, mobile, landline and bank card number in free text.

    USCCs, 注册号, dates, amounts and document numbers (津东丽市监处罚〔2023〕12号) are left as they are.
    Names and addresses cannot be found reliably in free text: mask them field by field with
    ``mask_person_name`` and ``mask_address`` before they are put into the text.
    """
    spans = find_personal_data(text)
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for start, end, _kind, masked in spans:
        parts.append(text[cursor:start])
        parts.append(masked)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


# --- names and addresses of natural persons in free text ------------------------------------------------------
#
# A name cannot be told from other words by its shape alone, so free text is masked in three ways, each safe to
# over-apply: the names the record itself knows (the party, the consumer) wherever they occur; a name right after a
# label that introduces a person (当事人张三、经营者：李四); and the part of an address that finds a household — the
# house number, building, unit and room after a road or estate name (先锋路18号3单元502室 → 先锋路****). Document
# numbers (〔2023〕12号, 第12号) are not addresses: the number must follow a road or estate word.

PERSON_LABELS = (
    "当事人", "法定代表人", "经营者", "负责人", "投诉人", "举报人", "消费者", "申请人", "被申请人", "联系人", "户主",
    "姓名", "证人", "代理人", "委托代理人", "业主", "家属", "监护人",
)  # fmt: skip
# Characters that end a given name in running text (verbs, particles, punctuation) — the name stops before them.
_NAME_STOP = set(
    "销售经营生产未无于在因等的和与及系是为将被向对从自已已曾、，。；：:,.;（）()《》“”\"'…!！?？ \t\n0123456789"
)
_LABEL_RE = re.compile(r"(?:" + "|".join(sorted(PERSON_LABELS, key=len, reverse=True)) + r")[:：\s]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]+"
_PLACE_WORD = r"(?:大道|大街|胡同|新村|小区|花园|家园|公寓|大厦|广场|园区|社区|路|街|道|巷|弄|里|村|庄|屯|苑|院|组)"
_HOUSE_RE = re.compile(
    r"(?:(?<=" + _PLACE_WORD[3:-1].replace("|", ")|(?<=") + r"))"  # right after a road or estate word
    + r"(?:" + _NUM + r"(?:号楼|号院|号|弄|巷|排|组|栋|幢|座)"
    + r"(?:(?:之|-)?" + _NUM + r"(?:号楼|号|栋|幢|座|楼|排))?"
    + r"(?:[-－]?" + _NUM + r"(?:单元|门|号门)?)?"
    + r"(?:[-－]?" + _NUM + r"(?:层|楼))?"
    + r"(?:[-－]?" + _NUM + r"(?:室|号房|户)?)?"
    + r"|" + _NUM + r"(?:[-－]" + _NUM + r"){1,3})"
)  # fmt: skip


def mask_house_numbers(text: str) -> str:
    """Hide house number, building, unit and room after a road or estate: ``先锋路18号3单元502室`` → ``先锋路****``."""
    return _HOUSE_RE.sub(ADDRESS_MASK, text)


def _given_name_end(text: str, start: int) -> int:
    """End of a name that begins at ``start`` (surname there): at most 3 (4 with a compound surname) characters,
    stopping before a character that cannot be part of a name in running text."""
    keep = 2 if text[start : start + 2] in COMPOUND_SURNAMES else 1
    end = start + keep
    limit = min(len(text), start + keep + 2)
    while end < limit and _CJK.match(text[end]) and text[end] not in _NAME_STOP:
        end += 1
    return end


def mask_labelled_names(text: str) -> str:
    """Mask a name that follows a label introducing a person: ``当事人张三销售…`` → ``当事人张*销售…``."""
    out: list[str] = []
    cursor = 0
    for match in _LABEL_RE.finditer(text):
        start = match.end()
        if start >= len(text) or not _CJK.match(text[start]) or text[start] in _NAME_STOP or start < cursor:
            continue
        end = _given_name_end(text, start)
        if end - start < 2:
            continue
        out.append(text[cursor:start])
        out.append(mask_person_name(text[start:end]))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def mask_free_text(
    text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = (), id_numbers: Iterable[str] = ()
) -> str:
    """Mask free text that may be about natural persons before it is published.

    ``names``, ``addresses`` and ``id_numbers`` are the values the record knows (the party, the consumer): each is
    replaced wherever it occurs. Then names after person labels, house numbers after road or estate names, and
    every identity, phone and bank-card number (``mask_text``) are masked. Organisations' names are not touched:
    pass only natural persons' values.
    """
    replacements: list[tuple[str, str]] = []
    replacements += [(n.strip(), mask_person_name(n)) for n in names if n and len(n.strip()) >= 2]
    replacements += [(a.strip(), mask_address(a)) for a in addresses if a and len(a.strip()) >= 4]
    replacements += [(i.strip(), mask_resident_id(i)) for i in id_numbers if i and len(i.strip()) >= 6]
    for original, masked in sorted(replacements, key=lambda pair: -len(pair[0])):
        text = text.replace(original, masked)
    return mask_text(mask_house_numbers(mask_labelled_names(text)))


# --- scanning pages ------------------------------------------------------------------------------------------

_HTML_HINT_RE = re.compile(r"<[A-Za-z!/?]")


class _Segments(HTMLParser):
    """Collects text, comments and attribute values with their offsets in the page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for index, char in enumerate(page):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.segments: list[tuple[int, str, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value:
                self.segments.append((self._offset(), value, f"<{tag} {name}>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.segments.append((self._offset(), data, "text"))

    def handle_comment(self, data: str) -> None:
        self.segments.append((self._offset(), data, "comment"))


def scan_for_personal_data(text_or_html: str) -> list[Finding]:
    """Find unmasked identifiers in plain text or HTML (text, comments, scripts and attribute values).

    Positions are offsets in the input (for HTML: the offset of the text node or tag plus the offset
    inside its unescaped text). The excerpts are masked, so findings can be printed in test output.
    """
    if not _HTML_HINT_RE.search(text_or_html):
        segments = [(0, text_or_html, "text")]
    else:
        parser = _Segments(text_or_html)
        parser.feed(text_or_html)
        parser.close()
        segments = parser.segments
    return [
        Finding(kind, masked, base + start, source)
        for base, segment, source in segments
        for start, _end, kind, masked in find_personal_data(segment)
    ]


def assert_no_personal_data(text_or_html: str) -> None:
    """Raise ``AssertionError`` listing the findings if any unmasked identifier is in the page."""
    findings = scan_for_personal_data(text_or_html)
    if findings:
        raise AssertionError("页面含有未脱敏的个人信息：\n" + "\n".join(str(f) for f in findings))
