"""Display names for Content-Disposition: no path or controls, bounded, our ext."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from certportal.filegate import safe_display_name
from certportal.filegate.names import MAX_DISPLAY_BYTES, MAX_DISPLAY_CHARS


def shown(name: str, ext: str = "pdf") -> str:
    return safe_display_name(name, fallback="授权委托书", ext=ext)


def test_path_components_are_stripped() -> None:
    assert shown("../../a.pdf") == "a.pdf"
    assert shown("C:\\Users\\王\\Desktop\\委托书.pdf") == "委托书.pdf"
    assert shown("..%2F..%2Fetc%2Fpasswd") == "passwd.pdf"


def test_chinese_names_stay_intact() -> None:
    assert shown("北京海纳检测技术股份有限公司（授权委托书）.pdf") == (
        "北京海纳检测技术股份有限公司（授权委托书）.pdf"
    )


def test_a_300_character_name_is_cut_to_100_keeping_the_extension() -> None:
    name = shown("委" * 300 + ".pdf")

    assert name.endswith("委.pdf")
    assert len(name) <= MAX_DISPLAY_CHARS
    assert len(name.encode()) <= MAX_DISPLAY_BYTES


def test_a_long_ascii_name_is_cut_to_100_characters() -> None:
    name = shown("a" * 300 + ".pdf")

    assert name == "a" * 96 + ".pdf"


def test_nul_and_control_characters_are_removed() -> None:
    assert shown("a\x00b\x07c.pdf") == "abc.pdf"
    assert shown("报告\r\n注入.pdf") == "报告 注入.pdf"


def test_double_extension_keeps_only_ours_at_the_end() -> None:
    assert shown("a.pdf.php") == "a.pdf.php.pdf"
    assert shown("a.PDF") == "a.pdf"


def test_bidi_overrides_are_removed() -> None:
    assert shown("invoice\u202egpj.pdf") == "invoicegpj.pdf"
    assert shown("\u200e\u2066名字\u2069.pdf") == "名字.pdf"


def test_characters_windows_refuses_are_replaced() -> None:
    assert shown('a"b<c>d|e?f*g:h.pdf') == "a_b_c_d_e_f_g_h.pdf"


def test_nothing_usable_falls_back() -> None:
    assert shown("") == "授权委托书.pdf"
    assert shown("...") == "授权委托书.pdf"
    assert shown("\x00\x01.pdf") == "授权委托书.pdf"


def test_reserved_windows_device_names_are_defused() -> None:
    assert shown("CON.pdf") == "_CON.pdf"


def test_the_extension_is_sanitised_too() -> None:
    assert safe_display_name("a", fallback="x", ext=".P/D\x00F") == "a.pdf"


@given(st.text(max_size=400))
def test_any_name_gives_a_safe_bounded_name(name: str) -> None:
    result = shown(name)

    assert result.endswith(".pdf")
    assert len(result) <= MAX_DISPLAY_CHARS
    assert len(result.encode("utf-8")) <= MAX_DISPLAY_BYTES
    assert not set(result) & set('/\\"<>|?*:')
    assert all(unicodedata.category(char)[0] != "C" for char in result)
    assert not result.startswith((".", " "))
