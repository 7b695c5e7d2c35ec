"""Issue a folder of files named as bulk exports name them: <number>_<kind>.<ext>."""

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from certportal.accounts import roles
from certportal.certificates.models import Certificate
from certportal.certificates.services import normalise_number
from certportal.core.errors import DomainError
from certportal.documents.models import DocumentKind
from certportal.documents.services import (
    ALREADY_ISSUED,
    check_duplicate,
    issue_document,
)
from certportal.filegate import check_upload
from certportal.filegate.errors import FileRejected

WITHDRAWAL = "withdrawal_notice"

# The words bulk exports put in file names, beside each kind's own name and code.
KIND_ALIASES = {
    "电子证书": "certificate",
    "审核报告": "audit_report",
    "保持通知书": "maintenance_notice",
    "发票": "invoice",
    "暂停通知书": "suspension_notice",
    "恢复通知书": "restoration_notice",
    "撤销通知书": WITHDRAWAL,
}

# Notices change the certificate's status, so the order matters: a restoration
# must come after the suspension it lifts, and a withdrawal (when asked for) after
# both, since nothing restores a withdrawn certificate. A centre's own kinds come
# next, invoices last.
ISSUE_ORDER = [
    "certificate",
    "audit_report",
    "maintenance_notice",
    "suspension_notice",
    "restoration_notice",
    WITHDRAWAL,
]
LAST = ["invoice"]


@dataclass
class Item:
    """One file of the folder and what it resolved to."""

    path: Path
    certificate: Certificate | None = None
    kind: DocumentKind | None = None
    problem: str = ""

    @property
    def rank(self) -> tuple[int, str, str]:
        code = self.kind.code if self.kind else ""
        if code in ISSUE_ORDER:
            position = ISSUE_ORDER.index(code)
        elif code in LAST:
            position = len(ISSUE_ORDER) + 1 + LAST.index(code)
        else:
            position = len(ISSUE_ORDER)
        number = self.certificate.number if self.certificate else ""
        return position, number, self.path.name


