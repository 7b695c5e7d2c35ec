"""A client's whole path at phone size, step by step as the centre's guide names it."""

import re
from pathlib import Path
from typing import Any

import pytest

from certportal.documents import services as documents
from certportal.documents.models import DocumentKind
from certportal.notify.models import DemoMessage
from certportal.registration import services as registration
from certportal.registration.models import Registration

PASSWORD = "copper-meadow-5120"


@pytest.fixture(autouse=True)
def _demo(settings):  # type: ignore[no-untyped-def]
    settings.DEMO = True


def sms_code() -> str:
    return re.search(r"验证码为(\d{6})", DemoMessage.objects.first().text).group(1)  # type: ignore[union-attr]


@pytest.mark.django_db(transaction=True)
def test_a_client_registers_is_approved_and_downloads(  # type: ignore[no-untyped-def]
    phone_page: Any, shot: Any, org_a, reviewer, issuer, shared_dir
) -> None:
    page = phone_page
    page.goto("/")
    shot(page, "client-01-home")
    page.get_by_role("link", name="企业用户").click()  # 第一步
    shot(page, "client-02-login")
    page.get_by_role("link", name="注册账号").click()  # 第二步
    shot(page, "client-03-register-menu")
    page.get_by_role("link", name="注册新用户").click()  # 第三步
    assert page.locator(".steps__item_current").inner_text().endswith("准备资料")

    # 第四步: the letter template, with the organization filled in.
    page.get_by_placeholder("企业全称").fill(org_a.name)
    page.get_by_role("button", name="填入").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载委托书（PDF）").click()
    assert download.value.suggested_filename == "注册账号授权委托书.pdf"
    shot(page, "client-04-prepare")
    page.get_by_role("link", name="下一步").click()

    # 第五步: full name, then a contact on file, mobile masked.
    page.get_by_placeholder("请输入企业全称").fill(org_a.name)
    page.get_by_role("button", name="查找").click()
    assert "133****3626" in page.content()
    page.locator(".weui-check__label").first.click()
    shot(page, "client-05-basic")
    page.get_by_role("button", name="下一步").click()

    # 第六步: 获取验证码.
    page.get_by_role("button", name="获取验证码").click()
    assert page.get_by_text("验证码已发送至 133****3626").is_visible()
    page.get_by_placeholder("6 位数字").fill(sms_code())
    shot(page, "client-06-phone")
    page.get_by_role("button", name="下一步").click()

    # 第七步: account and password.
    assert page.locator(".steps__item_current").inner_text().endswith("注册账号")
    page.locator("input[name=account]").fill("haina_admin")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    shot(page, "client-07-account")
    page.get_by_role("button", name="下一步").click()

    # 第八步: upload the signed and sealed letter, then wait for review.
    shot(page, "client-08-upload")
    page.locator(".consent input[type=checkbox]").check()
    page.locator("input[type=file]").set_input_files(
        str(shared_dir / "samples/letters/letter-scanned.pdf")
    )
    page.get_by_role("button", name="上传证明文件").click()
    assert page.get_by_text("已提交，等待审核").is_visible()
    due = Registration.objects.get().due_on
    assert f"{due.year}年{due.month}月{due.day}日" in page.content()
    shot(page, "client-09-waiting")

    # 注册进度查询 while waiting.
    page.get_by_role("link", name="注册进度查询").click()
    assert page.get_by_text("等待审核").first.is_visible()
    shot(page, "client-10-status")

    # The centre approves and issues a certificate.
    registration.approve_registration(
        registration=Registration.objects.get(), reviewer=reviewer, ip="127.0.0.1"
    )
    sample = shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf"
    documents.issue_document(
        organization=org_a,
        kind=DocumentKind.objects.get(code="certificate"),
        certificate=org_a.certificates.get(),
        data=sample.read_bytes(),
        filename=sample.name,
        issuer=issuer,
        ip="127.0.0.1",
    )

    page.get_by_role("link", name="转到登录页面").click()
    page.locator("input[name=account]").fill("haina_admin")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    assert page.get_by_text("您有 1 份新资料尚未下载").is_visible()
    shot(page, "client-11-home")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("电子版证书")).click()
    assert download.value.suggested_filename == "99923Q21038R2M_电子版证书.pdf"
    assert Path(download.value.path()).read_bytes() == sample.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_the_public_checks_a_branch_certificate(  # type: ignore[no-untyped-def]
    phone_page: Any, shot: Any, org_a
) -> None:
    from certportal.certificates.models import Certificate

    Certificate.objects.create(
        number="99923S12108R2M/0001",
        organization=org_a,
        standard="GB/T 45001-2020/ISO 45001:2018",
        scope="物流产品的设计、生产和服务所涉及场所的相关职业健康安全管理活动（分场所）",
    )
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="证书查询").click()
    page.locator("input[name=number]").fill("99923S12108R2M/0001")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text(org_a.name).is_visible()
    assert page.locator(".result .status").inner_text() == "有效"
    shot(page, "public-01-verify")
