"""Masking and the personal-data scanner: YAML spec cases (cases/masking.yaml) and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.rulebook import masking
from fazhi.rulebook.identifiers import (
    USCC_ALPHABET,
    calc_resident_id_check_char,
    make_registration_number,
    make_uscc,
)
from fazhi.rulebook.masking import (
    MASKING_STATUS,
    Finding,
    assert_no_personal_data,
    find_personal_data,
    mask_text,
    scan_for_personal_data,
)
from fazhi.rulebook.sources import Status, load_yaml

CASES = load_yaml(Path(__file__).parent / "cases" / "masking.yaml")


@pytest.mark.parametrize("case", CASES["mask"], ids=lambda c: c["name"])
def test_mask_field(case):
    assert getattr(masking, case["function"])(case["input"]) == case["expect"]


@pytest.mark.parametrize("case", CASES["mask_text"], ids=lambda c: c["name"])
def test_mask_text(case):
    assert mask_text(case["input"]) == case["expect"]
    assert scan_for_personal_data(case["expect"]) == []


@pytest.mark.parametrize("case", CASES["no_findings"], ids=lambda c: c["name"])
def test_scanner_leaves_public_data_alone(case):
    assert scan_for_personal_data(case["input"]) == []
    assert mask_text(case["input"]) == case["input"]


def test_the_masking_rule_is_marked_unconfirmed():
    assert MASKING_STATUS is Status.UNCONFIRMED
    assert any("个人信息保护法" in str(c) for c in masking.MASKING_CITATIONS)


def test_scanner_finds_identifiers_in_text_and_reports_masked_excerpts():
    findings = scan_for_personal_data("联系人手机13812345678")
    assert findings == [Finding("mobile", "138****5678", 5, "text")]
    assert "13812345678" not in str(findings[0])
    assert "手机号码" in str(findings[0])


def test_scanner_looks_into_html_text_attributes_comments_and_scripts():
    page = (
        '<div data-phone="13812345678"><p>身份证&nbsp;120110199001011235</p>\n'
        '<img alt="卡号6222021234567890003"/><input disabled>'
        "<!-- 022-23456789 --><script>var m = '13912345678';</script></div>"
    )
    kinds = {(f.kind, f.source) for f in scan_for_personal_data(page)}
    assert kinds == {
        ("mobile", "<div data-phone>"),
        ("resident_id", "text"),
        ("bank_card", "<img alt>"),
        ("landline", "comment"),
        ("mobile", "text"),
    }
    positions = {f.kind: f.position for f in scan_for_personal_data(page)}
    # Approximate: the offset of the tag/comment plus the offset inside its (unescaped) value.
    assert page.index("<img") <= positions["bank_card"] < page.index("<input")
    assert page.index("<!--") <= positions["landline"] < page.index("<script")


def test_tags_are_stripped_so_markup_never_glues_numbers():
    assert scan_for_personal_data("<td>2023</td><td>13812345678</td>")[0].kind == "mobile"
    assert scan_for_personal_data("<b>9112</b>0110MA05LN1K96") == []


def test_assert_no_personal_data_lists_the_findings():
    assert_no_personal_data("<p>手机 138****5678</p>")
    with pytest.raises(AssertionError, match="138\\*\\*\\*\\*5678"):
        assert_no_personal_data("<p>手机 13812345678</p>")


def test_all_digit_uscc_that_passes_luhn_is_not_a_bank_card():
    assert scan_for_personal_data("代码911201100000000383") == []
    assert scan_for_personal_data("卡号6222021234567890003")[0].kind == "bank_card"


@pytest.mark.parametrize(
    "text",
    [
        "卡号6222021234567890003元",
        "电话：23456789元",
        "022-23456789.5",
        "13812345678,123",
        "3.13812345678",
        "2000-01-21000000000001129",
        "1000111101144022002-01-01",
    ],
)
def test_numbers_that_are_amounts_or_decimals_are_not_flagged(text):
    assert find_personal_data(text) == []


def test_landline_extensions_do_not_hide_the_number():
    assert mask_text("电话022-23456789-801，座机：2345678-12") == "电话022-****6789-801，座机：***5678-12"


def test_mask_phone_on_unknown_shapes_keeps_only_the_last_four_digits():
    assert masking.mask_phone("123") == "***"
    assert masking.mask_phone("0086-13812345678") == "0086-138****5678"


# --- properties -------------------------------------------------------------------------------------------

digits = st.sampled_from("0123456789")
# With these regions positions 3–8 of the number ("011019" …) are never a region code, so no identity
# number here can pass for a USCC; the rare real collisions are the YAML cases.
regions = st.sampled_from(["120110", "110105", "310101", "440305", "650102", "130221"])
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def resident_ids(draw, valid_checksum=True):
    body = draw(regions) + draw(birth_dates).strftime("%Y%m%d") + draw(st.text(digits, min_size=3, max_size=3))
    check = calc_resident_id_check_char(body) if valid_checksum else draw(st.sampled_from("0123456789X"))
    return body + check


# Real USCCs carry a real region code in positions 3–8 (the scanner relies on it, see masking.py).
usccs = st.builds(
    make_uscc,
    st.sampled_from(["120110", "120000", "100000", "110105", "440300", "411302", "110119", "650102"]),
    st.sampled_from(["91", "92", "93", "11", "12", "31", "51", "N2"]),
    st.text(st.sampled_from(USCC_ALPHABET), min_size=8, max_size=8),
)
mobiles = st.builds(
    lambda p, n: p + n, st.sampled_from(["13", "15", "18", "19"]), st.text(digits, min_size=9, max_size=9)
)
landlines = st.builds(
    lambda a, s, n: a + s + n,
    st.sampled_from(["022", "010", "0571", "(022)"]),
    st.sampled_from(["", "-", " "]),
    st.from_regex(r"[2-9]\d{7}", fullmatch=True),
)
iso_dates = birth_dates.map(dt.date.isoformat)
amounts = st.decimals(min_value=0, max_value=Decimal("100000000000"), places=2).map(
    lambda d: st.sampled_from([f"{d}元", f"{d:,}元", f"¥{d}", f"人民币{d:.0f}元"])
)
case_numbers = st.builds(lambda y, n: f"津东丽市监处罚〔{y}〕{n}号", st.integers(2000, 2099), st.integers(1, 99999))
regnos = st.text(digits, min_size=14, max_size=14).map(make_registration_number)
filler = st.text(st.sampled_from("，。：;；、 \n当事人电话地址ab-/()（）0123456789"), max_size=6)
public_pieces = st.one_of(usccs, iso_dates, amounts.flatmap(lambda s: s), case_numbers, regnos)
personal_pieces = st.one_of(resident_ids(), resident_ids(valid_checksum=False), mobiles, landlines)


@settings(max_examples=300)
@given(st.lists(st.one_of(public_pieces, personal_pieces, filler), max_size=12))
def test_masked_text_never_contains_a_finding(pieces):
    text = "".join(pieces)
    masked = mask_text(text)
    assert scan_for_personal_data(masked) == []
    spans = find_personal_data(text)
    # spans lie inside the text, in text order, and never overlap
    assert all(0 <= start < end <= len(text) for start, end, _kind, _masked in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(["", "，", " ", "：", "<p>", "</p>", "\n"]), public_pieces), max_size=8))
def test_scanner_never_flags_usccs_dates_amounts_case_numbers_or_regnos(pieces):
    text = "".join(sep + piece for sep, piece in pieces)
    assert scan_for_personal_data(text) == []


@given(resident_ids(), st.sampled_from(["身份证号", "，", "当事人 "]))
def test_every_resident_id_with_a_real_birth_date_is_found(number, prefix):
    findings = scan_for_personal_data(prefix + number)
    assert [f.kind for f in findings] == ["resident_id"]
    assert findings[0].excerpt == number[:6] + "********" + number[-4:]


@given(mobiles)
def test_every_mobile_number_is_found(number):
    assert [f.kind for f in scan_for_personal_data(f"电话{number}")] == ["mobile"]


def test_national_level_region_code_counts_as_a_uscc_region():
    assert masking._is_region_code("100000")
    assert masking._is_region_code("120110")
    assert not masking._is_region_code("011019")
