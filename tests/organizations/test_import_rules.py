"""What the import does with rows and files it cannot take as they are."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certportal.certificates.models import Certificate
from certportal.organizations.models import Contact, Organization
from certportal.organizations.records import Outcome, RecordsFileError, Sheet
from certportal.organizations.services import import_records

from .conftest import ORGANIZATION_HEADERS, MakeWorkbook, date_cell

pytestmark = pytest.mark.django_db

HAINA = "北京海纳检测技术股份有限公司"
HAINA_CODE = "91110105Y5G0BCJ76R"
GUOTAI = "济南国泰检测技术有限责任公司"
GUOTAI_CODE = "913701020QAUKT7B37"
QMS = "GB/T 19001-2016/ISO 9001:2015"


def org(name: str, code: str, classified: str = "否") -> list[object]:
    return [1, name, code, "北京市某区某路1号", classified, None]


def contact(organization: str, name: str, phone: object) -> list[object]:
    return [organization, name, "质量管理体系负责人", phone, None]


def cert(
    number: str, organization: str, status: str = "有效", issued: object = None
) -> list[object]:
    issued = issued if issued is not None else date_cell(2024, 3, 13)
    return [
        number,
        organization,
        QMS,
        "检测服务",
        "2021/3/13",
        issued,
        "2027-03-12",
        status,
    ]


@pytest.fixture
def untidy(make_workbook: MakeWorkbook) -> Path:
    """Good rows and one bad row of each kind the brief lists."""
    return make_workbook(
        organizations=[
            org(HAINA, HAINA_CODE),
            org("石家庄明德电力设备有限责任公司", "91130102BBGFA8Y221"),  # check char
        ],
        contacts=[
            contact(HAINA, "王秀英", "+86 13325413626"),
            contact("不存在的公司", "张三", "13800000000"),
            contact("石家庄明德电力设备有限责任公司", "罗娟", "18544425945"),
        ],
        certificates=[
            cert("99923Q21038R2M", HAINA),
            cert("99924S21059R0M", HAINA, status="冻结"),
            cert("99923E11014R2S", HAINA, issued="下月初"),
        ],
    )


def test_bad_rows_are_refused_with_reasons_and_the_others_imported(
    untidy: Path,
) -> None:
    report = import_records(path=untidy)

    refused = {(r.sheet, r.row): r.reason for r in report.refused}
    assert {key: reason.code for key, reason in refused.items() if reason} == {
        (Sheet.ORGANIZATIONS, 3): "credit_code.checksum",
        (Sheet.CONTACTS, 3): "organization.unknown",
        (Sheet.CONTACTS, 4): "organization.refused",
        (Sheet.CERTIFICATES, 3): "status.unknown",
        (Sheet.CERTIFICATES, 4): "date.format",
    }
    assert Organization.objects.get().name == HAINA
    assert Contact.objects.get().name == "王秀英"
    assert Certificate.objects.get().number == "99923Q21038R2M"


def test_each_reason_names_the_column_and_the_value(untidy: Path) -> None:
    report = import_records(path=untidy)

    def message(sheet: Sheet, row: int) -> str:
        reason = report.row(sheet, row).reason
        assert reason is not None
        return reason.message

    assert "统一社会信用代码「91130102BBGFA8Y221」" in message(Sheet.ORGANIZATIONS, 3)
    assert "校验位" in message(Sheet.ORGANIZATIONS, 3)
    assert "不存在的公司" in message(Sheet.CONTACTS, 3)
    assert "获证组织表第3行" in message(Sheet.CONTACTS, 4)
    assert "证书状态「冻结」" in message(Sheet.CERTIFICATES, 3)
    assert "本次发证日期「下月初」" in message(Sheet.CERTIFICATES, 4)


def test_a_refused_phone_is_not_repeated_in_the_reason(
    make_workbook: MakeWorkbook,
) -> None:
    path = make_workbook(
        organizations=[org(HAINA, HAINA_CODE)],
        contacts=[contact(HAINA, "王秀英", "1332541362")],
    )
    reason = import_records(path=path).row(Sheet.CONTACTS, 2).reason
    assert reason is not None
    assert reason.code == "phone.unknown"
    assert "1332541362" not in reason.message


def test_columns_are_found_by_header_whatever_their_order(
    make_workbook: MakeWorkbook,
) -> None:
    headers = [
        "统一社会信用代码",
        "是否涉密单位",
        "行业",
        "组织名称",
        "备注",
        "注册地址",
    ]
    path = make_workbook(
        organizations=[[HAINA_CODE, "是", "检测", f" {HAINA} ", "", "某路1号"]],
        headers={"获证组织": headers},
    )
    report = import_records(path=path)

    organization = Organization.objects.get()
    assert (organization.name, organization.credit_code) == (HAINA, HAINA_CODE)
    assert organization.classified
    assert report.ignored_columns[Sheet.ORGANIZATIONS] == ["行业"]


def test_a_changed_row_updates_only_what_changed(make_workbook: MakeWorkbook) -> None:
    import_records(
        path=make_workbook(
            organizations=[org(HAINA, HAINA_CODE)],
            certificates=[cert("99923Q21038R2M", HAINA)],
        )
    )
    before = Certificate.objects.get().updated_at

    changed = make_workbook(
        organizations=[org(HAINA, HAINA_CODE)],
        certificates=[cert("99923Q21038R2M", HAINA, status="暂停")],
        name="changed.xlsx",
    )
    row = import_records(path=changed).row(Sheet.CERTIFICATES, 2)

    assert (row.outcome, row.changed) == (Outcome.UPDATED, ("证书状态",))
    certificate = Certificate.objects.get()
    assert certificate.status == Certificate.Status.SUSPENDED
    assert certificate.updated_at > before


def test_an_organization_found_by_credit_code_takes_its_new_name(
    make_workbook: MakeWorkbook,
) -> None:
    Organization.objects.create(name="北京海纳检测技术有限公司", credit_code=HAINA_CODE)

    row = import_records(path=make_workbook(organizations=[org(HAINA, HAINA_CODE)]))
    report_row = row.row(Sheet.ORGANIZATIONS, 2)

    assert report_row.outcome == Outcome.UPDATED
    assert "组织名称" in report_row.changed
    assert Organization.objects.get().name == HAINA


def test_a_known_name_with_another_credit_code_is_refused(
    make_workbook: MakeWorkbook,
) -> None:
    Organization.objects.create(name=HAINA, credit_code=GUOTAI_CODE)

    report = import_records(path=make_workbook(organizations=[org(HAINA, HAINA_CODE)]))

    reason = report.row(Sheet.ORGANIZATIONS, 2).reason
    assert reason is not None and reason.code == "organization.code_differs"


def test_the_same_code_under_two_names_in_one_file_is_refused(
    make_workbook: MakeWorkbook,
) -> None:
    path = make_workbook(
        organizations=[org(HAINA, HAINA_CODE), org(GUOTAI, HAINA_CODE)]
    )

    reason = import_records(path=path).row(Sheet.ORGANIZATIONS, 3).reason

    assert reason is not None and reason.code == "row.conflict"
    assert Organization.objects.count() == 1


def test_a_certificate_is_never_moved_to_another_organization(
    make_workbook: MakeWorkbook,
) -> None:
    path = make_workbook(
        organizations=[org(HAINA, HAINA_CODE), org(GUOTAI, GUOTAI_CODE)],
        certificates=[cert("99923Q21038R2M", HAINA)],
    )
    import_records(path=path)
    moved = make_workbook(
        organizations=[org(HAINA, HAINA_CODE), org(GUOTAI, GUOTAI_CODE)],
        certificates=[cert("99923Q21038R2M", GUOTAI)],
        name="moved.xlsx",
    )

    reason = import_records(path=moved).row(Sheet.CERTIFICATES, 2).reason

    assert reason is not None and reason.code == "certificate.other_organization"
    assert Certificate.objects.get().organization.name == HAINA


def test_existing_contacts_are_matched_by_mobile(
    org_a: Organization, make_workbook: MakeWorkbook
) -> None:
    path = make_workbook(
        organizations=[org(HAINA, HAINA_CODE)],
        contacts=[contact(HAINA, "王秀英", "133 2541 3626")],
    )

    report = import_records(path=path)

    assert report.row(Sheet.CONTACTS, 2).outcome == Outcome.UNCHANGED
    assert org_a.contacts.count() == 1


def test_one_landline_contact_with_two_landlines_is_a_conflict(
    make_workbook: MakeWorkbook,
) -> None:
    path = make_workbook(
        organizations=[org(HAINA, HAINA_CODE)],
        contacts=[
            contact(HAINA, "罗秀英", "010-87227802"),
            contact(HAINA, "罗秀英", "010-87227803"),
        ],
    )

    report = import_records(path=path)

    reason = report.row(Sheet.CONTACTS, 3).reason
    assert reason is not None and reason.code == "row.conflict"
    assert Contact.objects.get().landline == "010-87227802"


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"omit": "证书"}, "records.missing_sheet", "证书"),
        (
            {
                "headers": {
                    "获证组织": [h for h in ORGANIZATION_HEADERS if h != "是否涉密单位"]
                }
            },
            "records.missing_columns",
            "是否涉密单位",
        ),
        (
            {
                "headers": {
                    "联系人": [
                        "组织名称",
                        "联系人",
                        "职务/负责体系",
                        "手机",
                        "电子邮箱",
                        "手机",
                    ]
                }
            },
            "records.repeated_columns",
            "手机",
        ),
    ],
)
def test_a_workbook_without_the_expected_shape_is_refused_whole(
    make_workbook: MakeWorkbook, kwargs: dict[str, object], code: str, words: str
) -> None:
    path = make_workbook(organizations=[org(HAINA, HAINA_CODE)], **kwargs)

    with pytest.raises(RecordsFileError) as caught:
        import_records(path=path)

    assert caught.value.code == code
    assert words in str(caught.value)
    assert not Organization.objects.exists()


def test_the_command_refuses_a_file_that_is_not_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    path.write_text("组织名称,统一社会信用代码\n", encoding="utf-8")

    with pytest.raises(CommandError, match="不是 Excel 工作簿"):
        call_command("import_records", str(path), stdout=StringIO())


def test_the_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_records", str(tmp_path / "none.xlsx"), stdout=StringIO())


def test_the_command_reports_rows_and_a_summary(untidy: Path) -> None:
    out = StringIO()

    call_command("import_records", str(untidy), stdout=out)

    text = out.getvalue()
    assert "获证组织 第3行 拒绝" in text
    assert "证书 第3行 拒绝：99924S21059R0M。原因：证书状态「冻结」" in text
    assert "证书：新建 1，更新 0，未变 0，拒绝 2" in text
    assert "13325413626" not in text
    assert "99923Q21038R2M" not in text  # created rows are listed with -v 2 only


def test_the_command_lists_every_row_at_verbosity_two(untidy: Path) -> None:
    out = StringIO()

    call_command("import_records", str(untidy), verbosity=2, stdout=out)

    assert "证书 第2行 新建：99923Q21038R2M" in out.getvalue()


def test_the_command_dry_run_keeps_nothing(untidy: Path) -> None:
    out = StringIO()

    call_command("import_records", str(untidy), "--dry-run", stdout=out)

    assert "试运行" in out.getvalue()
    assert not Organization.objects.exists()


def test_a_title_row_above_the_header_and_blank_rows_are_skipped(
    tmp_path: Path, make_workbook: MakeWorkbook
) -> None:
    from openpyxl import load_workbook

    path = make_workbook(organizations=[org(HAINA, HAINA_CODE)])
    book = load_workbook(path)
    sheet = book["获证组织"]
    sheet.insert_rows(1)
    sheet["A1"] = "京华认证中心 获证组织名单（2025年）"
    sheet.append([2])  # a serial number and nothing else
    sheet.append([])
    sheet.append(org(GUOTAI, "913701020QAUKT7B38"))
    book.save(path)

    report = import_records(path=path)

    assert [(r.row, r.outcome) for r in report.rows] == [
        (3, Outcome.CREATED),
        (6, Outcome.REFUSED),
    ]


def test_a_landline_contact_whose_number_changed_is_updated(
    make_workbook: MakeWorkbook,
) -> None:
    before = [org(HAINA, HAINA_CODE)], [contact(HAINA, "罗秀英", "010-87227802")]
    after = [org(HAINA, HAINA_CODE)], [contact(HAINA, "罗秀英", "010-87227803")]
    import_records(path=make_workbook(*before))

    row = import_records(path=make_workbook(*after, name="after.xlsx")).row(
        Sheet.CONTACTS, 2
    )

    assert (row.outcome, row.changed) == (Outcome.UPDATED, ("手机",))
    assert Contact.objects.get().landline == "010-87227803"
