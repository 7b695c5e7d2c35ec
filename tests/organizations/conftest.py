"""The centre's sample records, and a builder for small workbooks of our own."""

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

ORGANIZATION_HEADERS = [
    "序号",
    "组织名称",
    "统一社会信用代码",
    "注册地址",
    "是否涉密单位",
    "备注",
]
CONTACT_HEADERS = ["组织名称", "联系人", "职务/负责体系", "手机", "电子邮箱"]
CERTIFICATE_HEADERS = [
    "证书编号",
    "组织名称",
    "认证标准",
    "认证范围",
    "初次发证日期",
    "本次发证日期",
    "证书有效期至",
    "证书状态",
]

Rows = Sequence[Sequence[object]]
MakeWorkbook = Callable[..., Path]


def date_cell(year: int, month: int, day: int) -> datetime:
    """What openpyxl reads from a date cell: a datetime without a time zone."""
    return datetime(year, month, day)  # noqa: DTZ001 - Excel dates carry no zone


@pytest.fixture
def sample_records(shared_dir: Path) -> Path:
    """shared/samples/centre-records.xlsx, as the centre exported it."""
    path = shared_dir / "samples" / "centre-records.xlsx"
    assert path.is_file(), f"sample workbook missing: {path}"
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> MakeWorkbook:
    """Write an xlsx with the three sheets; each sheet is (headers, rows)."""

    def make(
        organizations: Rows = (),
        contacts: Rows = (),
        certificates: Rows = (),
        *,
        name: str = "records.xlsx",
        headers: dict[str, list[str]] | None = None,
        omit: str = "",
    ) -> Path:
        chosen = {
            "获证组织": ORGANIZATION_HEADERS,
            "联系人": CONTACT_HEADERS,
            "证书": CERTIFICATE_HEADERS,
            **(headers or {}),
        }
        data = {"获证组织": organizations, "联系人": contacts, "证书": certificates}
        book = Workbook()
        book.remove(book.active)
        for title, columns in chosen.items():
            if title == omit:
                continue
            sheet = book.create_sheet(title)
            sheet.append(columns)
            for row in data[title]:
                sheet.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return make
