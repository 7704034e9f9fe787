"""make bench: the contributor's loop, as ratios to its floor (strict nbval alone).

Everything runs in a fresh clone of the committed project (so that work in progress neither
disturbs nor is measured), in one run:

- ``make course`` from nothing (venv, packages, web assets, build), then with nothing changed,
  then after one notebook changed (medians);
- alternating, so that the machine's load falls on all of them alike: strict nbval alone over
  every notebook (``pytest -n 2 notebooks/``), the floor; ``make check`` (the edit loop) and
  ``make test`` (everything), with their ratios to the floor; the ten slowest tests of make test.

Goals (issue 28): make test at most 3x nbval, make check at most 1.3x; a no-change make course at
most 2 s, one notebook changed at most 3 s, a fresh one at most 60 s. Nothing here fails a test:
the numbers go to _build/bench.json ("loop") and are printed.

    .venv/bin/python benchmarks/loop.py [--runs 2] [--no-tests]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coursekit.paths import project_root


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}")
    return seconds, done.stdout


def slowest(output: str, n: int = 10) -> list[str]:
    return [line.strip() for line in output.splitlines() if re.match(r"^\d+\.\d+s (call|setup|teardown) ", line)][:n]


def edit_one_notebook(root: Path) -> None:
    """Change one word in a Markdown cell of one notebook, as a contributor fixing a typo does."""
    path = root / "notebooks" / "03_seed_and_soil.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and len("".join(c["source"])) > 200)
    cell["source"][-1] += " "
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2, help="runs of each test command (default 2)")
    parser.add_argument("--no-tests", action="store_true", help="only the build times")
    args = parser.parse_args(argv)
    root = project_root()
    result: dict = {
        "goals": {"test_ratio": 3.0, "check_ratio": 1.3, "no_change_s": 2, "one_notebook_s": 3, "fresh_course_s": 60}
    }

    with tempfile.TemporaryDirectory(prefix="seedsoil-bench-") as tmp:
        clone = Path(tmp) / "course"
        subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
        fresh, _ = timed(["make", "course"], clone)
        same = [timed(["make", "course"], clone)[0] for _ in range(5)]
        one = []
        for _ in range(3):
            edit_one_notebook(clone)
            one.append(timed(["make", "course"], clone)[0])
        subprocess.run(["git", "checkout", "-q", "notebooks/"], cwd=clone, check=True)
        result.update(
            fresh_make_course_s=fresh,
            no_change_make_course_s=statistics.median(same),
            one_notebook_make_course_s=statistics.median(one),
        )
        print(f"make course in a fresh clone: {fresh:.1f} s (goal 60 s; uv or pip, and npm, included)")
        print(f"make course, nothing changed: median {result['no_change_make_course_s']:.2f} s (goal 2 s)")
        print(f"make course, one notebook changed: median {result['one_notebook_make_course_s']:.2f} s (goal 3 s)")

        if not args.no_tests:
            python = str(clone / ".venv" / "bin" / "python")
            nbval_cmd = [python, "-m", "pytest", "-n", "2", "-q", "notebooks/"]
            nbval, check, test, ten = [], [], [], []
            for _ in range(args.runs):
                nbval.append(timed(nbval_cmd, clone)[0])
                check.append(timed(["make", "check"], clone)[0])
                nbval.append(timed(nbval_cmd, clone)[0])
                seconds, output = timed(["make", "test", "PYTEST_ARGS=--durations=10"], clone)
                test.append(seconds)
                ten = slowest(output)
            floor = statistics.median(nbval)
            result.update(
                nbval_alone_s=nbval,
                make_check_s=check,
                make_test_s=test,
                check_ratio=statistics.median(check) / floor,
                test_ratio=statistics.median(test) / floor,
                slowest_tests=ten,
            )
            print(f"strict nbval alone: median {floor:.1f} s of {[round(x, 1) for x in nbval]}")
            print(f"make check: {[round(x, 1) for x in check]} s, {result['check_ratio']:.2f}x nbval (goal 1.3x)")
            print(f"make test:  {[round(x, 1) for x in test]} s, {result['test_ratio']:.2f}x nbval (goal 3x)")
            print("ten slowest tests of make test:")
            for line in ten:
                print(f"  {line}")
        shutil.rmtree(clone, ignore_errors=True)

    out = root / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    bench = json.loads(out.read_text()) if out.exists() else {}
    bench["loop"] = result
    out.write_text(json.dumps(bench, indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
