"""Issuing a document tells the organization, through the background task queue."""

import pytest

from certportal.audit.models import AuditEvent
from certportal.documents import services
from certportal.documents.models import DocumentKind

pytestmark = pytest.mark.django_db


def test_the_contacts_with_e_mail_hear_of_a_new_document(  # type: ignore[no-untyped-def]
    org_a, issuer, shared_dir, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    org_a.contacts.update(email="quality@example.com")
    sample = shared_dir / "samples/documents/99923Q21038R2M_暂停通知书.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        document = services.issue_document(
            organization=org_a,
            kind=DocumentKind.objects.get(code="suspension_notice"),
            certificate=org_a.certificates.get(),
            data=sample.read_bytes(),
            filename=sample.name,
            issuer=issuer,
            ip="127.0.0.1",
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["quality@example.com"]
    assert "暂停通知书" in message.subject
    assert "请登录" in message.body
    assert AuditEvent.objects.filter(
        action="document.notified", object_id=str(document.pk)
    ).exists()
    assert org_a.certificates.get().status == "suspended"


def test_no_mail_when_no_contact_has_an_address(  # type: ignore[no-untyped-def]
    org_a, issuer, shared_dir, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    sample = shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_document(
            organization=org_a,
            kind=DocumentKind.objects.get(code="certificate"),
            certificate=org_a.certificates.get(),
            data=sample.read_bytes(),
            filename=sample.name,
            issuer=issuer,
            ip="127.0.0.1",
        )
    assert mailoutbox == []
