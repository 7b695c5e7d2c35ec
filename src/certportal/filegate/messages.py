"""What a client's staff member reads when a file is refused, per code and variant.

Each message says what happened and what to do, in words for someone who has never
read a manual. Chinese is the source language; English comes from the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from certportal.filegate.errors import Code

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise

# Keyed by (code, variant); the variant "" is the message every code must have.
MESSAGES: dict[tuple[Code, str], StrPromise] = {
    (Code.EMPTY_FILE, ""): _(
        "文件是空的（0 字节），可能是上传时出错或文件已损坏。"
        "请确认文件在电脑或手机上能正常打开后，重新上传。"
    ),
    (Code.TOO_LARGE, ""): _(
        "文件太大，超过了 {limit_mb} MB 的上限。"
        "请重新扫描或导出一个更小的文件（例如扫描分辨率选 300 dpi 以下、"
        "彩色改为灰度），再上传。"
    ),
    (Code.BAD_NAME, ""): _(
        "文件名里有无法识别的特殊字符。"
        "请把文件改成普通的名字（例如“授权委托书.pdf”）后重新上传。"
    ),
    (Code.WRONG_TYPE, ""): _(
        "此处只接受 {allowed} 格式的文件，而该文件的扩展名是 .{ext}。"
        "请上传正确格式的原始文件。"
    ),
    (Code.WRONG_TYPE, "no_extension"): _(
        "无法确定文件类型：文件名没有扩展名（例如 .pdf）。"
        "此处只接受 {allowed} 格式的文件，请上传带正确扩展名的原始文件。"
    ),
    (Code.WRONG_TYPE, "mismatch"): _(
        "文件扩展名与文件内容不符：文件名是 .{ext}，内容却是 {found} 文件。"
        "请不要手动修改扩展名，直接上传原始文件。"
    ),
    (Code.WRONG_TYPE, "image"): _(
        "该文件是图片（照片或截图）。此处只接受 {allowed} 格式的原始电子文件，"
        "请上传原件，不要上传照片或截图。"
    ),
    (Code.WRONG_TYPE, "office"): _(
        "该文件是 Word、Excel 或 WPS 文档。此处只接受 {allowed} 格式的文件，"
        "请先在软件中“另存为”或“导出”为所需格式后再上传。"
    ),
    (Code.WRONG_TYPE, "archive"): _(
        "该文件是压缩包（如 ZIP、RAR）。此处只接受 {allowed} 格式的文件，"
        "请解压后上传其中的文件。"
    ),
    (Code.NOT_PDF, ""): _(
        "该文件不是 PDF 格式（内容与 PDF 不符，可能只是改了扩展名）。"
        "请用原来的软件“导出为 PDF”，或用扫描仪扫描成 PDF 后再上传。"
    ),
    (Code.NOT_PDF, "image"): _(
        "该文件是图片，不是 PDF。请用扫描仪或手机的“扫描文档”功能，"
        "把签字盖章后的文件保存为 PDF 再上传。"
    ),
    (Code.NOT_PDF, "office"): _(
        "该文件是 Word、Excel 或 WPS 文档，不是 PDF。需要签字盖章的文件，"
        "请打印后签字盖章，再扫描成 PDF 上传；其他文件请在软件中“另存为 PDF”后上传。"
    ),
    (Code.NOT_PDF, "archive"): _(
        "该文件是压缩包（如 ZIP、RAR），不是 PDF。请解压后直接上传其中的 PDF 文件。"
    ),
    (Code.NOT_PDF, "ofd"): _(
        "该文件是 OFD 格式，此处只接受 PDF。请在原来的软件中导出为 PDF 后再上传。"
    ),
    (Code.NOT_PDF, "xml"): _(
        "该文件是 XML 数据文件，不是 PDF。请上传 PDF 格式的文件。"
    ),
    (Code.PDF_DAMAGED, ""): _(
        "该 PDF 文件已损坏或结构异常，无法审核。"
        "请在原来的软件中重新导出 PDF，或重新扫描后再上传。"
    ),
    (Code.PDF_ENCRYPTED, ""): _(
        "该 PDF 设置了打开密码，无法审核。请去掉密码后重新导出 PDF 再上传。"
    ),
    (Code.PDF_NO_PAGES, ""): _(
        "该 PDF 里没有任何页面。请确认导出或扫描时选中了要上传的页面，"
        "重新生成 PDF 后再上传。"
    ),
    (Code.PDF_TOO_MANY_PAGES, ""): _(
        "该 PDF 有 {page_count} 页，超过了 {max_pages} 页的上限。"
        "请只保留需要的页面，重新生成 PDF 后再上传。"
    ),
    (Code.PDF_PAGE_SIZE, ""): _(
        "该 PDF 的页面尺寸异常（过大或过小），无法显示。"
        "请按 A4 等常规纸张尺寸重新扫描或导出 PDF 后再上传。"
    ),
    (Code.PDF_IMAGE_TOO_LARGE, ""): _(
        "该 PDF 中的图片分辨率过高（超过 1 亿像素），无法显示。"
        "请把扫描分辨率调到 300 dpi 左右，重新扫描后再上传。"
    ),
    (Code.PDF_ACTIVE_CONTENT, ""): _(
        "该 PDF 含有脚本、自动运行的操作或附件，出于安全原因不能接收。"
        "请用“打印为 PDF”或扫描的方式重新生成一份普通 PDF 再上传。"
    ),
    (Code.TIMEOUT, ""): _(
        "文件检查超时：该文件过于复杂，无法在规定时间内完成检查。"
        "请重新扫描或重新导出一份普通的文件后再上传；如仍不行，请联系客服。"
    ),
    (Code.NOT_OFD, ""): _(
        "该文件不是有效的 OFD 发票（内容与 OFD 格式不符）。"
        "请从开票系统或税务平台重新下载 OFD 格式的发票原件上传，"
        "也可以改传 PDF 或 XML 格式的发票。"
    ),
    (Code.OFD_TOO_BIG, ""): _(
        "该 OFD 文件包含的内容过多或解压后过大，超出了电子发票的正常范围，无法接收。"
        "请从开票系统或税务平台重新下载发票原件上传。"
    ),
    (Code.OFD_INVALID, ""): _(
        "该 OFD 文件结构异常（含有不允许的文件路径，或已损坏），无法接收。"
        "请从开票系统或税务平台重新下载发票原件上传。"
    ),
    (Code.XML_UNSAFE, ""): _(
        "该 XML 文件含有不允许的声明（DTD 或实体引用），出于安全原因不能接收。"
        "请从开票系统或税务平台重新下载发票原件上传。"
    ),
    (Code.XML_INVALID, ""): _(
        "该 XML 文件格式错误或已损坏，无法读取。请从开票系统或税务平台重新下载"
        " XML 格式的发票原件上传，不要手动修改文件内容。"
    ),
}


def message_for(code: Code, variant: str, params: Mapping[str, object]) -> StrOrPromise:
    """Return the lazy message for a code, its variant if known, filled with params."""
    # Membership, not truthiness: testing a lazy string would translate it.
    key = (code, variant) if (code, variant) in MESSAGES else (code, "")
    template = MESSAGES[key]
    return _render_lazy(template, dict(params))


class _KeepMissing(dict[str, object]):
    # A placeholder without a value stays visible instead of breaking the page.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render(template: StrPromise, params: dict[str, object]) -> str:
    return str(template).format_map(_KeepMissing(params))


_render_lazy = lazy(_render, str)
