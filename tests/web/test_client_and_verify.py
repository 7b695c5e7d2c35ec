"""What a logged-in client sees and downloads, and what the public can check."""

import hashlib
from urllib.parse import quote

import pytest
from django.urls import reverse
from tests.conftest import PASSWORD

from certportal.audit.models import AuditEvent
from certportal.certificates.models import Certificate
from certportal.documents import services as documents
from certportal.documents.models import Document, DocumentKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(org_a, issuer, shared_dir) -> Document:  # type: ignore[no-untyped-def]
    certificate = org_a.certificates.get()
    path = shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf"
    return documents.issue_document(
        organization=org_a,
        kind=DocumentKind.objects.get(code="certificate"),
        certificate=certificate,
        data=path.read_bytes(),
        filename=path.name,
        issuer=issuer,
        ip="127.0.0.1",
    )


def test_the_client_sees_its_certificates_and_new_documents(client, client_a, issued):  # type: ignore[no-untyped-def]
    client.force_login(client_a)
    page = client.get(reverse("portal:client_home")).content.decode()
    assert "99923Q21038R2M" in page and "电子版证书" in page
    assert "您有 1 份新资料尚未下载" in page


def test_a_download_keeps_its_chinese_name_and_records_the_first_time(
    client, client_a, issued, shared_dir
):  # type: ignore[no-untyped-def]
    client.force_login(client_a)
    url = reverse("portal:document_download", args=[issued.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert quote("99923Q21038R2M_电子版证书.pdf") in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    original = (
        shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf"
    ).read_bytes()
    assert (
        hashlib.sha256(response.content).hexdigest()
        == hashlib.sha256(original).hexdigest()
    )

    issued.refresh_from_db()
    first = issued.first_downloaded_at
    assert first is not None and issued.first_downloaded_by == client_a
    client.get(url)
    issued.refresh_from_db()
    assert issued.first_downloaded_at == first
    assert (
        AuditEvent.objects.filter(
            action="document.downloaded", object_id=str(issued.pk)
        ).count()
        == 2
    )


def test_a_tampered_file_is_not_served(client, client_a, issued, settings):  # type: ignore[no-untyped-def]
    path = settings.MEDIA_ROOT / issued.file.name
    path.write_bytes(path.read_bytes() + b"tampered")
    client.force_login(client_a)
    response = client.get(reverse("portal:document_download", args=[issued.pk]))
    assert response.status_code == 503
    assert AuditEvent.objects.filter(action="document.integrity_failed").exists()


def test_another_organization_gets_the_same_404_as_for_nothing(
    client, client_b, issued
):  # type: ignore[no-untyped-def]
    import uuid

    client.force_login(client_b)
    theirs = client.get(reverse("portal:document_download", args=[issued.pk]))
    nothing = client.get(reverse("portal:document_download", args=[uuid.uuid4()]))
    assert theirs.status_code == nothing.status_code == 404
    assert theirs.content == nothing.content


def test_staff_cannot_use_the_client_login(client, reviewer):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("portal:login"), {"account": reviewer.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "中心后台" in response.content.decode()


def test_login_failures_are_limited_and_audited(client, client_a):  # type: ignore[no-untyped-def]
    for _ in range(10):
        client.post(
            reverse("portal:login"),
            {"account": client_a.username, "password": "wrong-wrong"},
        )
    response = client.post(
        reverse("portal:login"), {"account": client_a.username, "password": PASSWORD}
    )
    assert "次数过多" in response.content.decode()
    assert (
        AuditEvent.objects.filter(action="account.login", result="failed").count() == 10
    )


def test_the_public_checks_a_certificate_by_number(client, org_a):  # type: ignore[no-untyped-def]
    page = client.get(
        reverse("portal:verify"), {"number": " 99923q21038r2m "}
    ).content.decode()
    assert "北京海纳检测技术股份有限公司" in page and "有效" in page
    assert "王秀英" not in page and "3626" not in page


def test_a_branch_number_with_a_slash_works(client, org_a):  # type: ignore[no-untyped-def]
    Certificate.objects.create(
        number="99923S12108R2M/0001",
        organization=org_a,
        standard="GB/T 45001-2020/ISO 45001:2018",
        scope="分场所",
    )
    page = client.get(
        reverse("portal:verify") + "?number=99923S12108R2M%2F0001"
    ).content.decode()
    assert "99923S12108R2M/0001" in page and "分场所" in page


def test_an_expired_certificate_says_so(client, org_a):  # type: ignore[no-untyped-def]
    import datetime

    Certificate.objects.filter(number="99923Q21038R2M").update(
        expires_on=datetime.date(2025, 1, 1)
    )
    page = client.get(
        reverse("portal:verify"), {"number": "99923Q21038R2M"}
    ).content.decode()
    assert "过期失效" in page


def test_an_unknown_number_says_what_to_do(client, db):  # type: ignore[no-untyped-def]
    page = client.get(reverse("portal:verify"), {"number": "NOPE"}).content.decode()
    assert "没有查到" in page and "核对证书编号" in page


def test_a_session_ends_twelve_hours_after_login_however_active(
    client, client_a, settings
):  # type: ignore[no-untyped-def]
    client.force_login(client_a)
    assert client.get(reverse("portal:client_home")).status_code == 200
    session = client.session
    session["login_at"] -= settings.SESSION_ABSOLUTE_SECONDS + 1
    session.save()
    response = client.get(reverse("portal:client_home"))
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]


def test_pages_about_a_client_are_never_cached(client, client_a):  # type: ignore[no-untyped-def]
    client.force_login(client_a)
    response = client.get(reverse("portal:client_home"))
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/verify/", {"number": "999\x00"}),
        ("post", "/client/", {"account": "a\x00b", "password": "x"}),
        ("post", "/register/new/basic/", {"name": "北京\x00", "action": "find"}),
        (
            "post",
            "/register/status/",
            {"action": "lookup", "account": "x\x00", "password": "y"},
        ),
    ],
)
def test_a_nul_character_is_refused_before_it_reaches_the_database(
    client, db, method, url, data
):  # type: ignore[no-untyped-def]
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, db):  # type: ignore[no-untyped-def]
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    client.cookies["django_language"] = "en"
    assert client.get("/")["Content-Language"] == "en"
