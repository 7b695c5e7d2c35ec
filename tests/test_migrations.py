"""The models and the migrations agree: no change is waiting for a migration."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()

    # --check exits with status 1 (SystemExit) when a migration would be made.
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(
            f"makemigrations would create migrations:\n{out.getvalue()}"
            f" (exit {exc.code})"
        )
