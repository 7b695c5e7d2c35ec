"""Registration of an organization's administrator account, and its review.

The steps follow the centre's registration guide: find the organization, pick a
contact on file, verify that contact's mobile by SMS, choose an account, upload the
signed and sealed letter, wait for review. Each step checks that the one before it
was done (ASVS 2.3.1): the SMS step hands out a signed ticket that the account step
requires, so neither the web pages nor the API can skip it.
"""

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certportal.accounts import roles, verification
from certportal.audit.services import record
from certportal.core import calendar, ratelimit
from certportal.core.crypto import decrypt_bytes, encrypt_bytes
from certportal.core.errors import DomainError, NotFound, PermissionDenied, RateLimited
from certportal.filegate import check_upload
from certportal.filegate.errors import FileRejected
from certportal.organizations.models import Contact, Organization, name_key

from .models import Letter, Registration

logger = logging.getLogger(__name__)

ACCOUNT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,17}")
SMS_PURPOSE = "registration"
TICKET_SALT = "certportal.registration.phone-verified"
TICKET_MAX_AGE = 30 * 60
# The version of the consent text the client accepts before uploading the letter
# (PIPL art. 29: separate consent for the ID number the letter carries).
CONSENT_VERSION = "2026-12"
# A registration whose letter never came stops blocking its organization after this.
STALE_AFTER = timedelta(days=7)
State = Registration.State


def _hotline() -> str:
    return str(settings.CENTRE["technical_phone"])


def find_organization(name: str) -> Organization:
    """The organization a client names, if it may register."""
    key = name_key(name or "")
    if not key:
        raise DomainError("organization_name_required", _("请输入企业全称。"))
    organization = Organization.objects.filter(name_key=key).first()
    if organization is None:
        raise NotFound(
            "organization_unknown",
            _(
                "没有找到“%(name)s”。请输入与证书上一致的企业全称；"
                "如果名称无误，请拨打 %(phone)s 咨询。"
            )
            % {"name": name.strip()[:100], "phone": _hotline()},
        )
    if organization.classified:
        centre = settings.CENTRE
        raise DomainError(
            "organization_classified",
            _(
                "涉密单位请不要在平台注册，请与中心单独联系，从其他途径获取证书等资料。"
                "联系人：%(contact)s，电话：%(phone)s。"
            )
            % {
                "contact": centre["classified_contact"],
                "phone": centre["classified_phone"],
            },
            status=403,
        )
    if _active_registration(organization) is not None:
        raise DomainError(
            "already_registered", _already_registered_message(), status=409
        )
    return organization


def _active_registration(organization: Organization) -> Registration | None:
    """The organization's registration, after voiding one abandoned before upload.

    An account created but never followed by a letter would otherwise lock the
    organization out for good; after STALE_AFTER it gives way to a new attempt.
    """
    registration = (
        Registration.objects.filter(organization=organization)
        .exclude(state=State.CANCELLED)
        .first()
    )
    if (
        registration is not None
        and registration.state == State.AWAITING_LETTER
        and registration.created_at < timezone.now() - STALE_AFTER
    ):
        Registration.objects.filter(
            pk=registration.pk, state=State.AWAITING_LETTER
        ).update(state=State.CANCELLED, updated_at=timezone.now())
        record("registration.cancelled", obj=registration, reason="no letter")
        return None
    return registration


def _already_registered_message() -> str:
    return _(
        "该企业已经注册过，同一企业只允许注册一次。请使用已注册的账号登录，"
        "或在“注册进度查询”中查看进度；需要更换管理员请拨打 %(phone)s。"
    ) % {"phone": _hotline()}


def contacts_for(organization: Organization) -> list[Contact]:
    """The contacts on file who can receive an SMS code."""
    return [c for c in organization.contacts.filter(active=True) if c.mobile]


def _contact_of(organization: Organization, contact_id: str) -> Contact:
    try:
        contact = organization.contacts.get(public_id=contact_id, active=True)
    except (Contact.DoesNotExist, ValidationError, ValueError) as exc:
        raise DomainError("contact_unknown", _("请选择联系人。")) from exc
    if not contact.mobile:
        raise DomainError(
            "contact_no_mobile",
            _(
                "该联系人没有登记手机号，无法接收验证码。请选择其他联系人，或拨打 %(phone)s。"
            )
            % {"phone": _hotline()},
        )
    return contact


def send_code(
    *, organization: Organization, contact_id: str, binding: str, ip: str
) -> Contact:
    """Send the verification code to the chosen contact's mobile on file."""
    contact = _contact_of(organization, contact_id)
    verification.send_code(
        mobile=contact.mobile, purpose=SMS_PURPOSE, binding=binding, ip=ip
    )
    return contact


