"""Who may open the back office: login, roles, refusals, the staff session policy."""

import time
import uuid

import pytest
from django.conf import settings
from django.urls import reverse
from tests.conftest import PASSWORD

from certportal.audit.models import AuditEvent
from certportal.core.middleware import LOGIN_AT_KEY
from certportal.staff import access
from certportal.staff.views import auth

# Fixed ids: parallel workers must collect the same test names.
SOME_ID = uuid.UUID(int=1)
STAFF_PAGES = [
    reverse("staff:home"),
    reverse("staff:queue"),
    reverse("staff:registration", args=[SOME_ID]),
    reverse("staff:letter_page", args=[SOME_ID, SOME_ID, 1]),
    reverse("staff:issue"),
    reverse("staff:documents"),
]


def _denials(user) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(action="access.denied", actor=user))


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_the_staff_login(client, url) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_a_client_account_gets_403_on_every_staff_page(client, client_a, url) -> None:  # type: ignore[no-untyped-def]
    client.force_login(client_a)

    response = client.get(url)

    assert response.status_code == 403
    assert "工作人员使用的后台" in response.content.decode()
    assert [event.result for event in _denials(client_a)] == ["denied"]


def test_an_issuer_cannot_open_the_review_queue(client, issuer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    response = client.get(reverse("staff:queue"))

    assert response.status_code == 403
    assert "没有权限访问此页面" in response.content.decode()
    (event,) = _denials(issuer)
    assert event.result == "denied"
    assert event.details["path"] == "/staff/registrations/"
    assert event.details["needed"] == ["reviewer"]


def test_a_reviewer_cannot_open_the_issue_pages(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)

    assert client.get(reverse("staff:issue")).status_code == 403
    assert client.get(reverse("staff:documents")).status_code == 403
    assert len(_denials(reviewer)) == 2


def test_staff_log_in_and_land_on_the_dashboard(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("staff:login"), {"username": "reviewer1", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
    assert client.session.get_expiry_age() == access.IDLE_SECONDS
    assert AuditEvent.objects.filter(
        action="account.login", actor=reviewer, result="ok"
    ).exists()


def test_login_returns_to_the_staff_page_asked_for_but_never_elsewhere(
    client, reviewer
) -> None:  # type: ignore[no-untyped-def]
    credentials = {"username": "reviewer1", "password": PASSWORD}

    inside = client.post(
        reverse("staff:login"), {**credentials, "next": "/staff/registrations/"}
    )
    client.logout()
    outside = client.post(
        reverse("staff:login"), {**credentials, "next": "https://evil.example/"}
    )

    assert inside["Location"] == "/staff/registrations/"
    assert outside["Location"] == reverse("staff:home")


def test_a_client_account_is_refused_at_the_staff_login(client, client_a) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("staff:login"), {"username": "haina_admin", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "此入口仅供认证中心工作人员使用" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="account.login", object_id=str(client_a.pk), result="denied"
    ).exists()


def test_a_wrong_password_is_refused_and_recorded(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("staff:login"), {"username": "reviewer1", "password": "wrong-one"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="reviewer1"' in response.content.decode()
    assert AuditEvent.objects.filter(
        action="account.login", actor_label="reviewer1", result="failed"
    ).exists()


def test_too_many_login_attempts_are_refused_without_checking_the_password(
    client, reviewer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(auth, "ATTEMPTS_PER_ACCOUNT", 3)
    for _ in range(3):
        client.post(reverse("staff:login"), {"username": "reviewer1", "password": "x"})

    response = client.post(
        reverse("staff:login"), {"username": "reviewer1", "password": PASSWORD}
    )

    assert "尝试次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_takes_a_post_and_ends_the_session(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)

    assert client.get(reverse("staff:logout")).status_code == 405
    response = client.post(reverse("staff:logout"))

    assert response["Location"] == reverse("staff:login")
    assert client.get(reverse("staff:home")).status_code == 302


def test_every_staff_page_moves_the_idle_timeout_forward(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)

    client.get(reverse("staff:home"))

    assert client.session.get_expiry_age() == access.IDLE_SECONDS


def test_a_staff_session_ends_twelve_hours_after_login(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client.get(reverse("staff:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))
    assert "_auth_user_id" not in client.session


def test_the_dashboard_shows_each_role_its_own_work(client, reviewer, issuer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)
    as_reviewer = client.get(reverse("staff:home")).content.decode()
    client.force_login(issuer)
    as_issuer = client.get(reverse("staff:home")).content.decode()

    assert reverse("staff:queue") in as_reviewer
    assert reverse("staff:issue") not in as_reviewer
    assert reverse("staff:issue") in as_issuer
    assert reverse("staff:queue") not in as_issuer
    assert reverse("admin:index") not in as_issuer


def test_centre_admins_find_the_records_admin_and_edit_document_kinds(
    client, centre_admin, issuer
) -> None:  # type: ignore[no-untyped-def]
    kinds = reverse("admin:documents_documentkind_changelist")

    client.force_login(centre_admin)
    dashboard = client.get(reverse("staff:home")).content.decode()
    as_admin = client.get(kinds)
    client.force_login(issuer)
    as_issuer = client.get(kinds)

    assert reverse("admin:index") in dashboard
    assert as_admin.status_code == 200
    assert as_issuer.status_code == 403
