"""The child process: fresh, light, limited, and its deaths mapped to codes."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from certportal.filegate import Code, FileRejected, SandboxFailure
from certportal.filegate._sandbox import (
    _child_environment,
    _raise_if_killed,
    run_sandboxed,
)


def run_in_child(code: str) -> str:
    """Run Python code with the environment and import path the sandbox gives."""
    completed = subprocess.run(
        [sys.executable, "-s", "-c", code],
        env=_child_environment(),
        capture_output=True,
        check=True,
        cwd="/",
    )
    return completed.stdout.decode().strip()


def test_child_environment_carries_no_secrets_of_the_web_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DJANGO_SECRET_KEY", "do-not-leak")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@db/certportal")

    environment = _child_environment()

    assert set(environment) == {
        "PATH",
        "PYTHONPATH",
        "PYTHONDONTWRITEBYTECODE",
        "LC_ALL",
    }
    assert "do-not-leak" not in str(environment)


def test_child_never_imports_django() -> None:
    loaded = run_in_child(
        "import sys, certportal.filegate._worker, certportal.filegate._pdf_inspect,"
        " certportal.filegate._pdf_render;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )

    assert loaded == "[]"


def test_child_limits_memory_cpu_and_file_writes(tmp_path: Path) -> None:
    target = tmp_path / "written-by-child"
    report = run_in_child(
        "import resource\n"
        "from certportal.filegate._worker import _limit_resources\n"
        "_limit_resources(memory_mb=256, cpu_seconds=5)\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0] >> 20,"
        " resource.getrlimit(resource.RLIMIT_CPU)[0],"
        " resource.getrlimit(resource.RLIMIT_FSIZE)[0])\n"
        "try:\n"
        "    hog = bytearray(512 * 1024 * 1024)\n"
        "    print('allocated')\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
        "try:\n"
        f"    open({str(target)!r}, 'wb', buffering=0).write(b'x')\n"
        "    print('wrote')\n"
        "except OSError:\n"
        "    print('write refused')\n"
    )

    assert report.splitlines() == ["256 5 0", "MemoryError", "write refused"]
    # RLIMIT_FSIZE stops writing, not creating: an empty file may appear.
    assert target.stat().st_size == 0


@pytest.mark.parametrize(
    ("returncode", "code"),
    [
        (-signal.SIGXCPU, Code.TIMEOUT),
        (-signal.SIGKILL, Code.TIMEOUT),
        (-signal.SIGSEGV, Code.PDF_DAMAGED),
        (-signal.SIGABRT, Code.PDF_DAMAGED),
        (-signal.SIGBUS, Code.PDF_DAMAGED),
    ],
)
def test_a_child_killed_by_a_signal_becomes_a_refusal(
    returncode: int, code: Code
) -> None:
    completed: subprocess.CompletedProcess[bytes]
    completed = subprocess.CompletedProcess(args=[], returncode=returncode)

    with pytest.raises(FileRejected) as refused:
        _raise_if_killed(completed, op="check_pdf")

    assert refused.value.code == code


def test_an_unknown_operation_is_our_failure_not_the_files() -> None:
    with pytest.raises(SandboxFailure):
        run_sandboxed("format_disk", b"%PDF-1.7", params={})


def test_peak_memory_of_a_sample_check_is_reported() -> None:
    from . import hostile

    data = hostile.pdf_bytes(hostile.blank_pdf())

    result = run_sandboxed("check_pdf", data, params={"max_pages": 10})

    assert 10_000 < result.peak_rss_kb < 512 * 1024
    assert result.header["page_count"] == 1
