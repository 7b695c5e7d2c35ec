from django.db import migrations

# The seven kinds of SPEC.md; a centre may rename them or add its own later.
KINDS = [
    ("certificate", "电子版证书", "Electronic certificate", "pdf", True, ""),
    ("audit_report", "审核报告", "Audit report", "pdf", True, ""),
    ("maintenance_notice", "保持通知书", "Maintenance notice", "pdf", True, ""),
    ("invoice", "发票", "Invoice", "pdf,ofd,xml", False, ""),
    ("suspension_notice", "暂停通知书", "Suspension notice", "pdf", True, "suspended"),
    ("withdrawal_notice", "撤销通知书", "Withdrawal notice", "pdf", True, "withdrawn"),
    ("restoration_notice", "恢复通知书", "Restoration notice", "pdf", True, "valid"),
]


def add_kinds(apps, schema_editor):
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for position, (code, name, name_en, types, needs, status) in enumerate(KINDS):
        DocumentKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "file_types": types,
                "needs_certificate": needs,
                "sets_certificate_status": status,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
