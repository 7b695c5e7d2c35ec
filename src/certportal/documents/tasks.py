"""Background work after a document is issued: telling the organization."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from certportal.audit.services import record

from .models import Document

logger = logging.getLogger(__name__)


@task()
def notify_document_issued(document_id: str) -> int:
    """E-mail the organization's contacts that a document waits for them; return count."""
    document = Document.objects.select_related("organization", "kind").get(
        pk=document_id
    )
    recipients = sorted(
        {
            contact.email
            for contact in document.organization.contacts.filter(active=True)
            if contact.email
        }
    )
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【%(centre)s】新的证后资料：%(title)s") % {
            "centre": settings.CENTRE["name"],
            "title": document.title,
        }
        body = _(
            "%(organization)s：\n\n%(centre)s已向贵单位签发“%(title)s”。"
            "请登录%(portal)s下载。证后资料以电子版发放，不再邮寄纸质版。\n\n"
            "咨询电话：%(phone)s"
        ) % {
            "organization": document.organization.name,
            "centre": settings.CENTRE["name"],
            "title": document.title,
            "portal": settings.CENTRE["portal_name"],
            "phone": settings.CENTRE["enquiries_phone"],
        }
    sent = send_mail(subject, body, None, recipients)
    record(
        "document.notified", obj=document, channel="email", recipients=len(recipients)
    )
    logger.info("document %s notified to %d addresses", document.pk, len(recipients))
    return sent
