"""make bench: what a class costs on a JupyterHub, measured on the local hub (issue 29).

Starts the hub of hub/jupyterhub_config.py on free ports of 127.0.0.1, then N students at once
(default 10): each user's server is spawned, pulls the student notebooks with nbgitpuller, and
runs lesson 00's setup cell and first exercise in a kernel, as a student's first minutes in class.
Reported: the hub's start-up, each student's spawn and first-feedback times (median and slowest),
the memory of one student (their server plus its kernel, resident), of the hub and its proxy, and
how many of the N got their feedback: the users this machine sustained. The kernel's memory for
each whole lesson is measured by benchmarks/notebooks.py (peak MB). Everything goes to
_build/bench.json ("hub"); nothing here fails a test.

    .venv/bin/python benchmarks/hub.py [--users 10]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coursekit.hub import TARGET, LocalHub, free_ports, memory_mb, setup_and_first_exercise, student_repo
from coursekit.paths import project_root


def _first_minutes(hub: LocalHub, name: str, repo: Path) -> dict:
    """One student: spawn, pull, setup and the first exercise; the seconds of each, and their memory."""
    t0 = time.monotonic()
    spawn = hub.start_server(name)
    token = hub.user_token(name)
    hub.pull(name, token, f"file://{repo}")
    setup, exercise = setup_and_first_exercise(hub.contents(name, token, f"{TARGET}/00_start_here.ipynb")["content"])
    kernel = hub.kernel(name, token)
    hub.run(name, token, kernel, setup)
    result = hub.run(name, token, kernel, exercise.replace("answer = ...", "answer = 10", 1))
    if "[ex00-1]" not in result.output:
        raise RuntimeError(f"{name}: no feedback ({result})")
    return {"spawn_s": spawn, "first_feedback_s": time.monotonic() - t0, "mb": memory_mb(hub.server_pid(name))}


def _hub_and_proxy_mb(pid: int) -> float:
    """The hub's own memory and its proxy's (the users' servers are its children too: not counted)."""
    import psutil

    hub = psutil.Process(pid)
    proxies = [c for c in hub.children() if "configurable-http-proxy" in " ".join(c.cmdline())]
    return sum(p.memory_info().rss for p in [hub, *proxies]) / 2**20


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10)
    args = parser.parse_args(argv)
    root = project_root()
    if not (root / "_build" / "student").is_dir():
        print("benchmarks/hub.py: build the course first (make course)", file=sys.stderr)
        return 1
    names = [f"student{k:02d}" for k in range(1, args.users + 1)]
    with tempfile.TemporaryDirectory(prefix="seedsoil-hub-bench-") as tmp:
        folder = Path(tmp)
        repo = student_repo(root, root / "_build", folder / "course")
        t0 = time.monotonic()
        with LocalHub(root, folder, free_ports()) as hub:
            start_s = time.monotonic() - t0
            hub.add_users(names)
            t1 = time.monotonic()
            done, failed = {}, {}
            with concurrent.futures.ThreadPoolExecutor(max_workers=len(names)) as pool:
                futures = {pool.submit(_first_minutes, hub, name, repo): name for name in names}
                for future in concurrent.futures.as_completed(futures):
                    try:
                        done[futures[future]] = future.result()
                    except Exception as error:  # a student who got no feedback is counted, not fatal
                        failed[futures[future]] = str(error)[:200]
            wall_s = time.monotonic() - t1
            hub_mb = _hub_and_proxy_mb(hub.process.pid)
    rows = list(done.values())
    report = {
        "users": args.users,
        "sustained": len(done),
        "failed": failed,
        "cpus": os.cpu_count(),
        "hub_start_s": round(start_s, 2),
        "all_first_feedback_s": round(wall_s, 1),
        "spawn_s_median": round(statistics.median(r["spawn_s"] for r in rows), 1) if rows else None,
        "first_feedback_s_median": round(statistics.median(r["first_feedback_s"] for r in rows), 1) if rows else None,
        "first_feedback_s_max": round(max(r["first_feedback_s"] for r in rows), 1) if rows else None,
        "student_mb_median": round(statistics.median(r["mb"] for r in rows)) if rows else None,
        "student_mb_max": round(max(r["mb"] for r in rows)) if rows else None,
        "hub_and_proxy_mb": round(hub_mb),
    }
    out = root / "_build" / "bench.json"
    whole = json.loads(out.read_text()) if out.exists() else {}
    lessons = [r["peak_mb"] for r in whole.get("notebooks", {}).get("rows", [])]
    if lessons:  # a student's server while the heaviest lesson's kernel runs
        report["lesson_kernel_peak_mb_max"] = round(max(lessons))
    whole["hub"] = report
    out.write_text(json.dumps(whole, indent=1))
    print(
        f"hub: {len(done)} of {args.users} students got their first feedback, all within {wall_s:.0f} s "
        f"(each: median {report['first_feedback_s_median']} s, slowest {report['first_feedback_s_max']} s; "
        f"spawn median {report['spawn_s_median']} s) on {os.cpu_count()} cores; hub up in {start_s:.1f} s"
    )
    print(
        f"memory: one student (server + lesson 00's kernel) median {report['student_mb_median']} MB, "
        f"largest {report['student_mb_max']} MB; hub and proxy {report['hub_and_proxy_mb']} MB"
        + (f"; heaviest lesson's kernel peak {report['lesson_kernel_peak_mb_max']} MB" if lessons else "")
    )
    print(f"wrote {out}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
