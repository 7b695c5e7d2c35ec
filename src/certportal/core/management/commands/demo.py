"""Fill a demo installation: the schema, the sample records, a staff login, documents.

Run by bin/demo. Safe to run again: the imports skip what is already there, and the
staff account is updated in place and keeps its password.
"""

import json
import logging
import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.certificates.models import Certificate
from certportal.documents.models import Document
from certportal.organizations.models import Contact, Organization

STAFF_USERNAME = "centre"
SAMPLE_ORGANIZATION = "北京海纳检测技术股份有限公司"


def shared_dir(option: Path | None) -> Path:
    """shared/ from --shared, CERTPORTAL_SHARED_DIR, beside the checkout, or demo/."""
    if option:
        return option
    configured = os.environ.get("CERTPORTAL_SHARED_DIR")
    if configured:
        return Path(configured)
    beside = Path(settings.PROJECT_DIR).parent / "shared"
    if (beside / "samples").is_dir():
        return beside
    # A clone of the repository alone carries a copy of the samples.
    return Path(settings.PROJECT_DIR) / "demo"


def display_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def boxed(lines: list[str]) -> str:
    width = max(display_width(line) for line in lines)
    rule = "─" * (width + 2)
    rows = [f"│ {line}{' ' * (width - display_width(line))} │" for line in lines]
    return "\n".join([f"┌{rule}┐", *rows, f"└{rule}┘"])


class Command(BaseCommand):
    help = (
        "Prepare a demo: migrate, import the sample records, create the staff login "
        f"'{STAFF_USERNAME}' with every role, issue the sample documents, and print "
        "how to try the portal. Needs CERTPORTAL_DEMO=true. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared",
            type=Path,
            help="the shared/ folder holding samples/ (default: CERTPORTAL_SHARED_DIR, "
            "else ../shared beside the checkout, else the copy in demo/)",
        )
        parser.add_argument(
            "--address",
            default="http://127.0.0.1:8000/",
            help="where the portal is served, for the summary",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # A superuser whose password is printed has no place on a real installation.
        if not settings.DEMO:
            raise CommandError("The demo runs only with CERTPORTAL_DEMO=true.")
        samples = shared_dir(options["shared"]) / "samples"
        records = samples / "centre-records.xlsx"
        documents = samples / "documents"
        if not records.is_file() or not documents.is_dir():
            raise CommandError(
                f"Sample files not found under {samples}; "
                "pass --shared or set CERTPORTAL_SHARED_DIR."
            )
        self.verbose = options["verbosity"] > 1
        self.log_path = Path(settings.DATA_DIR) / "demo-setup.log"

        with self.log_path.open("w", encoding="utf-8") as log:
            self.step("Database")
            self.run(log, "migrate", interactive=False)
            self.step("Sample records")
            self.run(log, "import_records", str(records))
            self.say(
                f"{Organization.objects.count()} organizations, "
                f"{Contact.objects.count()} contacts, "
                f"{Certificate.objects.count()} certificates"
            )
            self.step("Staff login")
            password = self.staff_login()
            self.step("Sample documents")
            self.run(log, "issue_documents", str(documents), issuer=STAFF_USERNAME)
            self.say(f"{Document.objects.count()} documents issued")
        if not self.verbose:
            self.say(f"(details in {self.log_path})")

        self.stdout.write("")
        self.stdout.write(self.summary(options["address"], password))

    def step(self, title: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"== {title}"))

    def say(self, text: str) -> None:
        self.stdout.write(f"   {text}")

    def run(self, log: TextIO, name: str, *args: Any, **options: Any) -> None:
        """Call a command; its row-by-row report goes to the log unless -v 2."""
        out: Any = self.stdout if self.verbose else log
        try:
            with self.quiet_logs():
                call_command(name, *args, stdout=out, stderr=out, **options)
        except Exception:
            if not self.verbose:
                log.flush()
                self.stderr.write(f"`{name}` failed; its report is in {self.log_path}")
            raise

    @contextmanager
    def quiet_logs(self) -> Iterator[None]:
        """Keep the services' INFO lines off the screen; warnings still show."""
        if self.verbose:
            yield
            return
        logging.disable(logging.INFO)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)

    def staff_login(self) -> str:
        """Create or update the staff superuser with every role; return its password."""
        user, created = User.objects.get_or_create(username=STAFF_USERNAME)
        user.is_staff = user.is_superuser = user.is_active = True
        user.first_name = user.first_name or "管理员"
        user.last_name = user.last_name or "演示"

        # The password survives re-runs (an open browser stays logged in). It is kept
        # in the demo data folder, never in the repository.
        stored = Path(settings.DATA_DIR) / "demo-login.json"
        password = (
            json.loads(stored.read_text()).get("password") if stored.exists() else ""
        )
        if not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            stored.write_text(
                json.dumps({"username": STAFF_USERNAME, "password": password})
            )
            stored.chmod(0o600)
        user.save()
        user.groups.add(*Group.objects.filter(name__in=roles.ALL))

        action = "created" if created else "updated"
        self.say(f"user '{STAFF_USERNAME}' {action}, roles: {', '.join(roles.ALL)}")
        return str(password)

    def summary(self, address: str, password: str) -> str:
        base = address.rstrip("/")
        lines = [
            "certportal demo is ready",
            "",
            f"Portal:             {base}/",
            f"Staff back office:  {base}/staff/",
            f"    user:      {STAFF_USERNAME}",
            f"    password:  {password}",
            f"Demo SMS inbox:     {base}/demo/sms/",
            f"Demo e-mail:        {settings.EMAIL_FILE_PATH}/",
            "",
            "Register a client account for a sample organization:",
            f"    {SAMPLE_ORGANIZATION}",
        ]
        organization = Organization.objects.filter(name=SAMPLE_ORGANIZATION).first()
        if organization is not None:
            if organization.credit_code:
                lines.append(f"    统一社会信用代码 {organization.credit_code}")
            for contact in organization.contacts.filter(active=True):
                if contact.mobile:
                    lines.append(
                        f"    contact on file: {contact.name} {contact.masked_mobile}"
                    )
        lines.append("    (the SMS codes it sends appear in the demo SMS inbox)")
        letter = Path(settings.PROJECT_DIR) / "demo/samples/letters/letter-scanned.pdf"
        lines.append("    signed letter to upload (it authorizes 王秀英):")
        lines.append(f"    {letter}")
        return boxed(lines)
