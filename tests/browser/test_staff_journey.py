"""The back office end to end in chromium: a reviewer decides, an issuer issues."""

import hashlib
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from playwright.sync_api import expect
from tests.conftest import PASSWORD, make_staff

from certportal.accounts import roles
from certportal.documents.models import Document
from certportal.organizations.models import Organization
from certportal.registration import services
from certportal.registration.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_PASSWORD = "lantern-meadow-5190"
ALL_IMAGES_LOADED = (
    "() => [...document.querySelectorAll('.letter-page img')]"
    ".every(img => img.complete && img.naturalWidth > 0)"
)


def _submitted(
    organization: Organization, account_name: str, letter: bytes, overdue: bool = False
) -> Registration:
    registration = Registration.objects.create(
        organization=organization,
        contact=organization.contacts.first(),
        account_name=account_name,
        password=make_password(CLIENT_PASSWORD),
    )
    services.upload_letter(
        registration=registration,
        data=letter,
        filename="授权委托书.pdf",
        consent=True,
        ip="127.0.0.1",
    )
    if overdue:
        yesterday = timezone.localdate() - timedelta(days=1)
        Registration.objects.filter(pk=registration.pk).update(due_on=yesterday)
    return registration


def _log_in(page: Any, username: str, start: str = "/staff/") -> None:
    page.goto(start)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def _letter(shared_dir: Path) -> bytes:
    return (shared_dir / "samples/letters/letter-scanned.pdf").read_bytes()


def test_a_reviewer_rejects_one_registration_and_approves_another(  # type: ignore[no-untyped-def]
    desktop_page, shot, reviewer, org_a, org_b, shared_dir
) -> None:
    page = desktop_page
    approve_me = _submitted(org_a, "haina", _letter(shared_dir))
    reject_me = _submitted(org_b, "guotai", _letter(shared_dir), overdue=True)

    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/\?next="))
    shot(page, "staff-login-desktop")
    _log_in(page, "reviewer1", start=page.url)
    expect(page.locator(".tile-alert")).to_contain_text("1 件已超期")
    shot(page, "staff-dashboard-desktop")

    page.get_by_role("link", name="注册审核").first.click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_class(re.compile("row-overdue"))
    expect(rows.first).to_contain_text(org_b.name)
    shot(page, "staff-queue-desktop")

    page.get_by_role("link", name=org_b.name).click()
    page.wait_for_function(ALL_IMAGES_LOADED)
    width = page.locator(".letter-page img").first.evaluate("img => img.naturalWidth")
    assert width > 0
    shot(page, "staff-registration-desktop")

    page.get_by_label("未通过原因").fill("委托书未加盖公章，请盖章后重新上传。")
    page.get_by_role("button", name="退回申请").click()
    expect(page.locator(".message-success")).to_contain_text("已退回")
    expect(page.locator("tbody tr")).to_have_count(1)

    page.get_by_role("link", name=org_a.name).click()
    page.wait_for_function(ALL_IMAGES_LOADED)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".message-success")).to_contain_text("账号 haina 已开通")
    shot(page, "staff-queue-empty-desktop")

    page.goto("/staff/documents/issue/")
    expect(page.locator("h1")).to_have_text("没有权限访问此页面")
    shot(page, "staff-denied-desktop")

    reject_me.refresh_from_db()
    approve_me.refresh_from_db()
    assert reject_me.state == Registration.State.REJECTED
    assert reject_me.rejection_reason.startswith("委托书未加盖公章")
    assert approve_me.state == Registration.State.APPROVED


def test_an_issuer_issues_a_certificate_pdf_through_the_form(  # type: ignore[no-untyped-def]
    desktop_page, shot, issuer, org_a, shared_dir
) -> None:
    page = desktop_page
    sample = shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf"
    sha256 = hashlib.sha256(sample.read_bytes()).hexdigest()

    _log_in(page, "issuer1")
    page.get_by_role("link", name="签发资料").first.click()
    page.get_by_placeholder("组织名称或统一社会信用代码").fill("海纳")
    page.get_by_role("button", name="查找").click()
    shot(page, "staff-issue-search-desktop")
    page.get_by_role("link", name="选择").click()

    page.get_by_label("资料类型").select_option(label="电子版证书")
    page.get_by_label("关联证书").select_option(index=1)
    page.get_by_label("文件").set_input_files(str(sample))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="签发").click()

    expect(page.locator(".message-success")).to_contain_text(sha256)
    shot(page, "staff-issue-form-desktop")
    assert Document.objects.get().sha256 == sha256

    page.get_by_role("link", name="已签发资料").first.click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("未下载")
    shot(page, "staff-documents-desktop")


def test_every_staff_page_fits_a_phone_screen(  # type: ignore[no-untyped-def]
    phone_page, shot, org_a, org_b, shared_dir
) -> None:
    page = phone_page
    make_staff("everyone", *roles.ALL)
    registration = _submitted(org_b, "guotai", _letter(shared_dir), overdue=True)
    _submitted(org_a, "haina", _letter(shared_dir))

    def visit(url: str, name: str) -> None:
        page.goto(url)
        if page.locator(".letter-page img").count():
            page.wait_for_function(ALL_IMAGES_LOADED)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{url} is {overflow}px wider than the phone"
        shot(page, name)

    visit("/staff/login/", "staff-login-phone")
    _log_in(page, "everyone")
    visit("/staff/", "staff-dashboard-phone")
    visit("/staff/registrations/", "staff-queue-phone")
    visit(f"/staff/registrations/{registration.pk}/", "staff-registration-phone")
    visit("/staff/documents/issue/?q=海纳", "staff-issue-search-phone")
    visit(f"/staff/documents/issue/{org_a.public_id}/", "staff-issue-form-phone")
    visit("/staff/documents/", "staff-documents-phone")

    page.get_by_role("button", name="退出").click()
    make_staff("issuer2", roles.ISSUER)
    _log_in(page, "issuer2")
    visit("/staff/registrations/", "staff-denied-phone")
