"""Check e-invoices that come as OFD (a ZIP container, GB/T 33190) or XML.

Both run in the web process: the ZIP limits are read from the central directory
before any entry is decompressed, entries are read in bounded chunks, and XML is
parsed with defusedxml with DTDs forbidden, so no entity is ever expanded.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from certportal.filegate.errors import Code, FileRejected, too_large

MAX_OFD_BYTES = 10 * 1024 * 1024
MAX_OFD_ENTRIES = 1_000
MAX_OFD_UNPACKED = 50 * 1024 * 1024
# Text compresses about 5 to 20 times; only large entries are held to the ratio,
# since a small file of blanks legitimately compresses far better.
MAX_ENTRY_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024
MAX_XML_BYTES = 5 * 1024 * 1024
OFD_ROOT = "OFD.xml"
_READ_CHUNK = 1024 * 1024
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# Chinese tax software may still write GBK; expat reads no multi-byte codec but UTF.
_GB_DECLARATION = re.compile(
    rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])(gbk|gb2312|gb18030)(["'])""",
    re.IGNORECASE,
)


def check_ofd(data: bytes, *, max_bytes: int = MAX_OFD_BYTES) -> None:
    """Refuse an OFD invoice whose container is hostile, damaged or not an OFD."""
    _require_size(data, max_bytes)
    if not data.startswith(b"PK\x03\x04"):
        raise FileRejected(Code.NOT_OFD, reason="no ZIP signature at offset 0")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise FileRejected(Code.NOT_OFD, reason=f"unreadable ZIP: {exc}") from None

    with archive:
        entries = archive.infolist()
        check_ofd_directory(entries)
        try:
            _check_root_document(archive)
            _check_entries(archive, entries)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise FileRejected(Code.OFD_INVALID, reason=f"damaged: {exc}") from None


def check_ofd_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Apply the container limits using the central directory alone."""
    if len(entries) > MAX_OFD_ENTRIES:
        raise FileRejected(Code.OFD_TOO_BIG, reason=f"{len(entries)} entries")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_OFD_UNPACKED:
        raise FileRejected(Code.OFD_TOO_BIG, reason=f"{unpacked} bytes unpacked")
    for entry in entries:
        _check_entry_header(entry)

    names = [entry.orig_filename for entry in entries]
    if len(set(names)) != len(names):
        raise FileRejected(Code.OFD_INVALID, reason="duplicate entry names")
    if OFD_ROOT not in names:
        raise FileRejected(Code.NOT_OFD, reason="no OFD.xml at the root")


def _check_entry_header(entry: zipfile.ZipInfo) -> None:
    if _unsafe_path(entry.orig_filename):
        raise FileRejected(Code.OFD_INVALID, reason=f"path {entry.orig_filename!r}")
    if entry.flag_bits & 0x1:
        raise FileRejected(Code.OFD_INVALID, reason="encrypted entry")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise FileRejected(Code.OFD_INVALID, reason=f"method {entry.compress_type}")
    ratio = entry.file_size / max(entry.compress_size, 1)
    if entry.file_size > RATIO_CHECK_FROM and ratio > MAX_ENTRY_RATIO:
        raise FileRejected(Code.OFD_TOO_BIG, reason=f"ratio {ratio:.0f} in an entry")


def _unsafe_path(name: str) -> bool:
    # orig_filename: zipfile cuts the normal name at a NUL, hiding the trick.
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or _DRIVE_LETTER.match(name):
        return True
    return ".." in name.split("/")


def _check_root_document(archive: zipfile.ZipFile) -> None:
    root = _parse_entry(archive, archive.getinfo(OFD_ROOT))
    if root.tag.rpartition("}")[2] != "OFD":
        raise FileRejected(Code.NOT_OFD, reason=f"OFD.xml root is {root.tag[:80]!r}")


def _check_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    # Reading every entry checks its CRC; zipfile never returns more bytes than
    # the directory declared, so the totals checked above bound the work.
    for entry in entries:
        if entry.orig_filename.lower().endswith(".xml"):
            _parse_entry(archive, entry)
        else:
            with archive.open(entry) as stream:
                while stream.read(_READ_CHUNK):
                    pass


def _parse_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Element:
    with archive.open(entry) as stream:
        raw = stream.read(MAX_XML_BYTES + 1)
    if len(raw) > MAX_XML_BYTES:
        raise FileRejected(Code.OFD_TOO_BIG, reason=f"{entry.filename} is too big")
    try:
        return parse_xml(raw)
    except FileRejected as exc:
        reason = f"{entry.filename}: {exc.reason}"
        raise FileRejected(Code.OFD_INVALID, reason=reason) from None


def check_xml(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> None:
    """Refuse an XML invoice that is unsafe (DTD, entities) or not well-formed."""
    _require_size(data, max_bytes)
    parse_xml(data)


def parse_xml(raw: bytes) -> Element:
    """Parse untrusted XML with DTDs, entities and external references forbidden."""
    try:
        return fromstring(_as_utf8(raw), forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise FileRejected(Code.XML_UNSAFE, reason=repr(exc)) from None
    except (ParseError, ValueError) as exc:
        raise FileRejected(Code.XML_INVALID, reason=str(exc)) from None


def _as_utf8(raw: bytes) -> bytes:
    declared = _GB_DECLARATION.match(raw[:200])
    if not declared:
        return raw
    text = raw[declared.end() :].decode("gb18030")  # GB 18030 covers GBK and GB2312
    return declared.group(1) + b"UTF-8" + declared.group(3) + text.encode("utf-8")


def _require_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise FileRejected(Code.EMPTY_FILE)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
