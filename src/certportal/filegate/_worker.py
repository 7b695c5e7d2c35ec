"""Sandbox child: check or render one untrusted PDF, then exit.

Usage: ``python -m certportal.filegate._worker OP PARAMS_JSON`` with the file on
stdin. Replies on stdout with one JSON line, then an optional binary payload.
A refusal is a normal reply ({"code": ...}); exit status 0 either way.
Imports stay light (no Django): the parent translates codes into messages.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

Reply = tuple[dict[str, Any], bytes]
MAX_OPEN_FILES = 64


def main(argv: list[str]) -> int:
    """Apply the limits, run the operation named in argv on stdin, reply on stdout."""
    reply_to = _claim_stdout()
    op, params = argv[1], json.loads(argv[2])
    _limit_resources(memory_mb=params["memory_mb"], cpu_seconds=params["cpu_seconds"])

    data = sys.stdin.buffer.read()
    header, payload = _operation(op)(data, params)
    header["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reply_to.write(json.dumps(header).encode("ascii") + b"\n" + payload)
    reply_to.flush()
    return 0


def _claim_stdout() -> BinaryIO:
    # Keep the real stdout for the reply and point fd 1 at stderr, so that a
    # library printing to stdout cannot corrupt the reply.
    reply_to = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    return reply_to


def _limit_resources(*, memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # No file may be written; without this signal a write would kill us instead
    # of failing with an error.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))


def _operation(op: str) -> Callable[[bytes, dict[str, Any]], Reply]:
    # Imported here, after the limits are set: only the child loads these.
    if op == "check_pdf":
        from certportal.filegate._pdf_inspect import inspect_pdf

        return inspect_pdf
    if op == "render_pdf_page":
        from certportal.filegate._pdf_render import render_page

        return render_page
    raise ValueError(f"unknown operation {op!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
