"""manage.py issue_documents: a folder of bulk-exported files, issued once."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from certportal.certificates.models import Certificate
from certportal.documents.models import Document

HAINA = "北京海纳检测技术股份有限公司"
HAINA_CERTIFICATES = ["99923E11014R2S", "99923Q21038R2M", "99924S21059R0M"]


@pytest.fixture
def documents_dir(shared_dir: Path) -> Path:
    return shared_dir / "samples" / "documents"


@pytest.fixture
def records(db, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The centre's sample records, imported as the demo does."""
    workbook = shared_dir / "samples" / "centre-records.xlsx"
    call_command("import_records", str(workbook), stdout=StringIO())


def _run(folder: Path, *args: str) -> str:
    # Keyword options, as the demo command passes them.
    out = StringIO()
    call_command("issue_documents", str(folder), *args, issuer="issuer1", stdout=out)
    return out.getvalue()


def test_the_sample_folder_is_issued_once_and_a_second_run_issues_nothing(  # type: ignore[no-untyped-def]
    records, issuer, documents_dir
) -> None:
    first = _run(documents_dir)
    issued = Document.objects.count()
    second = _run(documents_dir)

    # 19 files: 3 certificates x 6 kinds plus one invoice; withdrawals wait.
    assert issued == 16
    assert "签发 16" in first
    assert "暂不签发（撤销通知书）3" in first
    assert Document.objects.count() == 16
    assert "签发 0" in second
    assert "跳过（已签发过）16" in second
    documents = Document.objects.select_related("organization", "certificate")
    assert {d.organization.name for d in documents} == {HAINA}
    assert {d.certificate.number for d in documents if d.certificate} == set(
        HAINA_CERTIFICATES
    )


def test_notices_are_issued_in_order_so_certificates_end_valid(
    records, issuer, documents_dir
) -> None:  # type: ignore[no-untyped-def]
    _run(documents_dir)

    statuses = Certificate.objects.filter(number__in=HAINA_CERTIFICATES).values_list(
        "status", flat=True
    )
    assert set(statuses) == {Certificate.Status.VALID}
    issued = list(
        Document.objects.order_by("issued_at", "id").values_list(
            "kind__code", flat=True
        )
    )
    assert issued.index("restoration_notice") > issued.index("suspension_notice")
    assert issued[-1] == "invoice"


def test_withdrawal_notices_are_issued_only_when_asked(
    records, issuer, documents_dir
) -> None:  # type: ignore[no-untyped-def]
    _run(documents_dir)

    output = _run(documents_dir, "--include-withdrawal")

    assert "签发 3" in output
    statuses = Certificate.objects.filter(number__in=HAINA_CERTIFICATES).values_list(
        "status", flat=True
    )
    assert set(statuses) == {Certificate.Status.WITHDRAWN}


def test_a_dry_run_checks_every_file_and_issues_none(
    records, issuer, documents_dir
) -> None:  # type: ignore[no-untyped-def]
    output = _run(documents_dir, "--dry-run")

    assert Document.objects.count() == 0
    assert "可签发 16" in output
    assert "拒绝 0" in output


def test_files_that_cannot_be_issued_are_refused_with_a_reason(  # type: ignore[no-untyped-def]
    records, issuer, documents_dir, tmp_path, shared_dir
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    sample = documents_dir / "99923Q21038R2M_电子证书.pdf"
    shutil.copy(sample, folder / "no-underscore.pdf")
    shutil.copy(sample, folder / "99923Q21038R2M_奖状.pdf")
    shutil.copy(sample, folder / "99900Q00000R0M_电子证书.pdf")
    shutil.copy(
        shared_dir / "samples/letters/letter-photo.jpg",
        folder / "99923Q21038R2M_审核报告.pdf",
    )
    shutil.copy(sample, folder / "99923q21038r2m_电子版证书.pdf")
    (folder / ".DS_Store").write_bytes(b"\x00")

    output = _run(folder)

    assert "文件名应为" in output
    assert "不认识的资料类型“奖状”" in output
    assert "没有编号为“99900Q00000R0M”的证书" in output
    assert "图片" in output
    assert "签发 1" in output
    assert "拒绝 4" in output
    assert ".DS_Store" not in output
    assert Document.objects.get().kind.code == "certificate"


def test_the_issuer_must_hold_the_issuer_role(records, reviewer, documents_dir) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="签发角色"):
        call_command("issue_documents", str(documents_dir), "--issuer", "reviewer1")


def test_a_file_already_issued_to_another_organization_is_refused_not_confirmed(  # type: ignore[no-untyped-def]
    records, issuer, documents_dir, tmp_path
) -> None:
    other = Certificate.objects.exclude(organization__name=HAINA).first()
    assert other is not None
    folder = tmp_path / "batch"
    folder.mkdir()
    sample = documents_dir / "99923Q21038R2M_电子证书.pdf"
    shutil.copy(sample, folder / sample.name)
    _run(folder)
    shutil.copy(sample, folder / f"{other.number.replace('/', '／')}_电子证书.pdf")

    dry = _run(folder, "--dry-run")
    output = _run(folder)

    for report in (dry, output):
        assert "跳过（已签发过）1" in report
        assert "拒绝 1" in report
        assert f"签发给“{HAINA}”" in report
    assert not Document.objects.filter(organization=other.organization).exists()
