"""make bench: how long each notebook takes, how much memory its kernel needs, and its floor.

For every notebook in course.yml: median wall time of 3 executions in a fresh kernel, the
kernel's peak resident memory, and the same for a notebook holding only its imports (the floor);
the ratio time / floor is the number to watch (the machine is shared, seconds are noisy). The
test and build loop is measured by benchmarks/loop.py. Everything goes to _build/bench.json
("notebooks"); nothing here fails a test.

    .venv/bin/python benchmarks/notebooks.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys

from coursekit import bench
from coursekit.paths import manifest, project_root
from seedsoil.course import load


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
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

    out = root / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    report = json.loads(out.read_text()) if out.exists() else {}
    report["machine"] = {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()}
    report["notebooks"] = {"runs": args.runs, "rows": rows}
    out.write_text(json.dumps(report, indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
