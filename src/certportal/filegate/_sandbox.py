"""Run one check of untrusted bytes in a child process with time and memory limits.

The child is ``python -m certportal.filegate._worker``: a fresh interpreter (not a
fork of the web process), started with a minimal environment so that the web
process's secrets never reach the process that parses hostile bytes. It sets its
own resource limits before reading the file; the parent enforces a wall clock.
"""

from __future__ import annotations

import json
import logging
import math
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from certportal.filegate.errors import Code, FileRejected

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 768
# The directory that holds the certportal package, for the child's import path.
_IMPORT_ROOT = Path(__file__).resolve().parents[2]
# Killed by its CPU limit (SIGXCPU, then SIGKILL at the hard limit): it was slow.
_SLOW_SIGNALS = frozenset({signal.SIGXCPU.value, signal.SIGKILL.value})


class SandboxFailure(RuntimeError):
    """The sandbox failed (no start, bad reply): our fault, not the file's."""


@dataclass(frozen=True)
class ChildResult:
    """What a child answered: its JSON header, optional binary payload and its cost."""

    header: dict[str, Any]
    payload: bytes
    elapsed: float
    peak_rss_kb: int


def run_sandboxed(
    op: str,
    data: bytes,
    *,
    params: dict[str, Any],
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> ChildResult:
    """Run worker operation `op` on `data`; raise FileRejected if it refuses."""
    limits = {"memory_mb": memory_mb, "cpu_seconds": math.ceil(timeout) + 1}
    command = [sys.executable, "-s", "-m", "certportal.filegate._worker", op]
    command.append(json.dumps({**params, **limits}))

    started = time.monotonic()
    completed = _run(command, data, op=op, timeout=timeout)
    elapsed = time.monotonic() - started

    _raise_if_killed(completed, op=op)
    header, payload = _parse_reply(completed, op=op)
    peak = int(header.pop("peak_rss_kb", 0))
    logger.debug(
        "filegate %s took %.3f s, peak RSS %d KB",
        op,
        elapsed,
        peak,
        extra={"filegate_op": op, "elapsed_s": elapsed, "peak_rss_kb": peak},
    )
    if "code" in header:
        raise FileRejected(
            header["code"], params=header.get("params"), reason=header.get("reason", "")
        )
    return ChildResult(
        header=header, payload=payload, elapsed=elapsed, peak_rss_kb=peak
    )


def _run(
    command: list[str], data: bytes, *, op: str, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=timeout,
            env=_child_environment(),
            cwd="/",
            check=False,
        )
    except subprocess.TimeoutExpired:
        # subprocess.run has already killed and reaped the child.
        logger.warning("filegate %s: child exceeded %.1f s, killed", op, timeout)
        raise FileRejected(Code.TIMEOUT, reason=f"{op} exceeded {timeout} s") from None
    except OSError as exc:
        raise SandboxFailure(f"cannot start the filegate child: {exc}") from exc


def _child_environment() -> dict[str, str]:
    return {
        "PATH": os.defpath,
        "PYTHONPATH": str(_IMPORT_ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LC_ALL": "C.UTF-8",
    }


def _raise_if_killed(completed: subprocess.CompletedProcess[bytes], *, op: str) -> None:
    if completed.returncode >= 0:
        return
    number = -completed.returncode
    name = signal.strsignal(number) or f"signal {number}"
    logger.warning("filegate %s: child killed by %s", op, name)
    code = Code.TIMEOUT if number in _SLOW_SIGNALS else Code.PDF_DAMAGED
    raise FileRejected(code, reason=f"{op} child killed by {name}")


def _parse_reply(
    completed: subprocess.CompletedProcess[bytes], *, op: str
) -> tuple[dict[str, Any], bytes]:
    line, _, payload = completed.stdout.partition(b"\n")
    if completed.returncode != 0 or not line:
        detail = completed.stderr[-2000:].decode("utf-8", "replace")
        raise SandboxFailure(
            f"filegate {op} child exited {completed.returncode}: {detail}"
        )
    header = json.loads(line)
    if not isinstance(header, dict):
        raise SandboxFailure(f"filegate {op} child sent {line[:200]!r}")
    return header, payload
