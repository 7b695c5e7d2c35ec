"""Production settings pass Django's deployment checklist and refuse unsafe defaults.

Each case starts manage.py in a fresh process, since settings are read once at import.
SECURITY.md row 26: `check --deploy` with production settings gives no warning.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

MANAGE = Path(__file__).resolve().parents[1] / "manage.py"


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a production server: real secrets, one host, nothing else."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CERTPORTAL_", "DJANGO_"))
        and name not in {"DATABASE_URL", "CACHE_URL"}
    }
    env.update(
        CERTPORTAL_ENV="production",
        CERTPORTAL_DATA_DIR=str(tmp_path / "data"),
        CERTPORTAL_SECRET_KEY=secrets.token_urlsafe(50),
        CERTPORTAL_FIELD_KEYS=Fernet.generate_key().decode(),
        CERTPORTAL_LOOKUP_KEY=secrets.token_hex(32),
        CERTPORTAL_ALLOWED_HOSTS="portal.example.test",
        DJANGO_SETTINGS_MODULE="certportal.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    # Development secrets are made only outside production.
    data_dir = Path(production_env["CERTPORTAL_DATA_DIR"])
    assert not (data_dir / "dev-secrets.json").exists()


def test_production_reads_the_secret_key_from_a_file(production_env, tmp_path):
    secret_key = production_env.pop("CERTPORTAL_SECRET_KEY")
    key_file = tmp_path / "secret_key"
    key_file.write_text(secret_key + "\n")
    production_env["CERTPORTAL_SECRET_KEY_FILE"] = str(key_file)

    # Reading the settings module is enough: no need to load every app.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        env={**production_env, "PYTHONPATH": str(MANAGE.parent / "src")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == secret_key


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"CERTPORTAL_SECRET_KEY": None}, "CERTPORTAL_SECRET_KEY must be set"),
        ({"CERTPORTAL_FIELD_KEYS": None}, "CERTPORTAL_FIELD_KEYS must be set"),
        ({"CERTPORTAL_LOOKUP_KEY": None}, "CERTPORTAL_LOOKUP_KEY must be set"),
        ({"CERTPORTAL_ALLOWED_HOSTS": None}, "CERTPORTAL_ALLOWED_HOSTS must be set"),
        ({"CERTPORTAL_DEBUG": "true"}, "CERTPORTAL_DEBUG must be off"),
        ({"CERTPORTAL_DEMO": "true"}, "CERTPORTAL_DEMO must be off"),
    ],
    ids=[
        "no-secret-key",
        "no-field-keys",
        "no-lookup-key",
        "no-hosts",
        "debug",
        "demo",
    ],
)
def test_production_refuses_to_start_on_an_unsafe_setting(
    production_env, change, complaint
):
    for name, value in change.items():
        if value is None:
            production_env.pop(name)
        else:
            production_env[name] = value

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr
