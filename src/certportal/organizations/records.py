"""Reading the centre's records workbook into plain records, without the database.

The workbook (获证组织, 联系人, 证书) is typed by hand and exported from whatever the
centre used before, so every value is normalised here: names, credit codes, phones,
dates and statuses. A value that cannot be understood refuses its row, with a reason
an operator can act on; the other rows go on.
"""

import enum
import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

from certportal.certificates.models import Certificate
from certportal.core.errors import DomainError

from .models import name_key

MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s\-().]+$")
DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)
# A year outside this range is a typing slip (2205 for 2025), not a certificate.
FIRST_YEAR, LAST_YEAR = 1980, 2100
HEADER_SEARCH_ROWS = 5
# Columns centres keep that mean nothing here; not worth a remark in the summary.
EXPECTED_EXTRA_COLUMNS = {"序号"}

STATUS_WORDS = {
    "有效": Certificate.Status.VALID,
    "暂停": Certificate.Status.SUSPENDED,
    "撤销": Certificate.Status.WITHDRAWN,
    "注销": Certificate.Status.CANCELLED,
    "过期失效": Certificate.Status.EXPIRED,
}
YES_NO = {"是": True, "否": False, "": False}


class Sheet(enum.StrEnum):
    """The three sheets, in the order they are imported."""

    ORGANIZATIONS = "organizations"
    CONTACTS = "contacts"
    CERTIFICATES = "certificates"

    @property
    def sheet_title(self) -> str:
        return SHEET_TITLES[self]


SHEET_TITLES = {
    Sheet.ORGANIZATIONS: "获证组织",
    Sheet.CONTACTS: "联系人",
    Sheet.CERTIFICATES: "证书",
}

# Record attribute -> column header as the centre's export writes it.
COLUMNS = {
    Sheet.ORGANIZATIONS: {
        "name": "组织名称",
        "credit_code": "统一社会信用代码",
        "address": "注册地址",
        "classified": "是否涉密单位",
        "note": "备注",
    },
    Sheet.CONTACTS: {
        "organization_name": "组织名称",
        "name": "联系人",
        "role": "职务/负责体系",
        "phone": "手机",
        "email": "电子邮箱",
    },
    Sheet.CERTIFICATES: {
        "number": "证书编号",
        "organization_name": "组织名称",
        "standard": "认证标准",
        "scope": "认证范围",
        "first_issued_on": "初次发证日期",
        "issued_on": "本次发证日期",
        "expires_on": "证书有效期至",
        "status": "证书状态",
    },
}


class Outcome(models.TextChoices):
    """What importing one row did."""

    CREATED = "created", gettext_lazy("新建")
    UPDATED = "updated", gettext_lazy("更新")
    UNCHANGED = "unchanged", gettext_lazy("未变")
    REFUSED = "refused", gettext_lazy("拒绝")


@dataclass(frozen=True)
class Issue:
    """A refusal or a warning: a stable code and a message for the operator."""

    code: str
    message: str


class RecordsFileError(DomainError):
    """The whole file cannot be imported: not an xlsx, a sheet or a column missing."""


class InvalidValue(ValueError):
    """A cell's value cannot be understood; the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RowRefused(Exception):
    """The row cannot be imported; the others go on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.issue = Issue(code, message)


@dataclass(frozen=True)
class Phone:
    """A contact's number: a mainland mobile, or failing that a landline."""

    mobile: str = ""
    landline: str = ""


@dataclass(frozen=True)
class OrganizationRecord:
    name: str
    credit_code: str | None
    address: str
    classified: bool
    note: str

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class ContactRecord:
    organization_name: str
    name: str
    role: str
    mobile: str
    landline: str
    email: str


@dataclass(frozen=True)
class CertificateRecord:
    number: str
    organization_name: str
    standard: str
    scope: str
    status: str
    first_issued_on: date | None
    issued_on: date | None
    expires_on: date | None


R = TypeVar("R", OrganizationRecord, ContactRecord, CertificateRecord)


@dataclass
class ParsedRow(Generic[R]):
    """One data row of a sheet: its record, or why it was refused."""

    row: int
    label: str
    record: R | None = None
    refusal: Issue | None = None
    duplicate_of: int | None = None
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class RecordsFile:
    """What read_workbook found: the rows of each sheet, in file order."""

    sha256: str
    organizations: list[ParsedRow[OrganizationRecord]]
    contacts: list[ParsedRow[ContactRecord]]
    certificates: list[ParsedRow[CertificateRecord]]
    ignored_columns: dict[Sheet, list[str]]


