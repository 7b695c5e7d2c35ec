"""Normalising the values centres type into their records: dates, phones, codes."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from certportal.certificates.models import Certificate
from certportal.organizations.records import (
    InvalidValue,
    Phone,
    normalise_credit_code,
    parse_date,
    parse_phone,
    parse_status,
    parse_yes_no,
)

from .conftest import date_cell

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _code_of(value: object) -> str:
    with pytest.raises(InvalidValue) as caught:
        parse_date(value)
    return caught.value.code


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2025/3/13",
        "2025年3月13日",
        "2025.03.13",
        "2025-03-13",
        " 2025-03-13 ",
        "２０２５－０３－１３",
        "2025-03-13 00:00:00",
        date_cell(2025, 3, 13),
        date(2025, 3, 13),
    ],
)
def test_every_date_form_in_the_records_means_the_same_day(value: object) -> None:
    assert parse_date(value) == date(2025, 3, 13)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_empty_date_cell_is_no_date(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("下月初", "date.format"),
        ("2025-13-01", "date.invalid"),
        ("2025/2/30", "date.invalid"),
        ("13/3/2025", "date.format"),
        ("2205-03-13", "date.year"),
        (45729, "date.numeric"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_with_a_code(
    value: object, code: str
) -> None:
    assert _code_of(value) == code


@given(st.dates(min_value=date(1980, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_written_any_accepted_way_reads_back(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    forms = [
        f"{y}/{m}/{d}",
        f"{y}年{m}月{d}日",
        f"{y}.{m:02}.{d:02}",
        day.isoformat(),
        date_cell(y, m, d),
    ]
    assert {parse_date(form) for form in forms} == {day}


# --- phones --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13928315478",
        "+86 13928315478",
        "86-139-2831-5478",
        "139 2831 5478",
        "8613928315478",
        "0086 139 2831 5478",
        13928315478,
        13928315478.0,
        "１３９２８３１５４７８",
    ],
)
def test_a_mobile_written_any_way_becomes_eleven_digits(value: object) -> None:
    assert parse_phone(value) == Phone(mobile="13928315478")


@pytest.mark.parametrize(
    ("value", "landline"),
    [
        ("010-87227802", "010-87227802"),
        ("010 8722 7802", "010-87227802"),
        ("(010)87227802", "010-87227802"),
        ("0311-85551234", "0311-85551234"),
    ],
)
def test_a_landline_keeps_its_area_code_and_is_no_mobile(
    value: str, landline: str
) -> None:
    assert parse_phone(value) == Phone(landline=landline)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("138-0000", "phone.unknown"),
        ("87227802", "phone.unknown"),
        ("13800000000/13900000000", "phone.characters"),
        ("张工 13800000000", "phone.characters"),
        ("+1 415 555 0100", "phone.foreign"),
    ],
)
def test_a_number_that_is_neither_mobile_nor_landline_is_refused(
    value: str, code: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_phone(value)
    assert caught.value.code == code


def test_an_empty_phone_cell_is_no_phone() -> None:
    assert parse_phone(None) == Phone()


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@given(mobiles, st.sampled_from(["plain", "plus", "dashes", "spaces", "number"]))
def test_any_mainland_mobile_survives_any_decoration(mobile: str, style: str) -> None:
    a, b, c = mobile[:3], mobile[3:7], mobile[7:]
    decorated: object = {
        "plain": mobile,
        "plus": f"+86 {mobile}",
        "dashes": f"86-{a}-{b}-{c}",
        "spaces": f"{a} {b} {c}",
        "number": int(mobile),
    }[style]
    assert parse_phone(decorated) == Phone(mobile=mobile)


# --- credit codes --------------------------------------------------------------------


def test_a_lower_case_credit_code_is_accepted_upper_cased() -> None:
    assert normalise_credit_code("91130102bbgfa8y220") == "91130102BBGFA8Y220"


def test_spaces_and_full_width_letters_in_a_credit_code_are_folded() -> None:
    assert (
        normalise_credit_code(" 9113 0102 ＢＢＧＦＡ８Ｙ２２０ ")
        == "91130102BBGFA8Y220"
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91130102BBGFA8Y221", "credit_code.checksum"),
        ("91130102BBGFA8Y22", "credit_code.length"),
        ("91130102BBGFA8YI20", "credit_code.format"),
        (911301020000000000, "credit_code.numeric"),
    ],
)
def test_a_credit_code_that_fails_its_check_is_refused(
    value: object, code: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        normalise_credit_code(value)
    assert caught.value.code == code


def test_an_empty_credit_code_is_none() -> None:
    assert normalise_credit_code("  ") is None


@given(
    st.text("0123456789", min_size=8, max_size=8),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)
def test_any_valid_code_in_lower_case_normalises_to_upper(head: str, body: str) -> None:
    code = head + body + uscc.calc_check_digit(head + body)
    assert normalise_credit_code(code.lower()) == code

    wrong = next(ch for ch in USCC_ALPHABET if ch != code[-1])
    with pytest.raises(InvalidValue):
        normalise_credit_code(code[:-1] + wrong)


# --- statuses and yes/no --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("有效", Certificate.Status.VALID),
        ("暂停", Certificate.Status.SUSPENDED),
        ("撤销", Certificate.Status.WITHDRAWN),
        ("注销", Certificate.Status.CANCELLED),
        ("过期失效", Certificate.Status.EXPIRED),
        (" 有效 ", Certificate.Status.VALID),
    ],
)
def test_the_status_words_centres_use_map_to_statuses(word: str, status: str) -> None:
    assert parse_status(word) == status


@pytest.mark.parametrize("word", ["冻结", "", "valid"])
def test_an_unknown_status_is_refused(word: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_status(word)
    assert caught.value.code == "status.unknown"


@pytest.mark.parametrize(
    ("value", "expected"), [("是", True), ("否", False), (None, False), (True, True)]
)
def test_classified_is_yes_or_no(value: object, expected: bool) -> None:
    assert parse_yes_no(value) is expected


def test_classified_refuses_anything_else() -> None:
    with pytest.raises(InvalidValue):
        parse_yes_no("可能")
