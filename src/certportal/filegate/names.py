"""Client-supplied file names: the extension they claim, and a safe name to show."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from certportal.filegate.errors import Code, FileRejected

MAX_DISPLAY_CHARS = 100
# Browsers save downloads under this name; most file systems stop at 255 bytes.
MAX_DISPLAY_BYTES = 240

_PATH_SEPARATORS = re.compile(r"[\\/]")
# Control characters and lone surrogates have no business in a file name.
_REJECTED_CATEGORIES = frozenset({"Cc", "Cs"})
# Dropped from display names: controls, bidi overrides and other format
# characters (they can make "gpj.exe" read as "exe.jpg"), private and unassigned
# code points, line and paragraph separators.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Characters Windows refuses in file names, plus the quote that ends a header value.
_REPLACED_CHARS = frozenset('<>:"/\\|?*')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)


def claimed_extension(filename: str) -> str:
    """Return the lower-case extension the name claims, after decoding it; "" if none.

    Raises FileRejected("bad_name") when the decoded name holds control characters
    such as NUL, the classic trick to make "a.php%00.pdf" look like a PDF.
    """
    name = _decoded(filename)
    if any(unicodedata.category(char) in _REJECTED_CATEGORIES for char in name):
        raise FileRejected(Code.BAD_NAME, reason="control character in file name")

    base = _PATH_SEPARATORS.split(name)[-1].rstrip(" .")  # Windows drops these
    _, dot, suffix = base.rpartition(".")
    if not dot:
        return ""
    return unicodedata.normalize("NFKC", suffix).casefold()


def safe_display_name(name: str, *, fallback: str, ext: str) -> str:
    """Return a name fit for Content-Disposition: no path or controls, ends in .ext."""
    ext = re.sub(r"[^0-9a-z]", "", ext.casefold())[:10] or "bin"
    stem = _display_stem(name, ext) or _display_stem(fallback, ext) or "file"
    return f"{stem}.{ext}"


def _decoded(filename: str) -> str:
    # Decode percent-escapes until stable (bounded), so "%2500" cannot hide a NUL.
    name = filename
    for _ in range(3):
        decoded = unquote(name)
        if decoded == name:
            break
        name = decoded
    return name


def _display_stem(name: str, ext: str) -> str:
    text = unicodedata.normalize("NFC", _decoded(name))
    text = _PATH_SEPARATORS.split(text)[-1]
    text = "".join(_display_char(char) for char in text)
    text = " ".join(text.split()).rstrip(" .")

    stem, dot, suffix = text.rpartition(".")
    if dot and unicodedata.normalize("NFKC", suffix).casefold() == ext:
        text = stem
    text = text.strip(" .")  # a leading dot hides a file on Unix
    if text.upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    return _truncated(text, ext)


def _display_char(char: str) -> str:
    if char.isspace():
        return " "
    if unicodedata.category(char) in _DROPPED_CATEGORIES:
        return ""
    return "_" if char in _REPLACED_CHARS else char


def _truncated(stem: str, ext: str) -> str:
    max_chars = MAX_DISPLAY_CHARS - len(ext) - 1
    max_bytes = MAX_DISPLAY_BYTES - len(ext) - 1
    stem = stem[:max_chars]
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return stem.rstrip(" .")
