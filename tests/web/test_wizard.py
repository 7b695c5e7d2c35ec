"""The registration wizard, walked the way the centre's guide tells a client to."""

import re

import pytest
from django.urls import reverse

from certportal.accounts.models import User
from certportal.audit.models import AuditEvent
from certportal.notify.models import DemoMessage
from certportal.organizations.models import Organization
from certportal.registration.models import Registration

pytestmark = pytest.mark.django_db
PASSWORD = "river-lantern-9031"


@pytest.fixture(autouse=True)
def _demo_outbox(settings):  # type: ignore[no-untyped-def]
    settings.DEMO = True


def last_code() -> str:
    return re.search(r"验证码为(\d{6})", DemoMessage.objects.first().text).group(1)  # type: ignore[union-attr]


def choose_contact(client, organization: Organization) -> None:  # type: ignore[no-untyped-def]
    contact = organization.contacts.first()
    response = client.post(
        reverse("portal:reg_basic"),
        {
            "name": organization.name,
            "action": "next",
            "contact": str(contact.public_id),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]


def verify_phone(client) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("portal:reg_phone"), {"action": "send"})
    response = client.post(
        reverse("portal:reg_phone"), {"action": "verify", "code": last_code()}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:reg_account")


def create_account(client, account: str = "haina") -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("portal:reg_account"),
        {"account": account, "password": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:800]


def test_entry_pages_use_the_guides_button_names(client) -> None:  # type: ignore[no-untyped-def]
    assert "企业用户" in client.get("/").content.decode()
    assert "注册账号" in client.get(reverse("portal:login")).content.decode()
    menu = client.get(reverse("portal:register")).content.decode()
    assert "注册新用户" in menu and "注册进度查询" in menu
    prepare = client.get(reverse("portal:reg_prepare")).content.decode()
    stages = re.findall(r'class="steps__name">([^<]+)<', prepare)
    assert stages == ["准备资料", "基本信息", "验证手机", "注册账号", "等待审核"]


def test_a_client_registers_from_start_to_waiting_for_review(client, org_a, shared_dir):  # type: ignore[no-untyped-def]
    client.get(reverse("portal:reg_prepare") + "?restart=1")
    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client)

    page = client.get(reverse("portal:reg_upload")).content.decode()
    assert "上传证明文件" in page and "转到登录页面" in page
    letter = (shared_dir / "samples/letters/letter-scanned.pdf").open("rb")
    response = client.post(
        reverse("portal:reg_upload"), {"letter": letter, "consent": "yes"}
    )
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    registration = Registration.objects.get(organization=org_a)
    assert registration.state == Registration.State.SUBMITTED
    assert registration.due_on is not None
    assert f"{registration.due_on.year}年{registration.due_on.month}月" in done
    assert AuditEvent.objects.filter(action="registration.submitted").exists()


def test_the_mobile_is_only_ever_shown_masked(client, org_a):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("portal:reg_basic"), {"name": org_a.name, "action": "find"}
    )
    page = response.content.decode()
    assert "133****3626" in page
    assert "13325413626" not in page


def test_a_classified_organization_is_refused_and_told_whom_to_call(client, settings):  # type: ignore[no-untyped-def]
    Organization.objects.create(
        name="廊坊九州电子研究所", credit_code="91131003T5CF39QQ4N", classified=True
    )
    response = client.post(
        reverse("portal:reg_basic"), {"name": "廊坊九州电子研究所", "action": "find"}
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "涉密单位" in page and settings.CENTRE["classified_phone"] in page


def test_an_unknown_name_keeps_what_the_client_typed(client, db):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("portal:reg_basic"), {"name": "不存在的公司", "action": "find"}
    )
    assert response.status_code == 404
    assert 'value="不存在的公司"' in response.content.decode()


def test_full_width_brackets_find_the_same_organization(client, db):  # type: ignore[no-untyped-def]
    org = Organization.objects.create(
        name="廊坊京安建筑工程股份有限公司（第一分公司）",
        credit_code="911310034G4G6YD591",
    )
    response = client.post(
        reverse("portal:reg_basic"),
        {"name": " 廊坊京安建筑工程股份有限公司(第一分公司) ", "action": "find"},
    )
    assert response.status_code == 200
    assert response.context["organization"] == org


def test_stages_cannot_be_skipped(client, org_a):  # type: ignore[no-untyped-def]
    assert client.get(reverse("portal:reg_phone"))["Location"] == reverse(
        "portal:reg_basic"
    )
    choose_contact(client, org_a)
    assert client.get(reverse("portal:reg_account"))["Location"] == reverse(
        "portal:reg_phone"
    )
    # Posting the account stage directly, without the SMS step, creates nothing.
    client.post(
        reverse("portal:reg_account"),
        {"account": "sneaky", "password": PASSWORD, "password2": PASSWORD},
    )
    assert not Registration.objects.exists()
    assert client.get(reverse("portal:reg_upload"))["Location"] == reverse(
        "portal:reg_status"
    )


def test_a_wrong_code_is_refused_and_the_fifth_voids_it(client, org_a):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    client.post(reverse("portal:reg_phone"), {"action": "send"})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = client.post(
            reverse("portal:reg_phone"), {"action": "verify", "code": wrong}
        )
        assert response.status_code == 400
    response = client.post(
        reverse("portal:reg_phone"), {"action": "verify", "code": code}
    )
    assert response.status_code == 400
    assert "次数过多" in response.content.decode()


