from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The caller's address: the proxy-set header when configured, else the peer.

    Only the header our own nginx overwrites is trusted (CLIENT_IP_HEADER, e.g.
    HTTP_X_REAL_IP); X-Forwarded-For sent by a client is ignored.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get(header, "").split(",")[0].strip()
        if value:
            return value[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
