"""Run the benchmarks; print each as a ratio against its baseline."""

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certportal.settings")
os.environ.setdefault(
    "CERTPORTAL_DATA_DIR", tempfile.mkdtemp(prefix="certportal-bench-")
)
SHARED = Path(os.environ.get("CERTPORTAL_SHARED_DIR", ROOT.parent / "shared"))


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def report(name: str, measured: float, baseline: float, goal: float) -> None:
    ratio = measured / baseline
    verdict = "ok" if ratio <= goal else "OVER GOAL"
    print(  # noqa: T201 (a benchmark reports on stdout)
        f"{name:<40} {measured * 1000:9.1f} ms  baseline {baseline * 1000:8.1f} ms  ratio {ratio:6.1f}x  (goal ≤ {goal}x) {verdict}"
    )


def bench_gate() -> None:
    from certportal.filegate import check_upload
    from certportal.filegate._pdf_inspect import inspect_pdf

    for path in sorted((SHARED / "samples/letters").glob("letter-*.pdf")):
        data = path.read_bytes()
        if path.name == "letter-needs-password.pdf":
            continue

        def bare(data: bytes = data) -> None:
            # The least any process isolation costs: start a Python that imports
            # pikepdf, then the same inspection done in this process.
            subprocess.run([sys.executable, "-s", "-c", "import pikepdf"], check=True)
            inspect_pdf(data, {"max_pages": 10})

        measured = best_of(
            3,
            lambda data=data, path=path: check_upload(
                data, filename=path.name, allowed={"pdf"}
            ),
        )
        report(f"gate {path.name}", measured, best_of(3, bare), 2)


def bench_import() -> None:
    import django

    django.setup()
    import openpyxl
    from django.core.management import call_command

    from bench.make_records import write
    from certportal.organizations.services import import_records

    call_command("migrate", verbosity=0)
    path = Path(tempfile.mkdtemp()) / "records.xlsx"
    write(path, 2000)

    def bare() -> None:
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book:
            for _row in sheet.iter_rows(values_only=True):
                pass

    baseline = best_of(1, bare)
    measured = best_of(1, lambda: import_records(path=path))
    report("import 2000 organizations (first run)", measured, baseline, 20)
    again = best_of(1, lambda: import_records(path=path))
    report("import 2000 organizations (no change)", again, baseline, 20)


BENCHES = {"gate": bench_gate, "import": bench_import}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHES):
        BENCHES[name]()
