"""make bench: how long each notebook takes, how much memory its kernel needs, and its floor.

For every notebook in course.yml: median wall time of 3 executions in a fresh kernel, the
kernel's peak resident memory, and the same for a notebook holding only its imports (the floor);
the ratio time / floor is the number to watch (the machine is shared, seconds are noisy). Then
the time of `make course` on a warm environment (nothing changed: it should only check hashes)
and of the test command. Everything goes to _build/bench.json; nothing here fails a test.

    .venv/bin/python benchmarks/notebooks.py [--runs 3] [--no-tests]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time

from coursekit import bench
from coursekit.paths import manifest, project_root
from seedsoil.course import load


def timed(cmd: list[str], cwd) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test command")
    args = parser.parse_args(argv)
    root = project_root()
    course = load(manifest(root))

    rows = []
    print(f"{'notebook':40} {'time s':>7} {'floor s':>7} {'ratio':>5} {'peak MB':>8} {'floor MB':>8}")
    for nb in course.notebooks:
        r = bench.measure(root / "notebooks" / nb.file, runs=args.runs)
        r["ratio"] = r["seconds"] / r["floor_seconds"]
        rows.append(r)
        print(
            f"{nb.file:40} {r['seconds']:7.2f} {r['floor_seconds']:7.2f} {r['ratio']:5.2f} "
            f"{r['peak_mb']:8.0f} {r['floor_peak_mb']:8.0f}",
            flush=True,
        )

    subprocess.run(["make", "course"], cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    warm = timed(["make", "course"], root)
    print(f"make course, nothing changed: {warm:.1f} s")
    tests = None
    if not args.no_tests:
        tests = timed(["make", "test"], root)
        print(f"make test: {tests:.1f} s")

    out = root / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": {
                    "python": sys.version.split()[0],
                    "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count(),
                },
                "runs": args.runs,
                "notebooks": rows,
                "make_course_warm_seconds": warm,
                "make_test_seconds": tests,
            },
            indent=1,
        )
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
