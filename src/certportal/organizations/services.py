"""Business operations on organizations and their contacts."""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from certportal.audit.services import record
from certportal.certificates.services import sync_certificate
from certportal.core.crypto import lookup_hash

from .models import Contact, Organization, name_key
from .records import (
    COLUMNS,
    CertificateRecord,
    ContactRecord,
    Issue,
    OrganizationRecord,
    Outcome,
    ParsedRow,
    RowRefused,
    Sheet,
    apply_changes,
    read_workbook,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RowReport:
    """What importing one row of the workbook did, and why."""

    sheet: Sheet
    row: int
    outcome: Outcome
    label: str
    reason: Issue | None = None
    changed: tuple[str, ...] = ()
    warnings: tuple[Issue, ...] = ()


@dataclass
class ImportReport:
    """Every row's outcome, in sheet and row order."""

    file_name: str
    dry_run: bool
    rows: list[RowReport] = field(default_factory=list)
    ignored_columns: dict[Sheet, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per sheet: rows per outcome, and rows with warnings."""
        counts: dict[str, dict[str, int]] = {}
        for sheet in Sheet:
            rows = [row for row in self.rows if row.sheet == sheet]
            tally = Counter(row.outcome.value for row in rows)
            counts[sheet.value] = {
                outcome.value: tally[outcome.value] for outcome in Outcome
            }
            counts[sheet.value]["warnings"] = sum(1 for row in rows if row.warnings)
        return counts

    def row(self, sheet: Sheet, number: int) -> RowReport:
        """The report of one row, by its Excel row number."""
        return next(r for r in self.rows if r.sheet == sheet and r.row == number)

    @property
    def refused(self) -> list[RowReport]:
        return [row for row in self.rows if row.outcome == Outcome.REFUSED]


def import_records(
    *, path: Path, dry_run: bool = False, actor: Any = None
) -> ImportReport:
    """Import the centre's records workbook; a dry run keeps nothing."""
    records = read_workbook(path)
    report = ImportReport(
        file_name=path.name, dry_run=dry_run, ignored_columns=records.ignored_columns
    )
    with transaction.atomic():
        organizations = _OrganizationIndex()
        for row in records.organizations:
            _import_row(report, Sheet.ORGANIZATIONS, row, organizations.sync)
        organizations.remember_refused(report)
        for contact in records.contacts:
            _import_row(report, Sheet.CONTACTS, contact, organizations.sync_contact)
        for cert in records.certificates:
            _import_row(
                report, Sheet.CERTIFICATES, cert, organizations.sync_certificate
            )
        record(
            "records.imported",
            actor=actor,
            actor_label="" if actor else "import_records",
            file=path.name,
            sha256=records.sha256,
            counts=report.counts(),
        )
        if dry_run:
            transaction.set_rollback(True)
    logger.info("records import of %s: %s", path.name, report.counts())
    return report


def _import_row(
    report: ImportReport,
    sheet: Sheet,
    row: ParsedRow[Any],
    sync: Callable[[Any], tuple[Outcome, list[str]]],
) -> None:
    """Import one row in its own savepoint, so a failure leaves the others alone."""
    if row.refusal is not None:
        _add(report, sheet, row, Outcome.REFUSED, reason=row.refusal)
        return
    if row.duplicate_of is not None:
        _add(report, sheet, row, Outcome.UNCHANGED)
        return
    try:
        with transaction.atomic():
            outcome, changed = sync(row.record)
    except RowRefused as exc:
        _add(report, sheet, row, Outcome.REFUSED, reason=exc.issue)
    except IntegrityError:
        # Someone changed the same record meanwhile, or the data breaks a constraint
        # this import does not foresee: refuse the row, keep the rest.
        logger.warning("records import: %s row %d conflicts", sheet.value, row.row)
        _add(report, sheet, row, Outcome.REFUSED, reason=_conflict())
    else:
        labels = tuple(_column(sheet, name) for name in changed)
        _add(report, sheet, row, outcome, changed=labels)


def _add(
    report: ImportReport,
    sheet: Sheet,
    row: ParsedRow[Any],
    outcome: Outcome,
    *,
    reason: Issue | None = None,
    changed: tuple[str, ...] = (),
) -> None:
    report.rows.append(
        RowReport(
            sheet=sheet,
            row=row.row,
            outcome=outcome,
            label=row.label,
            reason=reason,
            changed=changed,
            warnings=tuple(row.warnings),
        )
    )


def _column(sheet: Sheet, attr: str) -> str:
    # The phone column fills either the mobile or the landline.
    return COLUMNS[sheet].get("phone" if attr == "landline" else attr, attr)


def _conflict() -> Issue:
    return Issue(
        "row.db_conflict",
        _("与系统中已有的记录冲突（可能有人正在修改同一记录）；请稍后重新导入"),
    )


class _OrganizationIndex:
    """Organizations by name key, as this import creates and finds them."""

    def __init__(self) -> None:
        self._known: dict[str, Organization] = {}
        self._refused: dict[str, int] = {}

    def sync(self, rec: OrganizationRecord) -> tuple[Outcome, list[str]]:
        outcome, changed, organization = _sync_organization(rec)
        self._known[organization.name_key] = organization
        return outcome, changed

    def sync_contact(self, rec: ContactRecord) -> tuple[Outcome, list[str]]:
        return _sync_contact(rec, self.find(rec.organization_name))

    def sync_certificate(self, rec: CertificateRecord) -> tuple[Outcome, list[str]]:
        return sync_certificate(
            record=rec, organization=self.find(rec.organization_name)
        )

    def remember_refused(self, report: ImportReport) -> None:
        """Remember refused organization rows, to name them to rows that need one."""
        for row in report.refused:
            if row.sheet == Sheet.ORGANIZATIONS:
                self._refused.setdefault(name_key(row.label), row.row)

    def find(self, name: str) -> Organization:
        """The organization a contact or certificate row names, or refuse the row."""
        key = name_key(name)
        if key not in self._known:
            found = Organization.objects.filter(name_key=key).first()
            if found is None:
                raise self._unknown(key, name)
            self._known[key] = found
        return self._known[key]

    def _unknown(self, key: str, name: str) -> RowRefused:
        if key in self._refused:
            return RowRefused(
                "organization.refused",
                _("组织「%(name)s」在获证组织表第%(row)d行被拒绝，本行因此无法导入")
                % {"name": name, "row": self._refused[key]},
            )
        return RowRefused(
            "organization.unknown",
            _("组织「%(name)s」不在获证组织表中，系统里也没有；请先补上该组织")
            % {"name": name},
        )


def _sync_organization(
    rec: OrganizationRecord,
) -> tuple[Outcome, list[str], Organization]:
    """Create or update the organization a records row describes."""
    organization = _match_organization(rec)
    values = {"address": rec.address, "classified": rec.classified, "note": rec.note}
    if rec.credit_code:
        # An empty cell never erases a code the centre entered before.
        values["credit_code"] = rec.credit_code
    if organization is None:
        created = Organization.objects.create(name=rec.name, **values)
        return Outcome.CREATED, [], created

    if organization.name_key != rec.key:
        values["name"] = rec.name
    changed = apply_changes(organization, values)
    if not changed:
        return Outcome.UNCHANGED, [], organization
    extra = ["name_key"] if "name" in changed else []
    organization.save(update_fields=[*changed, *extra, "updated_at"])
    return Outcome.UPDATED, changed, organization


def _match_organization(rec: OrganizationRecord) -> Organization | None:
    """First by credit code, then by name key; refuse when the two disagree."""
    by_name = Organization.objects.filter(name_key=rec.key).first()
    if rec.credit_code:
        by_code = Organization.objects.filter(credit_code=rec.credit_code).first()
        if by_code is not None:
            if by_name is not None and by_name != by_code:
                raise RowRefused(
                    "organization.name_taken",
                    _("系统中另一组织已用此名称，而信用代码属于「%(name)s」")
                    % {"name": by_code.name},
                )
            return by_code
        if by_name is not None and by_name.credit_code:
            raise RowRefused(
                "organization.code_differs",
                _("系统中同名组织的统一社会信用代码与本行不同；请核对"),
            )
    return by_name


def _sync_contact(
    rec: ContactRecord, organization: Organization
) -> tuple[Outcome, list[str]]:
    """Create or update a contact; matched by name and mobile, or name alone."""
    contact = _match_contact(rec, organization)
    values = {"role": rec.role, "email": rec.email}
    if not rec.mobile:
        values["landline"] = rec.landline
    if contact is None:
        Contact.objects.create(
            organization=organization, name=rec.name, mobile=rec.mobile, **values
        )
        return Outcome.CREATED, []

    changed = apply_changes(contact, values)
    if not changed:
        return Outcome.UNCHANGED, []
    contact.save(update_fields=[*changed, "updated_at"])
    return Outcome.UPDATED, changed


def _match_contact(rec: ContactRecord, organization: Organization) -> Contact | None:
    mobile_hash = lookup_hash(rec.mobile) if rec.mobile else ""
    return organization.contacts.filter(name=rec.name, mobile_hash=mobile_hash).first()
