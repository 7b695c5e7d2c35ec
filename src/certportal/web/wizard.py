"""The registration wizard, in the order and with the names of the centre's guide:
准备资料 · 基本信息 · 验证手机 · 注册账号 · 等待审核; plus 注册进度查询.

What the client has done so far lives in the session under "reg"; each stage sends
the client back to the first stage not yet done, and the services check again.
"""

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from certportal.core.errors import DomainError
from certportal.core.net import client_ip
from certportal.core.responses import file_response
from certportal.organizations.models import Contact, Organization, name_key
from certportal.registration import services
from certportal.registration.letter import build_letter_docx, build_letter_pdf
from certportal.registration.models import Registration

# The stage names of the centre's guide. "注册账号" is also the name of a button,
# hence the context: in English the stage reads differently from the button.
STAGES = [
    pgettext_lazy("registration stage", "准备资料"),
    pgettext_lazy("registration stage", "基本信息"),
    pgettext_lazy("registration stage", "验证手机"),
    pgettext_lazy("registration stage", "注册账号"),
    pgettext_lazy("registration stage", "等待审核"),
]
SESSION_KEY = "reg"
LOOKUP_KEY = "reg_lookup"


def _state(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict):
        state = {"binding": secrets.token_urlsafe(24)}
        request.session[SESSION_KEY] = state
    return state


