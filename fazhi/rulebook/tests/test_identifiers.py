"""Identifier validators: YAML spec cases (cases/identifiers.yaml) and properties against python-stdnum."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10

from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.identifiers import (
    USCC_ALPHABET,
    IdentifierError,
    calc_org_code_check_char,
    calc_registration_number_check_digit,
    calc_resident_id_check_char,
    calc_uscc_check_char,
    is_valid_resident_id,
    is_valid_uscc,
    make_registration_number,
    make_uscc,
    normalize_uscc,
    org_code_is_valid,
    validate_registration_number,
    validate_resident_id,
    validate_uscc,
)
from fazhi.rulebook.sources import load_yaml

CASES = load_yaml(Path(__file__).parent / "cases" / "identifiers.yaml")
VALIDATORS = {
    "uscc": validate_uscc,
    "registration_number": validate_registration_number,
    "resident_id": validate_resident_id,
}
OPTIONS = ("strict_org_code", "check_region")


def _cases():
    for kind, cases in CASES.items():
        for case in cases:
            yield pytest.param(kind, case, id=f"{kind}:{case['name']}")


@pytest.mark.parametrize(("kind", "case"), list(_cases()))
def test_spec_case(kind, case):
    validate = VALIDATORS[kind]
    options = {k: case[k] for k in OPTIONS if k in case}
    if "expect" in case:
        assert validate(case["input"], **options) == case["expect"]
        return
    with pytest.raises(IdentifierError) as caught:
        validate(case["input"], field="列", **options)
    error = caught.value
    assert error.code == case["error"]
    assert error.field == "列"
    assert isinstance(error, RulebookError)
    assert error.message  # a Chinese message saying what to do
    for key, value in case.get("params", {}).items():
        assert str(error.params[key]) == str(value), key


def test_checksum_message_names_the_expected_character():
    with pytest.raises(IdentifierError) as caught:
        validate_uscc("91110000600037341M")
    assert "应为 L" in caught.value.message


def test_resident_id_checksum_message_says_what_to_check():
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id("120110199001011234")
    assert "请核对第 18 位校验码，应为 5" in caught.value.message


uscc_chars = st.sampled_from(USCC_ALPHABET)
digit = st.sampled_from("0123456789")
org_bodies = st.text(uscc_chars, min_size=8, max_size=8)
regions = st.text(digit, min_size=6, max_size=6)
prefixes = st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "N2", "Y1"])


@given(regions, prefixes, org_bodies)
def test_made_uscc_always_validates_strictly(region, prefix, body):
    code = make_uscc(region, prefix, body)
    assert validate_uscc(code, strict_org_code=True) == code
    assert org_code_is_valid(code[8:17])


@given(st.text(digit, min_size=8, max_size=8), st.text(uscc_chars, min_size=10, max_size=10))
def test_uscc_check_character_equals_stdnum(head, tail):
    body = head + tail[:9]
    assert calc_uscc_check_char(body) == uscc.calc_check_digit(body)


@given(st.text(digit, min_size=8, max_size=8), st.text(uscc_chars, min_size=10, max_size=10))
def test_uscc_validity_equals_stdnum_for_digit_prefixes(head, tail):
    # stdnum only accepts digits in positions 1–8; there both must agree exactly.
    code = head + tail
    assert is_valid_uscc(code) == uscc.is_valid(code)


@given(st.text(min_size=0, max_size=25))
def test_uscc_validator_never_crashes_and_valid_means_normalised(raw):
    try:
        code = validate_uscc(raw)
    except IdentifierError as error:
        assert error.code.startswith("uscc.")
    else:
        assert len(code) == 18 and code == normalize_uscc(raw)


@given(st.text(digit, min_size=14, max_size=14))
def test_registration_check_digit_equals_stdnum(first14):
    assert calc_registration_number_check_digit(first14) == mod_11_10.calc_check_digit(first14)
    assert validate_registration_number(make_registration_number(first14)) == make_registration_number(first14)


@given(st.text(digit, min_size=17, max_size=17))
def test_resident_id_check_character_equals_stdnum(body):
    # stdnum's calc_check_digit wants all 18 characters (the last is ignored): the gotcha in stack.md.
    assert calc_resident_id_check_char(body) == ric.calc_check_digit(body + "0")


@given(st.text(digit, min_size=17, max_size=17), st.sampled_from("0123456789X"))
def test_resident_id_validity_equals_stdnum(body, check):
    try:
        stdnum_valid = ric.is_valid(body + check)
    except KeyError:  # stdnum 2.2 bug: a region found only at province level (e.g. 136873) raises KeyError
        stdnum_valid = False
    assert is_valid_resident_id(body + check) == stdnum_valid


def test_province_only_region_is_a_region_error_not_a_crash():
    number = "13687320160810382" + calc_resident_id_check_char("13687320160810382")
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id(number)
    assert caught.value.code == "resident_id.region"


def test_org_code_check_digit_follows_gb_11714():
    assert calc_org_code_check_char("60003734") == "1"
    assert calc_org_code_check_char("71526726") == "X"  # remainder 10 → X
    assert calc_org_code_check_char("00000000") == "0"  # remainder 11 → 0
    assert not org_code_is_valid("MA5F00001")
    assert not org_code_is_valid("60003734")  # too short
    assert not org_code_is_valid("6000373a1")
    with pytest.raises(IdentifierError) as caught:
        calc_org_code_check_char("6000373")
    assert caught.value.code == "org_code.body"


def test_calc_uscc_check_char_rejects_bad_bodies():
    with pytest.raises(IdentifierError) as caught:
        calc_uscc_check_char("9111000060003734")
    assert caught.value.code == "uscc.length"
    with pytest.raises(IdentifierError) as caught:
        calc_uscc_check_char("9111000060003734I")
    assert caught.value.code == "uscc.alphabet"


@pytest.mark.parametrize(
    ("region", "prefix", "body"),
    [
        ("12011", "91", "MA05LN1K"),
        ("12011a", "91", "MA05LN1K"),
        ("120110", "9", "MA05LN1K"),
        ("120110", "9I", "MA05LN1K"),
        ("120110", "91", "MA05LN1"),
        ("120110", "91", "MA05LN1O"),
    ],
)
def test_make_uscc_rejects_bad_parts(region, prefix, body):
    with pytest.raises(IdentifierError) as caught:
        make_uscc(region, prefix, body)
    assert caught.value.code == "uscc.build_input"


@pytest.mark.parametrize("first14", ["1201106001234", "12011060012a45", "１２０１１０６００１２３４５"])
def test_make_registration_number_rejects_bad_bodies(first14):
    with pytest.raises(IdentifierError) as caught:
        make_registration_number(first14)
    assert caught.value.code == "regno.build_input"


def test_is_valid_helpers():
    assert is_valid_uscc("91110000600037341L")
    assert not is_valid_uscc("91110000600037341M")
    assert is_valid_resident_id("120110199001011235")
    assert not is_valid_resident_id("990105198001011231")
    assert is_valid_resident_id("990105198001011231", check_region=False)


def test_error_as_dict_carries_code_and_params():
    with pytest.raises(IdentifierError) as caught:
        validate_uscc("123")
    assert caught.value.as_dict()["code"] == "uscc.length"
    assert caught.value.as_dict()["actual"] == "3"
