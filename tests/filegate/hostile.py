"""Builders for hostile and edge-case files, made with pikepdf and zipfile."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf_bytes(pdf: pikepdf.Pdf, **save_options: Any) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **save_options)
    return buffer.getvalue()


def raw_pdf_bytes(pdf: pikepdf.Pdf) -> bytes:
    """Save without touching stream data, so hand-made filters stay as built."""
    return pdf_bytes(
        pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
    )


def blank_pdf(pages: int = 1) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    return pdf


def with_link(action: Dictionary) -> bytes:
    pdf = blank_pdf()
    annotation = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[50, 50, 200, 80], A=action
    )
    pdf.pages[0].Annots = Array([pdf.make_indirect(annotation)])
    return pdf_bytes(pdf)


def javascript_action(script: str = "app.alert('hi')") -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(script))


def with_open_action(action: Dictionary) -> bytes:
    pdf = blank_pdf()
    pdf.Root.OpenAction = action
    return pdf_bytes(pdf)


def with_attachment(content: bytes = EICAR, name: str = "eicar.com") -> bytes:
    pdf = blank_pdf()
    pdf.attachments[name] = pikepdf.AttachedFileSpec(
        pdf,
        content,
        description="test payload",
        filename=name,
        mime_type="application/octet-stream",
        creation_date="D:20260101000000Z",
        mod_date="D:20260101000000Z",
    )
    return pdf_bytes(pdf)


def with_page_image(stream: pikepdf.Stream, pdf: pikepdf.Pdf) -> bytes:
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.ColorSpace, stream.BitsPerComponent = Name.DeviceGray, 8
    page = pdf.pages[0]
    page.Resources = Dictionary(XObject=Dictionary(Im0=pdf.make_indirect(stream)))
    drawing = pikepdf.Stream(pdf, b"q 500 0 0 700 40 60 cm /Im0 Do Q")
    page.Contents = pdf.make_indirect(drawing)
    return raw_pdf_bytes(pdf)


def deflate_of_zeros(megabytes: int) -> bytes:
    """Raw deflate of `megabytes` MiB of zeros, about 1/1000 of that, made fast.

    After the first block every further MiB of zeros compresses to the same
    bytes, so the stream is assembled by repetition instead of compressing 1 GB.
    """
    chunk = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeat = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    return first + repeat * (megabytes - 1) + deflate.flush()


def zlib_of_zeros(megabytes: int) -> bytes:
    """The zlib stream (header, deflate, Adler-32) of `megabytes` MiB of zeros."""
    chunk, checksum = bytes(1 << 20), 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + deflate_of_zeros(megabytes) + struct.pack(">I", checksum)


def crc32_of_zeros(megabytes: int) -> int:
    chunk, checksum = bytes(1 << 20), 0
    for _ in range(megabytes):
        checksum = zlib.crc32(chunk, checksum)
    return checksum


def flate_bomb(megabytes: int = 1024, *, as_image: bool = False) -> bytes:
    """A one-page PDF whose page content (or image) inflates to `megabytes` MiB."""
    pdf = blank_pdf()
    stream = pikepdf.Stream(pdf, zlib_of_zeros(megabytes))
    stream.Filter = Name.FlateDecode
    if as_image:
        stream.Width, stream.Height = 1024, 1024  # modest, so only inflating hurts
        return with_page_image(stream, pdf)
    pdf.pages[0].Contents = pdf.make_indirect(stream)
    return raw_pdf_bytes(pdf)


def many_filters(count: int) -> bytes:
    """A PDF whose image stream is Flate-compressed `count` times over."""
    pdf = blank_pdf()
    data = bytes(64 * 64)
    for _ in range(count):
        data = zlib.compress(data)
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = Array([Name.FlateDecode] * count)
    stream.Width, stream.Height = 64, 64
    return with_page_image(stream, pdf)


def huge_image_header(width: int, height: int) -> bytes:
    """A tiny JPEG-filtered stream that claims width x height pixels."""
    pdf = blank_pdf()
    stream = pikepdf.Stream(pdf, b"\xff\xd8\xff\xd9")
    stream.Filter = Name.DCTDecode
    stream.Width, stream.Height = width, height
    return with_page_image(stream, pdf)


def with_page_size(width: float, height: float) -> bytes:
    """A one-page PDF with any MediaBox, even ones pikepdf refuses to create."""
    pdf = blank_pdf()
    pdf.pages[0].MediaBox = Array([0, 0, width, height])
    return pdf_bytes(pdf)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_with_zero_bomb(name: str, megabytes: int, others: dict[str, bytes]) -> bytes:
    """A ZIP holding `others` plus an entry `name` that inflates to MiB of zeros.

    Written by hand because zipfile would have to compress the whole gigabyte.
    """
    entries = [
        (n, zlib.compress(c)[2:-4], len(c), zlib.crc32(c)) for n, c in others.items()
    ]
    size = megabytes << 20
    entries.append((name, deflate_of_zeros(megabytes), size, crc32_of_zeros(megabytes)))
    return _deflated_zip(entries)


def _deflated_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    body, directory = io.BytesIO(), io.BytesIO()
    for name, deflated, size, crc in entries:
        encoded, offset = name.encode(), body.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(deflated), size, len(encoded), 0)
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded)
        body.write(deflated)
        directory.write(struct.pack("<IH", 0x02014B50, 20))
        directory.write(struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, offset))
        directory.write(encoded)
    count, start = len(entries), body.tell()
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, count, count, directory.tell(), start, 0
    )
    return body.getvalue() + directory.getvalue() + end