# --- Normalising single values ------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing .0, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def clean_name(value: object) -> str:
    """A name with runs of spaces (half- or full-width) folded to one."""
    return " ".join(cell_text(value).split())


def normalise_credit_code(value: object) -> str | None:
    """A unified social credit code, upper-cased and checked; None when empty."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An 18-character code typed into a number cell has already lost digits.
        raise InvalidValue(
            "credit_code.numeric",
            _("单元格是数字格式，Excel 已改动了代码，请把该列设为文本后重新录入"),
        )
    text = unicodedata.normalize("NFKC", cell_text(value))
    code = "".join(text.split()).upper()
    if not code:
        return None
    if len(code) != 18:
        raise InvalidValue(
            "credit_code.length",
            _("应为18位，实际%(count)d位") % {"count": len(code)},
        )
    try:
        return str(uscc.validate(code))
    except InvalidChecksum:
        raise InvalidValue(
            "credit_code.checksum", _("校验位不对，请核对营业执照")
        ) from None
    except StdnumError:
        raise InvalidValue(
            "credit_code.format", _("含有代码中不会出现的字符，请核对营业执照")
        ) from None


def parse_date(value: object) -> date | None:
    """A date from a date cell or from text such as 2025/3/13 or 2025年3月13日."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, int | float):
        raise InvalidValue(
            "date.numeric",
            _("是数字不是日期，请设为日期格式或写成 2025-03-13"),
        )
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    match = DATE_TEXT.fullmatch(text)
    if match is None:
        raise InvalidValue(
            "date.format",
            _("看不懂这个日期，可写成 2025-03-13、2025/3/13 或 2025年3月13日"),
        )
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InvalidValue("date.invalid", _("没有这一天")) from None
    return _plausible(day)


