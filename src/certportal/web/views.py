"""The client portal (H5): home, login, the client's certificates and documents, and
the public certificate check. Views check access and call services; nothing more."""

from collections import defaultdict

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certportal.accounts.services import canonical_username, check_login_limits
from certportal.certificates.services import certificates_for, check_certificate
from certportal.core import ratelimit
from certportal.core.errors import DomainError, NotFound
from certportal.core.net import client_ip
from certportal.core.responses import file_response
from certportal.documents import services as documents
from certportal.registration import services as registration


def home(request: HttpRequest) -> HttpResponse:
    """The front door: 企业用户 or a certificate check."""
    return render(request, "web/home.html")


def client_entry(request: HttpRequest) -> HttpResponse:
    """企业用户: log in, or go and register (注册账号)."""
    if _is_client(request.user):
        return redirect("portal:client_home")
    form = {"account": "", "error": ""}
    if request.method == "POST":
        form["account"] = request.POST.get("account", "").strip()[:150]
        error = _try_login(request, form["account"], request.POST.get("password", ""))
        if not error:
            return redirect(_next_page(request))
        form["error"] = error
    return render(request, "web/login.html", {"form": form})


def _next_page(request: HttpRequest) -> str:
    """Where the client was going before the login page, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("portal:client_home")


def _try_login(request: HttpRequest, account: str, password: str) -> str:
    """Log the client in, or say why not; attempts share the API's limits."""
    try:
        check_login_limits(account=account, ip=client_ip(request))
    except DomainError as exc:
        return str(exc.message)
    user = authenticate(
        request, username=canonical_username(account), password=password
    )
    if user is None:
        hint = registration.login_hint(account_name=account, password=password)
        return hint or _("账号或密码不正确。还没有账号？请点击“注册账号”。")
    if not _is_client(user):
        return _("中心工作人员请从中心后台登录。")
    login(request, user)
    return ""


def _is_client(user: object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and getattr(user, "is_client", False)
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")


@login_required
def client_home(request: HttpRequest) -> HttpResponse:
    """The organization's certificates and every document issued to it."""
    organization = getattr(request.user, "organization", None)
    if not _is_client(request.user) or organization is None:
        return redirect("portal:login")
    issued = documents.documents_for(organization)
    by_certificate: dict[int | None, list] = defaultdict(list)
    for document in issued:
        by_certificate[document.certificate_id].append(document)
    certificates = [
        (certificate, by_certificate.get(certificate.pk, []))
        for certificate in certificates_for(organization)
    ]
    context = {
        "organization": organization,
        "certificates": certificates,
        "other_documents": by_certificate.get(None, []),
        "new_count": sum(1 for d in issued if d.first_downloaded_at is None),
    }
    return render(request, "web/client_home.html", context)


@login_required
def document_download(request: HttpRequest, pk: str) -> HttpResponse:
    """The file, to its own organization only; anyone else gets the same 404."""
    try:
        document = documents.document_for_client(user=request.user, document_id=pk)
        delivery = documents.download_document(
            user=request.user, document=document, ip=client_ip(request)
        )
    except NotFound as exc:
        # The same bare 404 as for any missing page: nothing tells "not yours" apart
        # from "does not exist".
        raise Http404 from exc
    except DomainError as exc:
        return render(
            request, "web/error.html", {"message": exc.message}, status=exc.status
        )
    return file_response(
        delivery.data, filename=document.download_name, file_type=document.file_type
    )


def verify(request: HttpRequest) -> HttpResponse:
    """The public certificate check: by number, no login."""
    number = request.GET.get("number", "").strip()[:64]
    context: dict[str, object] = {"number": number}
    if number:
        ip = client_ip(request)
        if not ratelimit.hit(f"verify:ip:{ip}", limit=60, window_seconds=60):
            context["error"] = _("查询过于频繁，请一分钟后再试。")
            return render(request, "web/verify.html", context, status=429)
        try:
            context["certificate"] = check_certificate(number)
        except DomainError as exc:
            context["error"] = exc.message
    return render(request, "web/verify.html", context)
