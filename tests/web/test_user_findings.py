"""What a first user stumbled on, kept fixed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD
from tests.web.test_wizard import choose_contact, create_account, verify_phone

from certportal.accounts.models import User
from certportal.certificates.models import Certificate
from certportal.registration import services
from certportal.registration.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_outbox(settings):  # type: ignore[no-untyped-def]
    settings.DEMO = True


def test_a_client_waiting_for_review_is_told_so_at_login(client, org_a, shared_dir):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client, "haina")
    letter = (shared_dir / "samples/letters/letter-scanned.pdf").open("rb")
    client.post(reverse("portal:reg_upload"), {"letter": letter, "consent": "yes"})

    other = client.__class__()
    page = other.post(
        reverse("portal:login"), {"account": "haina", "password": "river-lantern-9031"}
    )
    assert "正在审核中" in page.content.decode()
    wrong = other.post(
        reverse("portal:login"), {"account": "haina", "password": "not-the-password"}
    )
    assert "正在审核中" not in wrong.content.decode()


def test_the_upload_page_after_submission_says_it_is_waiting(client, org_a, shared_dir):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client, "haina")
    letter = (shared_dir / "samples/letters/letter-scanned.pdf").open("rb")
    client.post(reverse("portal:reg_upload"), {"letter": letter, "consent": "yes"})
    page = client.get(reverse("portal:reg_upload")).content.decode()
    assert "已提交，等待审核" in page and 'type="file"' not in page


def test_a_refused_upload_keeps_the_consent_ticked(client, org_a, shared_dir):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client, "haina")
    photo = (shared_dir / "samples/letters/letter-photo.jpg").open("rb")
    page = client.post(
        reverse("portal:reg_upload"), {"letter": photo, "consent": "yes"}
    )
    assert 'value="yes" required checked' in page.content.decode()


def test_a_password_of_spaces_or_like_the_account_is_refused(client, org_a):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    spaces = client.post(
        reverse("portal:reg_account"),
        {"account": "jiahe", "password": " " * 8, "password2": " " * 8},
    )
    assert "空格" in spaces.content.decode()
    similar = client.post(
        reverse("portal:reg_account"),
        {"account": "jiahe", "password": "jiahe123", "password2": "jiahe123"},
    )
    assert similar.context["error_code"] == "password_weak"
    short = client.post(
        reverse("portal:reg_account"),
        {"account": "jiahe", "password": "x7#", "password2": "x7#"},
    )
    assert "密码太短" in short.content.decode()


def test_a_code_typed_before_asking_for_one_says_to_ask(client, org_a):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    page = client.post(
        reverse("portal:reg_phone"), {"action": "verify", "code": "123456"}
    )
    assert "请先点击“获取验证码”" in page.content.decode()


def test_the_wait_before_a_new_code_counts_from_the_last_one(client, org_a):  # type: ignore[no-untyped-def]
    from certportal.accounts.models import SmsChallenge

    choose_contact(client, org_a)
    client.post(reverse("portal:reg_phone"), {"action": "send"})
    SmsChallenge.objects.update(created_at=timezone.now() - timedelta(seconds=45))
    page = client.post(reverse("portal:reg_phone"), {"action": "send"}).content.decode()
    assert "请 15 秒后再获取" in page or "请 16 秒后再获取" in page


def test_an_empty_name_asks_for_the_name(client, db):  # type: ignore[no-untyped-def]
    page = client.post(reverse("portal:reg_basic"), {"name": "  ", "action": "find"})
    assert "请输入企业全称" in page.content.decode()


def test_an_abandoned_registration_gives_way_after_a_week(client, org_a):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client, "haina")
    Registration.objects.update(created_at=timezone.now() - timedelta(days=8))

    organization = services.find_organization(org_a.name)
    assert organization == org_a
    assert Registration.objects.get().state == Registration.State.CANCELLED
    assert services.check_account_name("haina") == "haina"


def test_a_branch_number_typed_with_a_full_width_slash_is_found(client, org_a):  # type: ignore[no-untyped-def]
    Certificate.objects.create(
        number="99923S12108R2M/0001",
        organization=org_a,
        standard="GB/T 45001-2020/ISO 45001:2018",
        scope="分场所",
    )
    page = client.get(
        reverse("portal:verify"), {"number": "99923s12108r2m／0001"}
    ).content.decode()
    assert "分场所" in page


def test_login_ignores_the_case_of_the_account_and_returns_where_it_was_going(
    client, client_a
):  # type: ignore[no-untyped-def]
    target = reverse("portal:verify") + "?number=X"
    response = client.post(
        reverse("portal:login") + f"?next={target}",
        {"account": client_a.username.upper(), "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == target
    evil = client.__class__().post(
        reverse("portal:login"),
        {
            "account": client_a.username,
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert evil["Location"] == reverse("portal:client_home")
    assert User.objects.filter(username=client_a.username).exists()


def test_a_download_names_the_file_for_old_browsers_too(
    client, client_a, issuer, org_a, shared_dir
):  # type: ignore[no-untyped-def]
    from certportal.documents import services as documents
    from certportal.documents.models import DocumentKind

    sample = shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf"
    document = documents.issue_document(
        organization=org_a,
        kind=DocumentKind.objects.get(code="certificate"),
        certificate=org_a.certificates.get(),
        data=sample.read_bytes(),
        filename=sample.name,
        issuer=issuer,
        ip="127.0.0.1",
    )
    client.force_login(client_a)
    header = client.get(reverse("portal:document_download", args=[document.pk]))[
        "Content-Disposition"
    ]
    assert header.startswith(
        "attachment; filename=\"99923Q21038R2M_.pdf\"; filename*=UTF-8''"
    )


def test_the_code_button_counts_down_what_the_server_still_makes_them_wait(
    client, org_a
):  # type: ignore[no-untyped-def]
    from certportal.accounts.models import SmsChallenge

    choose_contact(client, org_a)
    client.post(reverse("portal:reg_phone"), {"action": "send"})
    SmsChallenge.objects.update(created_at=timezone.now() - timedelta(seconds=50))
    page = client.post(reverse("portal:reg_phone"), {"action": "send"}).content.decode()
    assert 'data-wait="10" data-start' in page or 'data-wait="11" data-start' in page