def _save(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = state
    request.session.modified = True


def _render(
    request: HttpRequest,
    template: str,
    stage: int,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    context = {"stages": STAGES, "stage": stage, **context}
    return render(request, f"web/register/{template}", context, status=status)


def register_menu(request: HttpRequest) -> HttpResponse:
    """注册账号: 注册新用户 or 注册进度查询."""
    return render(request, "web/register/menu.html")


def prepare(request: HttpRequest) -> HttpResponse:
    """准备资料: what to prepare, and the authorization letter to download."""
    state = _state(request)
    if request.GET.get("restart"):
        state = {"binding": secrets.token_urlsafe(24)}
    _save(request, state)
    organization = _known_organization(request.GET.get("org", "")) or _session_org(
        state
    )
    return _render(request, "prepare.html", 0, {"organization": organization})


def _known_organization(name: str) -> Organization | None:
    key = name_key(name[:200])
    return Organization.objects.filter(name_key=key).first() if key else None


def _session_org(state: dict[str, Any]) -> Organization | None:
    pk = state.get("org")
    return Organization.objects.filter(pk=pk).first() if pk else None


def letter_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The authorization letter as DOCX or PDF, the organization filled in when known."""
    if fmt not in ("docx", "pdf"):
        raise Http404
    organization = _known_organization(request.GET.get("org", "")) or _session_org(
        _state(request)
    )
    build = build_letter_docx if fmt == "docx" else build_letter_pdf
    data = build(
        centre_name=settings.CENTRE["name"],
        organization_name=organization.name if organization else None,
        portal_name=settings.CENTRE["portal_name"],
    )
    return file_response(data, filename=f"注册账号授权委托书.{fmt}", file_type=fmt)


def basic(request: HttpRequest) -> HttpResponse:
    """基本信息: the organization's full name, then a contact on file."""
    state = _state(request)
    context: dict[str, Any] = {"name": request.POST.get("name", "").strip()[:200]}
    if request.method != "POST":
        organization = _session_org(state)
        context["name"] = organization.name if organization else ""
        if organization:
            context.update(_contact_choice(organization, state.get("contact")))
        return _render(request, "basic.html", 1, context)

    try:
        organization = services.find_organization(context["name"])
    except DomainError as exc:
        context["error"] = exc.message
        return _render(request, "basic.html", 1, context, status=exc.status)
    if organization.pk != state.get("org"):
        state = {"binding": state["binding"], "org": organization.pk}
        _save(request, state)
    context["name"] = organization.name
    contact_id = request.POST.get("contact", "")
    context.update(_contact_choice(organization, contact_id))
    if request.POST.get("action") == "next":
        if not any(str(c.public_id) == contact_id for c in context["contacts"]):
            context["contact_error"] = _("请选择联系人。")
            return _render(request, "basic.html", 1, context, status=400)
        state.pop("ticket", None)
        state["contact"] = contact_id
        _save(request, state)
        return redirect("portal:reg_phone")
    return _render(request, "basic.html", 1, context)


def _contact_choice(organization: Organization, selected: object) -> dict[str, Any]:
    return {
        "organization": organization,
        "contacts": services.contacts_for(organization),
        "selected": str(selected or ""),
    }


def _needs(*keys: str) -> Callable[..., Any]:
    """Send the client back to the first stage whose result is missing."""
    back = {
        "org": "portal:reg_basic",
        "contact": "portal:reg_basic",
        "ticket": "portal:reg_phone",
    }

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest) -> HttpResponse:
            state = _state(request)
            for key in keys:
                if not state.get(key):
                    return redirect(back[key])
            return view(request, state)

        return wrapped

    return decorate


def _chosen(state: dict[str, Any]) -> tuple[Organization, Contact]:
    organization = Organization.objects.get(pk=state["org"])
    return organization, organization.contacts.get(public_id=state["contact"])


@_needs("org", "contact")
def phone(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    """验证手机: 获取验证码, then enter it."""
    organization, contact = _chosen(state)
    context: dict[str, Any] = {"organization": organization, "contact": contact}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "send":
                services.send_code(
                    organization=organization,
                    contact_id=state["contact"],
                    binding=state["binding"],
                    ip=client_ip(request),
                )
                context["sent"] = True
            else:
                state["ticket"] = services.verify_code(
                    organization=organization,
                    contact_id=state["contact"],
                    binding=state["binding"],
                    code=request.POST.get("code", "")[:12],
                )
                _save(request, state)
                return redirect("portal:reg_account")
        except DomainError as exc:
            context["error"] = exc.message
            context["sent"] = action != "send"
            # The 获取验证码 button counts down what the server still makes them wait.
            context["wait"] = getattr(exc, "retry_after", 0)
            return _render(request, "phone.html", 2, context, status=exc.status)
    return _render(request, "phone.html", 2, context)


@_needs("org", "contact", "ticket")
def account(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    """注册账号: account name, password and confirmation."""
    organization, contact = _chosen(state)
    context: dict[str, Any] = {
        "organization": organization,
        "contact": contact,
        "account": request.POST.get("account", "").strip()[:18],
    }
    if request.method == "POST":
        try:
            registration = services.create_registration(
                ticket=state["ticket"],
                binding=state["binding"],
                account_name=request.POST.get("account", ""),
                password=request.POST.get("password", ""),
                password2=request.POST.get("password2", ""),
                ip=client_ip(request),
            )
        except DomainError as exc:
            context["error"] = exc.message
            context["error_code"] = exc.code
            return _render(request, "account.html", 3, context, status=exc.status)
        request.session[SESSION_KEY] = {"binding": secrets.token_urlsafe(24)}
        request.session[LOOKUP_KEY] = str(registration.pk)
        return redirect("portal:reg_upload")
    return _render(request, "account.html", 3, context)


def _looked_up(request: HttpRequest) -> Registration | None:
    pk = request.session.get(LOOKUP_KEY)
    if not pk:
        return None
    return (
        Registration.objects.select_related("organization")
        .exclude(state=Registration.State.CANCELLED)
        .filter(pk=pk)
        .first()
    )


def upload(request: HttpRequest) -> HttpResponse:
    """等待审核: upload the signed and sealed letter (上传证明文件), then wait."""
    registration = _looked_up(request)
    if registration is None:
        return redirect("portal:reg_status")
    context: dict[str, Any] = {"registration": registration}
    if request.method == "POST":
        error = _handle_upload(request, registration)
        if error:
            context["error"] = error
            context["consent_checked"] = request.POST.get("consent") == "yes"
            return _render(request, "upload.html", 4, context, status=400)
        return redirect(reverse("portal:reg_upload") + "?done=1")
    # Once submitted, the page says so instead of offering the upload again.
    context["done"] = registration.state == Registration.State.SUBMITTED
    return _render(request, "upload.html", 4, context)


def _handle_upload(request: HttpRequest, registration: Registration) -> str:
    """Pass the uploaded file to the service; return the message of a refusal."""
    upload = request.FILES.get("letter")
    if upload is None:
        return _("请选择签字盖章后的授权委托书 PDF 文件。")
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        return _(
            "文件太大（超过 %(mb)d MB）。请降低扫描分辨率（200-300 dpi 即可）后重新上传。"
        ) % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
    try:
        services.upload_letter(
            registration=registration,
            data=upload.read(),
            filename=upload.name or "",
            consent=request.POST.get("consent") == "yes",
            ip=client_ip(request),
        )
    except DomainError as exc:
        return str(exc.message)
    return ""


def status(request: HttpRequest) -> HttpResponse:
    """注册进度查询: look a registration up by account and password; upload again."""
    context: dict[str, Any] = {"account": ""}
    if request.method == "POST" and request.POST.get("action") == "lookup":
        context["account"] = request.POST.get("account", "").strip()[:18]
        try:
            registration = services.lookup_registration(
                account_name=context["account"],
                password=request.POST.get("password", ""),
                ip=client_ip(request),
            )
        except DomainError as exc:
            context["error"] = exc.message
            return render(
                request, "web/register/status.html", context, status=exc.status
            )
        request.session.cycle_key()
        request.session[LOOKUP_KEY] = str(registration.pk)
        return redirect("portal:reg_status")

    looked_up = _looked_up(request)
    if request.method == "POST" and looked_up is not None:
        context["upload_error"] = _handle_upload(request, looked_up)
        context["consent_checked"] = request.POST.get("consent") == "yes"
        if not context["upload_error"]:
            return redirect("portal:reg_status")
        looked_up.refresh_from_db()
    context["registration"] = looked_up
    if looked_up is not None:
        context["letter"] = looked_up.current_letter
    return render(request, "web/register/status.html", context)
