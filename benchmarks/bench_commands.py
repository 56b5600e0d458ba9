"""What `pdca status`, `export`, `report` and `diff` spend beyond loading the register, in CPU seconds.

    python benchmarks/bench_commands.py REGISTER [--repeat 3] [--only NAME,...] [--profile NAME]

In one interpreter, alternating, `--repeat` times: a plain load of REGISTER as the reading commands do
it (`pdca.cli.options.readable`), then each command through `pdca.cli.run` (its own load included,
standard output sent to /dev/null, files it writes into a temporary folder).  A command's figure is its
process CPU time (`time.process_time`) minus the load's, medians printed; the cyclic collector is off
while either runs, as `pdca.cli.app.main` has it.  The caches go to a fresh
temporary `PDCA_CACHE_DIR` unless `PDCA_CACHE_DIR` is set; the first load fills them, so every load
after it reads parsed files from the cache, as a second run of a command does.

`--profile NAME` runs that command once more under cProfile and prints the 30 costliest functions
(cumulative).  A measurement, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

AS_OF = "2024-06-30"


def commands(register: str, out: Path) -> dict[str, list[str]]:
    return {
        "status": ["status", register, "--as-of", AS_OF],
        "export json": ["export", register, "--as-of", AS_OF],
        "export csv": ["export", register, "--as-of", AS_OF, "--format", "csv", "-o", str(out / "csv")],
        "export xlsx": ["export", register, "--as-of", AS_OF, "--format", "xlsx", "-o", str(out / "e.xlsx")],
        "report month md": ["report", register, "--month", "2024-06"],
        "report half md": ["report", register, "--half", "2024H1"],
        "report month docx": ["report", register, "--month", "2024-06", "--format", "docx", "-o", str(out / "m.docx")],
        "report half docx": ["report", register, "--half", "2024H1", "--format", "docx", "-o", str(out / "h.docx")],
        "report stats xlsx": ["report", register, "--month", "2024-06", "--kind", "stats", "--format", "xlsx",
                              "-o", str(out / "s.xlsx")],
    }


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Standard output to /dev/null at the descriptor, so that whatever writes it pays what it pays."""
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(null)
        os.close(saved)


def cpu(action: object) -> float:
    """CPU seconds of `action`, with the cyclic collector off as `pdca.cli.app.main` has it."""
    gc.collect()
    gc.disable()
    start = time.process_time()
    try:
        with quiet():
            action()  # type: ignore[operator]
        return time.process_time() - start
    finally:
        gc.enable()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("register")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    os.environ.setdefault("PDCA_CACHE_DIR", tempfile.mkdtemp(prefix="pdca-bench-cache-"))
    from pdca.cli.app import run
    from pdca.cli.options import readable

    out = Path(tempfile.mkdtemp(prefix="pdca-bench-out-"))
    table = commands(args.register, out)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(table)

    def load() -> None:
        readable([Path(args.register)], None)

    def command(name: str) -> object:
        def go() -> None:
            code = run(table[name])
            if code != 0:
                raise SystemExit(f"{name}: exit {code}")
        return go

    cpu(load)  # imports, and the parse cache filled
    for name in chosen:
        cpu(command(name))  # each command's imports
    loads: list[float] = []
    spent: dict[str, list[float]] = {name: [] for name in chosen}
    for _ in range(args.repeat):
        for name in chosen:
            loads.append(cpu(load))
            spent[name].append(cpu(command(name)))
    base = statistics.median(loads)
    print(f"load: median {base:.3f} s CPU (range {min(loads):.3f}-{max(loads):.3f}, {len(loads)} loads)")
    print("command | with load | beyond the load (median) | range")
    for name in chosen:
        values = spent[name]
        print(f"{name} | {statistics.median(values):.3f} | {statistics.median(values) - base:.3f} | "
              f"{min(values) - base:.3f}-{max(values) - base:.3f}")
    if args.profile:
        profile = cProfile.Profile()
        gc.collect()
        gc.disable()
        with quiet():
            profile.runcall(command(args.profile))
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
