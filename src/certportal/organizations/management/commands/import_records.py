"""Import the centre's records workbook: organizations, contacts, certificates."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from certportal.organizations.records import Outcome, RecordsFileError, Sheet
from certportal.organizations.services import ImportReport, RowReport, import_records


class Command(BaseCommand):
    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        # argparse needs plain text; translate once the language is known.
        self.help = _(
            "导入认证中心的记录表（工作表：获证组织、联系人、证书），可重复运行。"
            "默认列出被拒绝、有改动或有注意事项的行；"
            "-v 2 列出每一行，-v 0 只列出被拒绝的行。"
        )
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("记录表文件（.xlsx）"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("只检查并报告每一行的结果，不写入数据库"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            report = import_records(path=path, dry_run=options["dry_run"])
        except RecordsFileError as exc:
            raise CommandError(str(exc)) from exc

        if options["dry_run"]:
            self.stdout.write(self.style.WARNING(_("试运行：以下结果均未写入数据库")))
        for row in report.rows:
            if _worth_showing(row, options["verbosity"]):
                self.write_row(row)
        self.write_summary(report)

    def write_row(self, row: RowReport) -> None:
        line = _("%(sheet)s 第%(row)d行 %(outcome)s：%(label)s") % {
            "sheet": row.sheet.sheet_title,
            "row": row.row,
            "outcome": row.outcome.label,
            "label": row.label,
        }
        if row.changed:
            line += _("（改动：%(columns)s）") % {"columns": "、".join(row.changed)}
        if row.reason:
            line += _("。原因：%(reason)s") % {"reason": row.reason.message}
            self.stdout.write(self.style.ERROR(line))
        else:
            self.stdout.write(line)
        for warning in row.warnings:
            self.stdout.write(self.style.WARNING(_("    注意：%s") % warning.message))

    def write_summary(self, report: ImportReport) -> None:
        self.stdout.write(
            self.style.MIGRATE_HEADING(_("汇总（%s）") % report.file_name)
        )
        counts = report.counts()
        for sheet in Sheet:
            parts = [
                f"{outcome.label} {counts[sheet.value][outcome.value]}"
                for outcome in Outcome
            ]
            parts.append(_("有注意事项 %d") % counts[sheet.value]["warnings"])
            self.stdout.write(f"  {sheet.sheet_title}：{'，'.join(parts)}")
            ignored = report.ignored_columns.get(sheet)
            if ignored:
                self.stdout.write(_("    未导入的列：%s") % "、".join(ignored))
        if report.refused:
            self.stdout.write(self.style.ERROR(self.refusal_advice(report)))

    def refusal_advice(self, report: ImportReport) -> str:
        count = len(report.refused)
        if report.dry_run:
            return _("有 %d 行会被拒绝：请按上面的原因改正后再导入。") % count
        return (
            _("有 %d 行被拒绝：请按上面的原因改正后重新导入，其余各行已经导入。")
            % count
        )


def _worth_showing(row: RowReport, verbosity: int) -> bool:
    # Hundreds of "created" lines would hide the few rows an operator must act on.
    if verbosity >= 2 or row.outcome == Outcome.REFUSED:
        return True
    return verbosity == 1 and (row.outcome == Outcome.UPDATED or bool(row.warnings))