def _plausible(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValue("date.year", _("年份%(year)d不合理") % {"year": day.year})
    return day


def parse_phone(value: object) -> Phone:
    """A mainland mobile as 11 digits, or a landline with its area code (010-…)."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not text:
        return Phone()
    if not PHONE_CHARACTERS.match(text):
        raise InvalidValue(
            "phone.characters", _("只能填一个号码，不能有文字或多个号码")
        )
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise InvalidValue("phone.format", _("看不懂这个电话号码")) from None
    if number.country_code != 86:
        raise InvalidValue("phone.foreign", _("不是中国大陆的号码"))
    national = str(number.national_number)
    if MOBILE.match(national):
        return Phone(mobile=national)
    return Phone(landline=_landline(number, national))


def _landline(number: phonenumbers.PhoneNumber, national: str) -> str:
    area = phonenumbers.length_of_geographical_area_code(number)
    if not area or not phonenumbers.is_possible_number(number):
        raise InvalidValue(
            "phone.unknown",
            _("既不是11位手机号，也不是带区号的固定电话"),
        )
    return f"0{national[:area]}-{national[area:]}"


def parse_status(value: object) -> str:
    """The certificate status for one of the words centres use (有效, 暂停 …)."""
    word = "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
    try:
        return STATUS_WORDS[word]
    except KeyError:
        raise InvalidValue(
            "status.unknown",
            _("不是已知的证书状态，应为%(words)s之一")
            % {"words": "、".join(STATUS_WORDS)},
        ) from None


def parse_yes_no(value: object) -> bool:
    """是 → True; 否 or empty → False."""
    try:
        return YES_NO[cell_text(value)]
    except KeyError:
        raise InvalidValue("yes_no", _("应填「是」或「否」")) from None


def apply_changes(obj: object, values: dict[str, Any]) -> list[str]:
    """Set the attributes whose value differs; return their names."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


# --- Reading the workbook -----------------------------------------------------------


def read_workbook(path: Path) -> RecordsFile:
    """Read the three sheets of a records workbook, or raise RecordsFileError."""
    book = _open(path)
    try:
        tables = {sheet: _table(book, sheet) for sheet in Sheet}
    finally:
        book.close()
    return RecordsFile(
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        organizations=_organizations(tables[Sheet.ORGANIZATIONS].rows),
        contacts=_contacts(tables[Sheet.CONTACTS].rows),
        certificates=_certificates(tables[Sheet.CERTIFICATES].rows),
        ignored_columns={sheet: table.ignored for sheet, table in tables.items()},
    )


def _open(path: Path) -> Any:
    if not path.is_file():
        raise RecordsFileError(
            "records.not_found", _("找不到文件：%(path)s") % {"path": path}
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise RecordsFileError(
            "records.not_xlsx",
            _(
                "%(name)s 不是 Excel 工作簿（.xlsx）。"
                "如果是 .xls 或 .csv，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"
            )
            % {"name": path.name},
        ) from None


@dataclass
class _Table:
    rows: list[tuple[int, dict[str, object]]]
    ignored: list[str]


def _table(book: Any, sheet: Sheet) -> _Table:
    titles = {_header(title): title for title in book.sheetnames}
    if sheet.sheet_title not in titles:
        raise RecordsFileError(
            "records.missing_sheet",
            _("文件里没有工作表「%(sheet)s」（找到的工作表：%(found)s）")
            % {"sheet": sheet.sheet_title, "found": "、".join(book.sheetnames)},
        )
    rows = book[titles[sheet.sheet_title]].iter_rows(values_only=True)
    header_row, positions, ignored = _find_header(sheet, rows)
    data = []
    for number, values in enumerate(rows, start=header_row + 1):
        cells = {attr: _cell(values, at) for attr, at in positions.items()}
        # Blank rows, and rows with only a serial number (序号), are not data.
        if any(cell_text(value) for value in cells.values()):
            data.append((number, cells))
    return _Table(rows=data, ignored=ignored)


def _find_header(
    sheet: Sheet, rows: Iterator[tuple[object, ...]]
) -> tuple[int, dict[str, int], list[str]]:
    """Find the header row among the first few rows; map attributes to positions."""
    wanted = COLUMNS[sheet]
    first_seen: list[str] = []
    for number, values in enumerate(rows, start=1):
        headers = [_header(value) for value in values]
        if not first_seen and any(headers):
            first_seen = [header for header in headers if header]
        if all(title in headers for title in wanted.values()):
            _refuse_repeated_headers(sheet, headers, wanted)
            positions = {attr: headers.index(title) for attr, title in wanted.items()}
            known = {*wanted.values(), *EXPECTED_EXTRA_COLUMNS}
            ignored = [header for header in headers if header and header not in known]
            return number, positions, ignored
        if number >= HEADER_SEARCH_ROWS:
            break
    missing = [title for title in wanted.values() if title not in first_seen]
    raise RecordsFileError(
        "records.missing_columns",
        _(
            "工作表「%(sheet)s」缺少列：%(missing)s（表头应在第1行；找到的列：%(found)s）"
        )
        % {
            "sheet": sheet.sheet_title,
            "missing": "、".join(missing),
            "found": "、".join(first_seen) or _("无"),
        },
    )


def _refuse_repeated_headers(
    sheet: Sheet, headers: list[str], wanted: dict[str, str]
) -> None:
    repeated = [title for title in wanted.values() if headers.count(title) > 1]
    if repeated:
        raise RecordsFileError(
            "records.repeated_columns",
            _("工作表「%(sheet)s」有重复的列：%(columns)s；请只保留一列")
            % {"sheet": sheet.sheet_title, "columns": "、".join(repeated)},
        )


def _header(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


def _cell(values: tuple[object, ...], at: int) -> object:
    return values[at] if at < len(values) else None


def _parse(
    number: int,
    label: str,
    parse: Callable[[dict[str, object]], R],
    cells: dict[str, object],
) -> ParsedRow[R]:
    try:
        return ParsedRow(row=number, label=label, record=parse(cells))
    except RowRefused as exc:
        return ParsedRow(row=number, label=label, refusal=exc.issue)


class _RowReader:
    """Reads the cells of one row, collecting every problem before refusing it."""

    def __init__(self, sheet: Sheet, cells: dict[str, object]) -> None:
        self.sheet = sheet
        self.cells = cells
        self.problems: list[Issue] = []

    def value(self, attr: str, parse: Callable[[object], Any], default: Any) -> Any:
        """Parse one cell; on failure note the column (and value) and go on."""
        value = self.cells[attr]
        try:
            return parse(value)
        except InvalidValue as exc:
            column = COLUMNS[self.sheet][attr]
            # A phone number is personal data: the row number is enough to find it.
            shown = "" if attr == "phone" else cell_text(value)
            message = (
                _("%(column)s「%(value)s」：%(reason)s")
                % {"column": column, "value": shown, "reason": exc.message}
                if shown
                else _("%(column)s：%(reason)s")
                % {"column": column, "reason": exc.message}
            )
            self.problems.append(Issue(exc.code, message))
            return default

    def text(self, attr: str, limit: int, *, required: bool = False) -> str:
        """A one-line text cell, spaces folded, within the model's length."""
        return self.value(attr, lambda v: _checked(clean_name(v), limit, required), "")

    def done(self) -> None:
        """Refuse the row if any cell had a problem, naming all of them."""
        if self.problems:
            first = self.problems[0]
            raise RowRefused(first.code, "；".join(p.message for p in self.problems))


def _checked(text: str, limit: int, required: bool) -> str:
    if required and not text:
        raise InvalidValue("value.missing", _("不能为空"))
    if len(text) > limit:
        raise InvalidValue(
            "value.too_long", _("太长（最多%(limit)d个字）") % {"limit": limit}
        )
    return text


# --- Organizations ------------------------------------------------------------------


def _organizations(
    rows: list[tuple[int, dict[str, object]]],
) -> list[ParsedRow[OrganizationRecord]]:
    parsed = [
        _parse(number, clean_name(cells["name"]), _organization, cells)
        for number, cells in rows
    ]
    _mark_organization_duplicates(parsed)
    for row in parsed:
        if row.record is not None and row.record.credit_code is None:
            row.warnings.append(
                Issue(
                    "organization.no_credit_code", _("没有统一社会信用代码，按名称匹配")
                )
            )
    return parsed


def _organization(cells: dict[str, object]) -> OrganizationRecord:
    row = _RowReader(Sheet.ORGANIZATIONS, cells)
    record = OrganizationRecord(
        name=row.text("name", 200, required=True),
        credit_code=row.value("credit_code", normalise_credit_code, None),
        address=row.text("address", 300),
        classified=row.value("classified", parse_yes_no, False),
        note=row.text("note", 300),
    )
    row.done()
    return record


def _mark_organization_duplicates(parsed: list[ParsedRow[OrganizationRecord]]) -> None:
    by_code: dict[str, ParsedRow[OrganizationRecord]] = {}
    by_key: dict[str, ParsedRow[OrganizationRecord]] = {}
    for row in parsed:
        record = row.record
        if record is None:
            continue
        earlier = by_code.get(record.credit_code or "") or by_key.get(record.key)
        if earlier is None:
            if record.credit_code:
                by_code[record.credit_code] = row
            by_key[record.key] = row
            continue
        assert earlier.record is not None
        conflict = _organization_conflict(record, earlier.record)
        _mark_duplicate(row, earlier, conflict, Sheet.ORGANIZATIONS)


def _organization_conflict(
    record: OrganizationRecord, earlier: OrganizationRecord
) -> str | None:
    if record.key != earlier.key:
        return _("统一社会信用代码与第%(row)d行相同，但组织名称不同")
    if (
        record.credit_code
        and earlier.credit_code
        and (record.credit_code != earlier.credit_code)
    ):
        return _("组织名称与第%(row)d行相同，但统一社会信用代码不同")
    return None


def _mark_duplicate(
    row: ParsedRow[Any], earlier: ParsedRow[Any], conflict: str | None, sheet: Sheet
) -> None:
    """Refuse a row that contradicts an earlier one; else note it as its duplicate."""
    if conflict:
        row.record = None
        row.refusal = Issue("row.conflict", conflict % {"row": earlier.row})
        return
    row.duplicate_of = earlier.row
    different = [
        COLUMNS[sheet][attr]
        for attr in COLUMNS[sheet]
        if hasattr(row.record, attr)
        and getattr(row.record, attr) != getattr(earlier.record, attr)
    ]
    message = _("与第%(row)d行重复，未重复导入") % {"row": earlier.row}
    if different:
        message += _("；本行的%(columns)s与第%(row)d行不同，以第%(row)d行为准") % {
            "columns": "、".join(different),
            "row": earlier.row,
        }
    row.warnings.append(Issue("row.duplicate", message))


# --- Contacts -----------------------------------------------------------------------


def _contacts(
    rows: list[tuple[int, dict[str, object]]],
) -> list[ParsedRow[ContactRecord]]:
    parsed = [
        _parse(number, _contact_label(cells), _contact, cells) for number, cells in rows
    ]
    _mark_contact_duplicates(parsed)
    for row in parsed:
        if row.record is not None and not row.record.mobile:
            row.warnings.append(_no_mobile(row.record))
    return parsed


def _contact_label(cells: dict[str, object]) -> str:
    return f"{clean_name(cells['name'])}（{clean_name(cells['organization_name'])}）"


def _contact(cells: dict[str, object]) -> ContactRecord:
    row = _RowReader(Sheet.CONTACTS, cells)
    phone: Phone = row.value("phone", parse_phone, Phone())
    record = ContactRecord(
        organization_name=row.text("organization_name", 200, required=True),
        name=row.text("name", 50, required=True),
        role=row.text("role", 100),
        mobile=phone.mobile,
        landline=phone.landline,
        email=row.value("email", _email, ""),
    )
    row.done()
    return record


def _email(value: object) -> str:
    text = unicodedata.normalize("NFKC", cell_text(value))
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise InvalidValue("email.invalid", _("不是有效的电子邮箱地址")) from None
    return text


def _no_mobile(record: ContactRecord) -> Issue:
    if record.landline:
        return Issue("contact.landline_only", _("只有固定电话，没有手机：收不到短信"))
    return Issue("contact.no_phone", _("没有电话号码：收不到短信"))


def _mark_contact_duplicates(parsed: list[ParsedRow[ContactRecord]]) -> None:
    # Without a mobile a contact is known by organization and name alone, as the
    # database's contact_once constraint knows it.
    seen: dict[tuple[str, str, str], ParsedRow[ContactRecord]] = {}
    names: dict[tuple[str, str], int] = {}
    for row in parsed:
        record = row.record
        if record is None:
            continue
        key = (name_key(record.organization_name), record.name, record.mobile)
        earlier = seen.setdefault(key, row)
        if earlier is not row:
            conflict = None
            if earlier.record and earlier.record.landline != record.landline:
                conflict = _(
                    "与第%(row)d行是同一联系人（同名、都没有手机），但固定电话不同"
                )
            _mark_duplicate(row, earlier, conflict, Sheet.CONTACTS)
            continue
        same_name = names.setdefault(key[:2], row.row)
        if same_name != row.row:
            row.warnings.append(_same_name(same_name))


def _same_name(row: int) -> Issue:
    return Issue(
        "contact.same_name",
        _("第%(row)d行有同一组织的同名联系人，号码不同，按两人导入") % {"row": row},
    )


# --- Certificates -------------------------------------------------------------------


def _certificates(
    rows: list[tuple[int, dict[str, object]]],
) -> list[ParsedRow[CertificateRecord]]:
    parsed = [
        _parse(number, cell_text(cells["number"]), _certificate, cells)
        for number, cells in rows
    ]
    _mark_certificate_duplicates(parsed)
    return parsed


def _mark_certificate_duplicates(parsed: list[ParsedRow[CertificateRecord]]) -> None:
    seen: dict[str, ParsedRow[CertificateRecord]] = {}
    for row in parsed:
        record = row.record
        if record is None:
            continue
        earlier = seen.setdefault(record.number, row)
        if earlier is row or earlier.record is None:
            continue
        conflict = None
        if name_key(earlier.record.organization_name) != name_key(
            record.organization_name
        ):
            conflict = _("证书编号与第%(row)d行相同，但组织不同")
        _mark_duplicate(row, earlier, conflict, Sheet.CERTIFICATES)


def _certificate(cells: dict[str, object]) -> CertificateRecord:
    row = _RowReader(Sheet.CERTIFICATES, cells)
    record = CertificateRecord(
        number=row.value("number", _certificate_number, ""),
        organization_name=row.text("organization_name", 200, required=True),
        standard=row.text("standard", 200, required=True),
        scope=row.value("scope", _scope, ""),
        status=row.value("status", parse_status, ""),
        first_issued_on=row.value("first_issued_on", parse_date, None),
        issued_on=row.value("issued_on", parse_date, None),
        expires_on=row.value("expires_on", parse_date, None),
    )
    row.done()
    return record


def _certificate_number(value: object) -> str:
    # Full-width letters and slashes fold to ASCII; a branch suffix (/0001) is kept.
    number = unicodedata.normalize("NFKC", cell_text(value)).upper()
    if any(ch.isspace() or not ch.isprintable() for ch in number):
        raise InvalidValue("certificate.number_format", _("中间有空格或不可见字符"))
    return _checked(number, 64, required=True)


def _scope(value: object) -> str:
    lines = cell_text(value).replace("\r\n", "\n").split("\n")
    text = "\n".join(" ".join(line.split()) for line in lines).strip()
    return _checked(text, 5000, required=True)
