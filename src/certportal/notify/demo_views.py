from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import DemoMessage


def sms_outbox(request: HttpRequest) -> HttpResponse:
    """Demo only: the messages the console provider sent, so a visitor can read codes."""
    if not settings.DEMO:
        raise Http404
    messages = DemoMessage.objects.all()[:20]
    return render(request, "notify/demo_sms.html", {"outbox": messages})