def verify_code(
    *, organization: Organization, contact_id: str, binding: str, code: str
) -> str:
    """Check the SMS code; return a ticket proving the phone step is done."""
    contact = _contact_of(organization, contact_id)
    if not re.fullmatch(r"\d{6}", (code or "").strip()):
        raise DomainError("code_format", _("请输入短信中的 6 位数字验证码。"))
    verification.check_code(
        mobile=contact.mobile, purpose=SMS_PURPOSE, binding=binding, code=code
    )
    return signing.dumps(
        {"o": organization.pk, "c": str(contact.public_id), "b": binding},
        salt=TICKET_SALT,
    )


def _read_ticket(ticket: str, binding: str) -> tuple[Organization, Contact]:
    try:
        data = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature as exc:
        raise DomainError(
            "phone_not_verified", _("请先完成手机验证。"), status=409
        ) from exc
    if data.get("b") != binding:
        raise DomainError("phone_not_verified", _("请先完成手机验证。"), status=409)
    organization = Organization.objects.get(pk=data["o"])
    return organization, organization.contacts.get(public_id=data["c"])


def check_account_name(account_name: str) -> str:
    """The account name if it is well formed and free, else a DomainError."""
    name = (account_name or "").strip()
    if not ACCOUNT_NAME.fullmatch(name):
        raise DomainError(
            "account_name_invalid",
            _("账号为 1-18 位字符，可以包含字母、数字或下划线，须以字母开头。"),
        )
    taken = (
        Registration.objects.filter(account_name__iexact=name)
        .exclude(state=State.CANCELLED)
        .exists()
        or get_user_model().objects.filter(username__iexact=name).exists()
    )
    if taken:
        raise DomainError("account_name_taken", _("该账号已被使用，请换一个。"))
    return name


def create_registration(
    *,
    ticket: str,
    binding: str,
    account_name: str,
    password: str,
    password2: str,
    ip: str,
) -> Registration:
    """Create the registration with the chosen account, after the phone step."""
    organization, contact = _read_ticket(ticket, binding)
    name = check_account_name(account_name)
    if password != password2:
        raise DomainError("password_mismatch", _("两次输入的密码不一致。"))
    try:
        # A stand-in account lets the validators refuse a password like the name.
        password_validation.validate_password(
            password, user=get_user_model()(username=name)
        )
    except ValidationError as exc:
        raise DomainError("password_weak", " ".join(exc.messages)) from exc

    # Hash before the transaction: hashing is slow on purpose and must not hold the
    # write lock.
    hashed = make_password(password)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                organization=organization,
                contact=contact,
                account_name=name,
                password=hashed,
            )
    except IntegrityError as exc:
        # The unique constraints decide races: one registration per organization and
        # one owner per account name, whatever the number of concurrent requests.
        if _active_registration(organization) is not None:
            raise DomainError(
                "already_registered", _already_registered_message(), status=409
            ) from exc
        raise DomainError(
            "account_name_taken", _("该账号已被使用，请换一个。")
        ) from exc
    record(
        "registration.created",
        obj=registration,
        ip=ip,
        actor_label=name,
        organization=organization.pk,
    )
    return registration


def upload_letter(
    *, registration: Registration, data: bytes, filename: str, consent: bool, ip: str
) -> Letter:
    """Store the signed letter and put the registration in the review queue."""
    if registration.state == State.SUBMITTED:
        raise DomainError(
            "letter_not_expected",
            _("证明文件已提交，正在等待审核。如需更换文件，请拨打 %(phone)s。")
            % {"phone": _hotline()},
        )
    if registration.state not in (State.AWAITING_LETTER, State.REJECTED):
        raise DomainError(
            "letter_not_expected", _("该注册申请已审核完毕，无需再上传。")
        )
    if not consent:
        raise DomainError(
            "consent_required",
            _(
                "请先阅读上传按钮上方的个人信息说明，勾选“我已阅读并同意”，再上传证明文件。"
            ),
        )
    try:
        checked = check_upload(data, filename=filename, allowed={"pdf"})
    except FileRejected as exc:
        record(
            "registration.letter_refused",
            obj=registration,
            result="denied",
            ip=ip,
            actor_label=registration.account_name,
            code=exc.code,
        )
        raise DomainError(exc.code, str(exc.message)) from exc

    stored = default_storage.save(
        f"letters/{uuid.uuid4().hex}.pdf.enc", ContentFile(encrypt_bytes(data))
    )
    now = timezone.now()
    with transaction.atomic():
        letter = Letter.objects.create(
            registration=registration,
            file=stored,
            sha256=checked.sha256,
            size=checked.size,
            page_count=checked.page_count or 0,
            original_name=checked.display_name,
            consent_version=CONSENT_VERSION,
        )
        registration.state = State.SUBMITTED
        registration.submitted_at = now
        registration.due_on = calendar.due_date(now, settings.REVIEW_WORKING_DAYS)
        registration.rejection_reason = ""
        registration.save()
    record(
        "registration.submitted",
        obj=registration,
        ip=ip,
        actor_label=registration.account_name,
        sha256=checked.sha256,
        due_on=registration.due_on.isoformat(),
    )
    return letter