class Command(BaseCommand):
    help = _(
        "签发一个文件夹里的全部文件。文件名格式为“证书编号_资料类型.扩展名”，"
        "例如 99923Q21038R2M_审核报告.pdf；资料签发给证书所属的组织。"
        "已签发过的相同文件（同一证书、同一类型、同一 SHA-256）会跳过，可重复运行；"
        "已签发给其他组织的相同文件会被拒绝，须在签发页面核对后确认。"
        "撤销通知书会撤销证书，默认不签发，需要时加 --include-withdrawal。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help=_("要签发的文件所在的文件夹"))
        parser.add_argument(
            "--issuer", required=True, help=_("签发人：有签发角色的工作人员用户名")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("只检查并报告每个文件的结果，不签发"),
        )
        parser.add_argument(
            "--include-withdrawal",
            action="store_true",
            help=_("也签发撤销通知书（证书将变为撤销状态）"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(_("找不到文件夹：%s") % folder)
        issuer = self._issuer(options["issuer"])
        items = sorted(self._resolve(folder), key=lambda item: item.rank)
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING(_("试运行：不签发任何文件")))

        counts: Counter[str] = Counter()
        for index, item in enumerate(items, start=1):
            outcome, detail = self._process(item, issuer, options)
            counts[outcome] += 1
            self._write(index, len(items), item, outcome, detail, options)
        self._summary(counts, options)

    def _issuer(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.has_role(roles.ISSUER):
            raise CommandError(_("“%s”不是有签发角色的工作人员账号。") % username)
        return user

    def _resolve(self, folder: Path) -> list[Item]:
        kinds = _kinds_by_word()
        items = []
        # Hidden files (.DS_Store and the like) are not documents.
        for path in folder.iterdir():
            if path.is_file() and not path.name.startswith("."):
                items.append(_resolve_one(path, kinds))
        return items

    def _process(
        self, item: Item, issuer: Any, options: dict[str, Any]
    ) -> tuple[str, str]:
        """Issue one file; return the outcome and a detail for the report."""
        if item.problem or item.kind is None or item.certificate is None:
            return "refused", item.problem
        if item.kind.code == WITHDRAWAL and not options["include_withdrawal"]:
            return "held", _("撤销通知书默认不签发，需要时加 --include-withdrawal")

        data = item.path.read_bytes()
        try:
            # A file issued to another organization is refused, never confirmed:
            # a person looks at it on the issue page.
            check_duplicate(
                organization=item.certificate.organization,
                kind=item.kind,
                certificate=item.certificate,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        except DomainError as exc:
            if exc.code == ALREADY_ISSUED:
                return "skipped", _("相同文件已签发过")
            return "refused", str(exc.message)
        if options["dry_run"]:
            return _check_only(item, data)

        try:
            document = issue_document(
                organization=item.certificate.organization,
                kind=item.kind,
                certificate=item.certificate,
                data=data,
                filename=item.path.name,
                issuer=issuer,
                ip="",
            )
        except DomainError as exc:
            return "refused", str(exc.message)
        return "issued", f"SHA-256 {document.sha256}"

    def _write(
        self,
        index: int,
        total: int,
        item: Item,
        outcome: str,
        detail: str,
        options: dict[str, Any],
    ) -> None:
        if options["verbosity"] < 1 and outcome != "refused":
            return
        labels = {
            "issued": _("已签发"),
            "would_issue": _("可签发"),
            "skipped": _("跳过"),
            "held": _("暂不签发"),
            "refused": _("拒绝"),
        }
        target = f" → {item.certificate.organization.name}" if item.certificate else ""
        line = f"[{index}/{total}] {labels[outcome]} {item.path.name}{target}"
        if detail:
            line += f"：{detail}"
        style = {
            "issued": self.style.SUCCESS,
            "refused": self.style.ERROR,
            "held": self.style.WARNING,
        }.get(outcome, str)
        self.stdout.write(style(line))

    def _summary(self, counts: Counter[str], options: dict[str, Any]) -> None:
        issued = counts["would_issue"] if options["dry_run"] else counts["issued"]
        parts = [
            (_("可签发 %d") if options["dry_run"] else _("签发 %d")) % issued,
            _("跳过（已签发过）%d") % counts["skipped"],
            _("暂不签发（撤销通知书）%d") % counts["held"],
            _("拒绝 %d") % counts["refused"],
        ]
        self.stdout.write(self.style.MIGRATE_HEADING(_("汇总：") + "，".join(parts)))
        if counts["refused"]:
            self.stdout.write(
                self.style.ERROR(_("被拒绝的文件请按上面的原因处理后重新运行。"))
            )


def _kinds_by_word() -> dict[str, DocumentKind]:
    """Every word a file name may use for a kind: alias, name or code."""
    kinds = {kind.code: kind for kind in DocumentKind.objects.all()}
    words = {word: kinds[code] for word, code in KIND_ALIASES.items() if code in kinds}
    for kind in kinds.values():
        words[kind.name] = kind
        words[kind.code] = kind
    return words


def _resolve_one(path: Path, kinds: dict[str, DocumentKind]) -> Item:
    item = Item(path=path)
    # NFKC turns a full-width slash back into the "/" of a branch number, which a
    # file name cannot hold.
    number, sep, word = unicodedata.normalize("NFKC", path.stem).rpartition("_")
    if not sep or not number or not word:
        item.problem = _("文件名应为“证书编号_资料类型.扩展名”")
        return item
    item.kind = kinds.get(word.strip())
    if item.kind is None:
        item.problem = _("不认识的资料类型“%s”") % word
        return item
    if not item.kind.active:
        item.problem = _("资料类型“%s”已停用") % item.kind.name
        return item
    item.certificate = (
        Certificate.objects.select_related("organization")
        .filter(number=normalise_number(number))
        .first()
    )
    if item.certificate is None:
        item.problem = _("没有编号为“%s”的证书") % number
    return item


def _check_only(item: Item, data: bytes) -> tuple[str, str]:
    """The file gate's verdict, for a dry run that issues nothing."""
    assert item.kind is not None
    try:
        check_upload(data, filename=item.path.name, allowed=item.kind.allowed_types)
    except FileRejected as exc:
        return "refused", str(exc.message)
    return "would_issue", ""
