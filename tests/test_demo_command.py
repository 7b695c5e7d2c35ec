"""`manage.py demo` fills a demo installation and can be run again without harm."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.documents.models import Document
from certportal.organizations.models import Organization


@pytest.fixture
def demo_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DEMO = True
    settings.DATA_DIR = tmp_path
    return settings


def run_demo(shared_dir) -> str:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("demo", shared=shared_dir, stdout=out, stderr=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    match = re.search(r"password:\s+(\S+)", output)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_demo_refuses_to_run_outside_demo_mode(settings, shared_dir):
    settings.DEMO = False

    with pytest.raises(CommandError, match="CERTPORTAL_DEMO"):
        run_demo(shared_dir)

    assert not User.objects.filter(username="centre").exists()


@pytest.mark.django_db
def test_demo_prints_a_staff_login_that_holds_every_role(demo_settings, shared_dir):
    output = run_demo(shared_dir)

    staff = User.objects.get(username="centre")
    assert staff.is_staff and staff.is_superuser
    assert set(staff.groups.values_list("name", flat=True)) == set(roles.ALL)
    assert staff.check_password(printed_password(output))
    assert "/staff/" in output and "/demo/sms/" in output
    assert "北京海纳检测技术股份有限公司" in output
    assert Organization.objects.filter(name="北京海纳检测技术股份有限公司").exists()
    assert Document.objects.exists()


@pytest.mark.django_db
def test_running_the_demo_again_duplicates_nothing(demo_settings, shared_dir):
    first = run_demo(shared_dir)
    counts = (Organization.objects.count(), Document.objects.count())

    second = run_demo(shared_dir)

    assert (Organization.objects.count(), Document.objects.count()) == counts
    assert printed_password(second) == printed_password(first)
    assert User.objects.filter(username="centre").count() == 1
