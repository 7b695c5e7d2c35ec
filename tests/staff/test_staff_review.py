"""Reviewing registrations: the queue, the letter as images, approve and reject."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from tests.conftest import make_contact, make_organization

from certportal.audit.models import AuditEvent
from certportal.registration.models import Registration

from .conftest import CLIENT_PASSWORD

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _page_url(registration: Registration, number: int = 1) -> str:
    letter = registration.current_letter
    assert letter is not None
    return reverse("staff:letter_page", args=[registration.pk, letter.pk, number])


def test_the_queue_lists_pending_registrations_by_due_date_and_flags_overdue_ones(  # type: ignore[no-untyped-def]
    client, reviewer, org_a, org_b, make_registration
) -> None:
    today = timezone.localdate()
    later = make_registration(org_a, "haina", due_on=today + timedelta(days=2))
    overdue = make_registration(org_b, "guotai", due_on=today - timedelta(days=1))
    client.force_login(reviewer)

    response = client.get(reverse("staff:queue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(str(overdue.pk)) < html.index(str(later.pk))
    assert [entry.overdue for entry in response.context["entries"]] == [True, False]
    assert html.count("row-overdue") == 1
    assert "已超期" in html
    assert "171****0779" in html
    assert "17174860779" not in html


def test_the_queue_leaves_out_decided_registrations(
    client, reviewer, org_a, make_registration
) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    Registration.objects.filter(pk=registration.pk).update(state="approved")
    client.force_login(reviewer)

    response = client.get(reverse("staff:queue"))

    assert response.context["entries"] == []
    assert "目前没有待审核的注册申请" in response.content.decode()


def test_a_registration_shows_its_facts_and_one_image_per_letter_page(  # type: ignore[no-untyped-def]
    client, reviewer, org_a, make_registration, shared_dir
) -> None:
    two_pages = shared_dir / "samples" / "letters" / "letter-scanned-2-pages.pdf"
    registration = make_registration(org_a, "haina", letter=two_pages.read_bytes())
    client.force_login(reviewer)

    response = client.get(reverse("staff:registration", args=[registration.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "91110105Y5G0BCJ76R" in html
    assert "王秀英" in html
    assert "133****3626" in html
    assert f'<img src="{_page_url(registration, 1)}"' in html
    assert f'<img src="{_page_url(registration, 2)}"' in html
    assert html.count("<img ") == 2
    assert ".pdf" not in html.replace("授权委托书.pdf", "")


def test_a_reviewer_gets_a_letter_page_as_an_uncached_png(
    client, reviewer, org_a, make_registration
) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    client.force_login(reviewer)

    response = client.get(_page_url(registration))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(PNG_MAGIC)
    assert b"%PDF" not in response.content
    assert AuditEvent.objects.filter(
        action="registration.letter_viewed",
        actor=reviewer,
        object_id=str(registration.pk),
    ).exists()


def test_a_page_past_the_end_or_of_another_registration_is_not_found(  # type: ignore[no-untyped-def]
    client, reviewer, org_a, org_b, make_registration
) -> None:
    mine = make_registration(org_a, "haina")
    theirs = make_registration(org_b, "guotai")
    client.force_login(reviewer)
    letter = theirs.current_letter
    assert letter is not None

    past_the_end = client.get(_page_url(mine, 2))
    crossed = client.get(reverse("staff:letter_page", args=[mine.pk, letter.pk, 1]))

    assert past_the_end.status_code == 404
    assert crossed.status_code == 404


def test_only_reviewers_see_letter_pages(
    client, issuer, client_a, org_b, make_registration
) -> None:  # type: ignore[no-untyped-def]
    url = _page_url(make_registration(org_b, "guotai"))

    anonymous = client.get(url)
    client.force_login(issuer)
    as_issuer = client.get(url)
    client.force_login(client_a)
    as_client = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/staff/login/")
    assert as_issuer.status_code == 403
    assert as_client.status_code == 403
    assert not AuditEvent.objects.filter(action="registration.letter_viewed").exists()


def test_approving_opens_the_account_with_the_password_the_client_chose(  # type: ignore[no-untyped-def]
    client, reviewer, org_a, make_registration
) -> None:
    registration = make_registration(org_a, "haina")
    client.force_login(reviewer)

    response = client.post(
        reverse("staff:approve", args=[registration.pk]), follow=True
    )

    registration.refresh_from_db()
    assert response.redirect_chain == [(reverse("staff:queue"), 302)]
    assert "账号 haina 已开通" in response.content.decode()
    assert registration.state == Registration.State.APPROVED
    assert registration.decided_by == reviewer
    assert registration.account is not None
    assert registration.account.organization == org_a
    client.logout()
    assert client.login(username="haina", password=CLIENT_PASSWORD)


def test_approving_twice_fails_cleanly(
    client, reviewer, org_a, make_registration
) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    client.force_login(reviewer)
    url = reverse("staff:approve", args=[registration.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "该申请不在待审核状态" in response.content.decode()
    assert get_user_model().objects.filter(username="haina").count() == 1


def test_rejecting_needs_a_reason(client, reviewer, org_a, make_registration) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    client.force_login(reviewer)

    response = client.post(
        reverse("staff:reject", args=[registration.pk]), {"reason": "   "}
    )

    registration.refresh_from_db()
    assert response.status_code == 400
    assert "请填写未通过的原因" in response.content.decode()
    assert registration.state == Registration.State.SUBMITTED


def test_rejecting_stores_the_reason_for_the_client(
    client, reviewer, org_a, make_registration
) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    client.force_login(reviewer)
    reason = "委托书缺少法定代表人签字，请签字盖章后重新上传。"

    response = client.post(
        reverse("staff:reject", args=[registration.pk]), {"reason": reason}, follow=True
    )

    registration.refresh_from_db()
    assert response.redirect_chain == [(reverse("staff:queue"), 302)]
    assert registration.state == Registration.State.REJECTED
    assert registration.rejection_reason == reason
    assert registration.decided_by == reviewer


def test_a_refused_rejection_keeps_what_the_reviewer_typed(
    client, reviewer, org_a, make_registration
) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    client.force_login(reviewer)
    client.post(reverse("staff:approve", args=[registration.pk]))

    response = client.post(
        reverse("staff:reject", args=[registration.pk]), {"reason": "印章模糊"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "该申请不在待审核状态" in html
    registration.refresh_from_db()
    assert registration.state == Registration.State.APPROVED


def test_an_issuer_cannot_approve(client, issuer, org_a, make_registration) -> None:  # type: ignore[no-untyped-def]
    registration = make_registration(org_a, "haina")
    client.force_login(issuer)

    response = client.post(reverse("staff:approve", args=[registration.pk]))

    registration.refresh_from_db()
    assert response.status_code == 403
    assert registration.state == Registration.State.SUBMITTED
    assert AuditEvent.objects.filter(
        action="access.denied", actor=issuer, result="denied"
    ).exists()


def test_earlier_letters_stay_listed_after_a_new_upload(  # type: ignore[no-untyped-def]
    client, reviewer, make_registration, letter_pdf, shared_dir
) -> None:
    from certportal.registration import services

    organization = make_organization("天津合众软件技术有限公司", "91120116MA05TH1234")
    make_contact(organization, "李强", "13800138000")
    registration = make_registration(organization, "hezhong")
    # The first letter was refused; the client uploads a new one.
    services.reject_registration(
        registration=registration, reviewer=reviewer, reason="缺少公章", ip="127.0.0.1"
    )
    registration.refresh_from_db()
    typed = shared_dir / "samples" / "letters" / "letter-typed.pdf"
    services.upload_letter(
        registration=registration,
        data=typed.read_bytes(),
        filename="委托书.pdf",
        consent=True,
        ip="127.0.0.1",
    )
    client.force_login(reviewer)

    response = client.get(reverse("staff:registration", args=[registration.pk]))

    assert len(response.context["earlier"]) == 1
    assert "之前上传的委托书" in response.content.decode()


def test_the_records_admin_shows_a_registration_read_only_without_the_letter(  # type: ignore[no-untyped-def]
    client, centre_admin, org_a, make_registration
) -> None:
    registration = make_registration(org_a, "haina")
    client.force_login(centre_admin)
    url = reverse("admin:registration_registration_change", args=[registration.pk])

    listing = client.get(reverse("admin:registration_registration_changelist"))
    page = client.get(url)
    edit = client.post(url, {"state": "approved"})

    html = page.content.decode()
    assert listing.status_code == 200
    assert page.status_code == 200
    assert "等待审核" in html
    assert registration.current_letter.sha256 in html
    assert ".pdf.enc" not in html
    assert registration.password not in html
    assert edit.status_code == 403
