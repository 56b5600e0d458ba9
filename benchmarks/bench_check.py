"""Time ``pdca check`` against a bare PyYAML C load of the same synthetic registers.

    python benchmarks/bench_check.py [--sizes 1k,10k] [--repeat 3] [--root /tmp/pdca-bench]

Generates the registers that are missing (benchmarks/generate.py, reused when their stamp matches), then
for each size runs, side by side and ``--repeat`` times:

  (a) a fresh interpreter that loads every register file with ``yaml.load(f, Loader=yaml.CSafeLoader)``
      (wall time including start-up, and the load alone as measured inside that process);
  (a2) the same with the cyclic garbage collector switched off (the fastest bare parse: pdca switches
      it off too, see performance-notes.md);
  (b) ``python -m pdca check DIR --as-of 2024-06-30 --format json --no-cache`` with the same
      interpreter: a cold check (nothing cached), its CPU seconds (its own and its children's: the
      processes that parse a large register's files) and its peak resident memory;

and prints the medians, pdca's exit code, the ratio (b)/(a) and pdca's CPU/wall (above 1: more than one
core at work). ``--as-of 2026-03-31`` checks the same register on a day when thousands of its entries are
overdue: a run with thousands of diagnostics. A measurement, not a test: no asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling script)

AS_OF = "2024-06-30"

# Runs in a fresh interpreter: prints (load time, time since the first line of the script).
BARE_LOAD = r"""
import gc, sys, time
t0 = time.perf_counter()
if sys.argv[2:] == ["nogc"]:
    gc.disable()
import yaml
from pathlib import Path
root = Path(sys.argv[1])
files = sorted([root / "pdca.yaml", *root.glob("risks/*.yaml"), *root.glob("checks/*.yaml"),
                *root.glob("activities/*.yaml")])
t1 = time.perf_counter()
for path in files:
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
t2 = time.perf_counter()
print(f"{t2 - t1:.6f} {t2 - t0:.6f} {len(files)}")
"""


def register_files(root: Path) -> list[Path]:
    return sorted([root / "pdca.yaml", *root.glob("risks/*.yaml"), *root.glob("checks/*.yaml"),
                   *root.glob("activities/*.yaml")])


LAST_USAGE: dict[str, float] = {}  # CPU seconds and peak MB of the last `timed` command (POSIX)


def timed(cmd: list[str], timeout: float) -> tuple[float, subprocess.CompletedProcess[str] | None]:
    """Wall seconds and the finished process; its CPU seconds (with its children's) and peak resident
    MB go to LAST_USAGE where the system reports them (the difference of RUSAGE_CHILDREN)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    LAST_USAGE.clear()
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, None
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    LAST_USAGE.update(cpu=cpu, mb=after.ru_maxrss / 1024)  # the largest child so far: run the largest last
    return wall, proc


def pdca_available() -> tuple[bool, str]:
    probe = "import importlib.util as u, sys; sys.exit(0 if u.find_spec('pdca') and u.find_spec('pdca.__main__') else 3)"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    if proc.returncode == 0:
        return True, ""
    if proc.returncode == 3:
        return False, "package `pdca` (with pdca/__main__.py) is not importable yet"
    return False, f"importing pdca failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1k,10k", help="comma-separated, e.g. 1k,10k,50k (default 1k,10k)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown (default 3)")
    p.add_argument("--root", type=Path, default=Path("/tmp/pdca-bench"), help="where registers are kept")
    p.add_argument("--files", type=int, default=10, help="risk files per register (default 10)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=1800, help="seconds before a single run is abandoned")
    p.add_argument("--as-of", default=AS_OF, help=f"the day pdca checks as of (default {AS_OF}: no warnings)")
    a = p.parse_args(argv)

    sizes = [generate.parse_size(s) for s in a.sizes.split(",") if s.strip()]
    generate._check_vocabulary()
    dirs = [generate.ensure(a.root, n, a.files, a.seed)[0] for n in sizes]

    import yaml  # only to report what the baseline uses
    print(f"python {platform.python_version()} ({sys.executable}), {os.cpu_count()} CPUs, "
          f"PyYAML {yaml.__version__}, libyaml {'yes' if yaml.__with_libyaml__ else 'NO'}")
    have_pdca, why = pdca_available()
    if not have_pdca:
        print(f"pdca: {why}; timing the bare load only")
    print(f"medians of {a.repeat} runs; (a) bare CSafeLoader load in a fresh process, "
          f"(b) python -m pdca check DIR --as-of {a.as_of} --format json --no-cache\n")

    head = ["size", "files", "YAML MB", "(a) wall s", "(a) load only s", "(a2) gc off wall s",
            "(b) pdca s", "(b) CPU s", "CPU/wall", "exit", "errors/warnings", "(b)/(a)", "(b)/(a2)"]
    rows: list[list[str]] = []
    notes: list[str] = []
    for n, d in zip(sizes, dirs):
        files = register_files(d)
        mb = sum(f.stat().st_size for f in files) / 1e6
        walls: list[float] = []
        nogc: list[float] = []
        loads: list[float] = []
        checks: list[float] = []
        cpus: list[float] = []
        codes: list[str] = []
        summary = "-"
        for _ in range(a.repeat):
            wall, proc = timed([sys.executable, "-c", BARE_LOAD, str(d)], a.timeout)
            if proc is None or proc.returncode != 0:
                notes.append(f"{generate.size_name(n)}: bare load failed: "
                             f"{'timeout' if proc is None else proc.stderr.strip()[-500:]}")
                break
            walls.append(wall)
            loads.append(float(proc.stdout.split()[0]))
            wall, proc = timed([sys.executable, "-c", BARE_LOAD, str(d), "nogc"], a.timeout)
            if proc is not None and proc.returncode == 0:
                nogc.append(wall)
            if have_pdca:
                wall, proc = timed([sys.executable, "-m", "pdca", "check", str(d), "--as-of", a.as_of,
                                    "--format", "json", "--no-cache"], a.timeout)
                if proc is None:
                    codes.append("timeout")
                    continue
                checks.append(wall)
                if LAST_USAGE:
                    cpus.append(LAST_USAGE["cpu"])
                codes.append(str(proc.returncode))
                try:
                    s = json.loads(proc.stdout)["summary"]
                    summary = f"{s.get('errors')}/{s.get('warnings')}"
                except (ValueError, KeyError, TypeError):
                    summary = "no JSON"
                if proc.returncode not in (0, 1) or summary == "no JSON":
                    tail = (proc.stderr.strip() or proc.stdout.strip())[-500:]
                    notes.append(f"{generate.size_name(n)}: pdca exit {proc.returncode}: {tail}")
        a_wall = statistics.median(walls) if walls else None
        a2_wall = statistics.median(nogc) if nogc else None
        b_wall = statistics.median(checks) if checks else None
        rows.append([
            generate.size_name(n), str(len(files)), f"{mb:.1f}", fmt(a_wall),
            fmt(statistics.median(loads) if loads else None),
            fmt(a2_wall),
            fmt(b_wall) if have_pdca else "n/a",
            fmt(statistics.median(cpus) if cpus else None),
            f"{statistics.median(c / w for c, w in zip(cpus, checks)):.2f}" if cpus else "-",
            ",".join(sorted(set(codes))) if codes else ("n/a" if not have_pdca else "-"),
            summary if have_pdca else "n/a",
            f"{b_wall / a_wall:.2f}" if a_wall and b_wall else "-",
            f"{b_wall / a2_wall:.2f}" if a2_wall and b_wall else "-",
        ])

    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths)))
    for note in dict.fromkeys(notes):  # each distinct note once
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
