"""Every refusal tells a client's staff member what happened and what to do."""

from __future__ import annotations

import re

import pytest

from certportal.filegate import Code, FileRejected
from certportal.filegate.messages import MESSAGES

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PARAMS = {
    "limit_mb": "20",
    "allowed": "OFD / PDF / XML",
    "ext": "docx",
    "found": "PDF",
    "page_count": 11,
    "max_pages": 10,
}


def test_every_code_has_a_default_message() -> None:
    assert {code for code, _variant in MESSAGES} == set(Code)
    assert all((code, "") in MESSAGES for code in Code)


@pytest.mark.usefixtures("chinese_messages")
@pytest.mark.parametrize(("code", "variant"), sorted(MESSAGES))
def test_message_says_what_happened_and_what_to_do(code: Code, variant: str) -> None:
    message = str(FileRejected(code, variant=variant, params=PARAMS).message)

    assert re.search(r"[\u4e00-\u9fff]", message), "Chinese is the source language"
    assert "请" in message, "every message asks the reader to do something"
    assert not PLACEHOLDER.search(message), "every placeholder is filled"
    assert len(message) < 160, "short enough for a phone screen"


@pytest.mark.usefixtures("chinese_messages")
def test_encrypted_pdf_message_is_the_agreed_text() -> None:
    message = str(FileRejected(Code.PDF_ENCRYPTED).message)

    assert (
        message == "该 PDF 设置了打开密码，无法审核。请去掉密码后重新导出 PDF 再上传。"
    )


@pytest.mark.usefixtures("chinese_messages")
def test_page_limit_message_names_both_counts() -> None:
    params = {"page_count": 12, "max_pages": 10}
    message = str(FileRejected(Code.PDF_TOO_MANY_PAGES, params=params).message)

    assert "12 页" in message
    assert "10 页" in message


@pytest.mark.usefixtures("chinese_messages")
def test_unknown_variant_falls_back_to_the_code_message() -> None:
    specific = FileRejected(Code.NOT_PDF, variant="spreadsheet-from-mars")

    assert str(specific.message) == str(FileRejected(Code.NOT_PDF).message)


@pytest.mark.usefixtures("chinese_messages")
def test_missing_parameter_stays_visible_instead_of_crashing() -> None:
    assert "{limit_mb}" in str(FileRejected(Code.TOO_LARGE).message)


def test_codes_compare_equal_to_their_stable_strings() -> None:
    refused = FileRejected("not_pdf", reason="JPEG")

    assert refused.code == "not_pdf"
    assert refused.code is Code.NOT_PDF
    assert str(refused) == "not_pdf: JPEG"


def test_an_unknown_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        FileRejected("something_else")