def test_a_second_code_must_wait_and_the_hotline_is_shown(client, org_a, settings):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    first = client.post(reverse("portal:reg_phone"), {"action": "send"})
    assert settings.CENTRE["technical_phone"] in first.content.decode()
    again = client.post(reverse("portal:reg_phone"), {"action": "send"})
    assert again.status_code == 429
    assert "秒后再获取" in again.content.decode()
    assert DemoMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("account", "code"),
    [
        ("", "account_name_invalid"),
        ("1abc", "account_name_invalid"),
        ("a" * 19, "account_name_invalid"),
        ("ab-c", "account_name_invalid"),
        ("账号", "account_name_invalid"),
    ],
)
def test_account_names_follow_the_rule(client, org_a, account, code):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    response = client.post(
        reverse("portal:reg_account"),
        {"account": account, "password": PASSWORD, "password2": PASSWORD},
    )
    assert response.context["error_code"] == code


def test_passwords_must_match_and_not_be_common(client, org_a):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    mismatch = client.post(
        reverse("portal:reg_account"),
        {"account": "haina", "password": PASSWORD, "password2": "x" + PASSWORD},
    )
    assert mismatch.context["error_code"] == "password_mismatch"
    assert 'value="haina"' in mismatch.content.decode()
    common = client.post(
        reverse("portal:reg_account"),
        {"account": "haina", "password": "password123", "password2": "password123"},
    )
    assert common.context["error_code"] == "password_weak"


def test_an_organization_registers_only_once(client, org_a):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client, "haina")
    other = client.__class__()
    response = other.post(
        reverse("portal:reg_basic"), {"name": org_a.name, "action": "find"}
    )
    assert response.status_code == 409
    assert "只允许注册一次" in response.content.decode()


def test_an_account_name_is_taken_once_whatever_the_case(
    client, org_a, org_b, client_b
):  # type: ignore[no-untyped-def]
    choose_contact(client, org_a)
    verify_phone(client)
    response = client.post(
        reverse("portal:reg_account"),
        {"account": "GUOTAI_ADMIN", "password": PASSWORD, "password2": PASSWORD},
    )
    assert response.context["error_code"] == "account_name_taken"


def test_progress_query_shows_rejection_and_allows_a_new_upload(
    client, org_a, reviewer, shared_dir
):  # type: ignore[no-untyped-def]
    from certportal.registration import services

    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client)
    registration = Registration.objects.get()
    services.upload_letter(
        registration=registration,
        data=(shared_dir / "samples/letters/letter-typed.pdf").read_bytes(),
        filename="a.pdf",
        consent=True,
        ip="127.0.0.1",
    )
    services.reject_registration(
        registration=registration,
        reviewer=reviewer,
        reason="委托书缺少法定代表人签字和公章",
        ip="127.0.0.1",
    )

    fresh = client.__class__()
    bad = fresh.post(
        reverse("portal:reg_status"),
        {"action": "lookup", "account": "haina", "password": "nope-nope-nope"},
    )
    assert bad.status_code == 401
    fresh.post(
        reverse("portal:reg_status"),
        {"action": "lookup", "account": "haina", "password": PASSWORD},
    )
    page = fresh.get(reverse("portal:reg_status")).content.decode()
    assert "审核未通过" in page and "缺少法定代表人签字和公章" in page

    photo = (shared_dir / "samples/letters/letter-photo.jpg").open("rb")
    refused = fresh.post(
        reverse("portal:reg_status"),
        {"letter": photo, "consent": "yes", "action": "upload"},
    )
    assert "PDF" in refused.content.decode()
    registration.refresh_from_db()
    assert registration.state == Registration.State.REJECTED

    scan = (shared_dir / "samples/letters/letter-scanned.pdf").open("rb")
    fresh.post(
        reverse("portal:reg_status"),
        {"letter": scan, "consent": "yes", "action": "upload"},
    )
    registration.refresh_from_db()
    assert registration.state == Registration.State.SUBMITTED
    assert registration.letters.count() == 2


def test_approval_lets_the_client_log_in(client, org_a, reviewer, shared_dir):  # type: ignore[no-untyped-def]
    from certportal.registration import services

    choose_contact(client, org_a)
    verify_phone(client)
    create_account(client, "haina")
    registration = Registration.objects.get()
    services.upload_letter(
        registration=registration,
        data=(shared_dir / "samples/letters/letter-scanned.pdf").read_bytes(),
        filename="a.pdf",
        consent=True,
        ip="127.0.0.1",
    )
    services.approve_registration(
        registration=registration, reviewer=reviewer, ip="127.0.0.1"
    )

    response = client.post(
        reverse("portal:login"), {"account": "haina", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:client_home")
    assert User.objects.get(username="haina").organization == org_a


def test_the_letter_template_downloads_with_the_organization_filled_in(client, org_a):  # type: ignore[no-untyped-def]
    docx = client.get(
        reverse("portal:letter_template", args=["docx"]) + f"?org={org_a.name}"
    )
    assert docx.status_code == 200
    assert "attachment" in docx["Content-Disposition"]
    pdf = client.get(reverse("portal:letter_template", args=["pdf"]))
    assert pdf.content.startswith(b"%PDF-")
    assert client.get("/register/letter.exe").status_code == 404