def lookup_registration(*, account_name: str, password: str, ip: str) -> Registration:
    """The registration whose account and password these are (注册进度查询)."""
    name = (account_name or "").strip()[:18]
    allowed = ratelimit.hit(
        f"reglookup:a:{name.lower()}", limit=10, window_seconds=900
    ) and ratelimit.hit(f"reglookup:ip:{ip}", limit=30, window_seconds=900)
    if not allowed:
        record("registration.lookup", result="denied", ip=ip, actor_label=name)
        raise RateLimited("too_many_attempts", _("尝试次数过多，请 15 分钟后再试。"))
    registration = (
        Registration.objects.filter(account_name__iexact=name)
        .exclude(state=State.CANCELLED)
        .select_related("organization")
        .first()
    )
    if registration is None or not check_password(password, registration.password):
        record("registration.lookup", result="failed", ip=ip, actor_label=name)
        raise DomainError("lookup_failed", _("账号或密码不正确。"), status=401)
    return registration


def login_hint(*, account_name: str, password: str) -> str:
    """Why a registrant who cannot log in yet cannot, or "" (for the login page).

    Only someone who knows the password learns anything: nothing is revealed about
    accounts by name alone.
    """
    registration = (
        Registration.objects.filter(account_name__iexact=(account_name or "").strip())
        .exclude(state__in=[State.CANCELLED, State.APPROVED])
        .first()
    )
    if registration is None or not check_password(password, registration.password):
        return ""
    if registration.state == State.SUBMITTED:
        return _(
            "您的注册申请正在审核中，预计 %(due)s 前完成，审核通过后才能登录。"
            "可在“注册进度查询”中查看进度。"
        ) % {"due": date_format(registration.due_on) if registration.due_on else "—"}
    if registration.state == State.REJECTED:
        return _(
            "您的注册申请未通过审核，请到“注册进度查询”查看原因，并重新上传证明文件。"
        )
    return _("您还没有上传证明文件，请到“注册进度查询”上传后等待审核。")


@dataclass
class QueueEntry:
    registration: Registration
    overdue: bool


def is_overdue(registration: Registration, today: date | None = None) -> bool:
    """Whether a registration still waits for review past its due date."""
    today = today or timezone.localdate()
    due = registration.due_on
    return registration.state == State.SUBMITTED and due is not None and due < today


def review_queue() -> list[QueueEntry]:
    """Registrations waiting for review, the most urgent first."""
    today = timezone.localdate()
    pending = (
        Registration.objects.filter(state=State.SUBMITTED)
        .select_related("organization", "contact")
        .order_by("due_on", "submitted_at")
    )
    return [QueueEntry(r, is_overdue(r, today)) for r in pending]


def _require_reviewer(user: object) -> None:
    if not getattr(user, "has_role", None) or not user.has_role(roles.REVIEWER):  # type: ignore[attr-defined]
        raise PermissionDenied("not_reviewer", _("只有审核人员可以审核注册申请。"))


def letter_bytes(*, letter: Letter, reader: object, ip: str) -> bytes:
    """The letter's bytes, for a reviewer; every read is recorded (PIPL)."""
    _require_reviewer(reader)
    with default_storage.open(letter.file.name, "rb") as handle:
        data = decrypt_bytes(handle.read())
    record("registration.letter_viewed", actor=reader, obj=letter.registration, ip=ip)
    return data


def approve_registration(
    *, registration: Registration, reviewer: object, ip: str
) -> object:
    """Approve: the organization's administrator account is created and can log in."""
    _require_reviewer(reviewer)
    User = get_user_model()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.state != State.SUBMITTED:
            raise DomainError("not_pending", _("该申请不在待审核状态。"), status=409)
        if User.objects.filter(username__iexact=locked.account_name).exists():
            raise DomainError("account_name_taken", _("该账号已被使用，请换一个。"))
        account = User(username=locked.account_name, organization=locked.organization)
        account.password = locked.password
        account.save()
        locked.account = account
        locked.state = State.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = reviewer  # type: ignore[assignment]
        locked.save()
    record("registration.approved", actor=reviewer, obj=locked, ip=ip)
    return account


def reject_registration(
    *, registration: Registration, reviewer: object, reason: str, ip: str
) -> Registration:
    """Reject with a reason the client will read; the client may upload again."""
    _require_reviewer(reviewer)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("请填写未通过的原因，客户会看到它。"))
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.state != State.SUBMITTED:
            raise DomainError("not_pending", _("该申请不在待审核状态。"), status=409)
        locked.state = State.REJECTED
        locked.rejection_reason = reason[:1000]
        locked.decided_at = timezone.now()
        locked.decided_by = reviewer  # type: ignore[assignment]
        locked.save()
    record("registration.rejected", actor=reviewer, obj=locked, ip=ip)
    return locked
