"""Recognise what a file is from its bytes, never from its name or Content-Type."""

from __future__ import annotations

from enum import StrEnum


class Found(StrEnum):
    """What the content looks like; used to choose the kind and the message."""

    PDF = "pdf"
    OFD = "ofd"
    XML = "xml"
    IMAGE = "image"
    OFFICE = "office"
    ARCHIVE = "archive"
    UNKNOWN = "unknown"


_IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)
# ISO base media brands of phone photos: HEIC/HEIF (iPhone) and AVIF.
_PHOTO_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ARCHIVE_MAGIC = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh")
_OFFICE_MAGIC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")  # .doc/.xls/.wps, RTF
_OFFICE_ZIP_MARKERS = (b"word/document", b"xl/workbook", b"ppt/presentation")


def sniff(data: bytes) -> Found:
    """Say what the bytes are, from their signature."""
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return Found.PDF
    if head.startswith(_ZIP_MAGIC):
        return _zip_flavour(data)
    if _is_image(head):
        return Found.IMAGE
    if head.startswith(_OFFICE_MAGIC):
        return Found.OFFICE
    if head.startswith(_ARCHIVE_MAGIC):
        return Found.ARCHIVE
    if _looks_like_xml(head):
        return Found.XML
    return Found.UNKNOWN


def _is_image(head: bytes) -> bool:
    if head.startswith(_IMAGE_MAGIC):
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return True
    if head.startswith(b"BM") and head[6:10] == bytes(4):  # BMP, reserved bytes zero
        return True
    return head[4:8] == b"ftyp" and head[8:12] in _PHOTO_BRANDS


def _zip_flavour(data: bytes) -> Found:
    # Entry names sit uncompressed in the archive, so a byte search is enough to
    # choose a message; check_ofd does the real validation.
    if b"OFD.xml" in data:
        return Found.OFD
    if any(marker in data for marker in _OFFICE_ZIP_MARKERS):
        return Found.OFFICE
    return Found.ARCHIVE


def _looks_like_xml(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<")):  # UTF-16 with BOM
        return True
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return text.startswith(b"<?xml") or (text[:1] == b"<" and text[1:2].isalpha())
