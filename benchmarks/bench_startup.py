"""CPU time of the start-up-bound runs of ``pdca check``, for one or more copies of pdca side by side.

    python benchmarks/bench_startup.py [--repeat 11] [--root /tmp/pdca-bench] [--sizes 10k] TREE [TREE ...]

TREE is a folder that holds a ``pdca`` package (a work tree, or ``git archive REV pdca | tar -x -C DIR``
for an older revision). For each round and each case, every TREE runs once in turn (interleaved, so
a change in the machine's load touches them alike), from a folder outside any repository (``python
-m pdca`` in a repository root imports that root's ``pdca``, whatever PYTHONPATH says), each TREE with
a cache folder of its own. The cases:

  warm Nk   ``pdca check ROOT/rNk --as-of 2024-06-30`` with everything cached (the first round fills
            the cache and is not counted);
  example   ``pdca check registers/example`` with PDCA_NO_CACHE=1: cold, start-up included.

Prints the median, lowest and highest CPU seconds (user + system of the process) per TREE and case.
CPU time, not wall time: on a shared machine wall time varies threefold between identical runs.
A measurement, not a test: no asserts. Generate the registers first (benchmarks/generate.py).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _cases(root: Path, sizes: list[str]) -> dict[str, tuple[list[str], dict[str, str]]]:
    cases = {f"warm {size}": (["check", str(root / f"r{size}"), "--as-of", "2024-06-30"], {}) for size in sizes}
    cases["example"] = (["check", str(REPO / "registers" / "example")], {"PDCA_NO_CACHE": "1"})
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--root", type=Path, default=Path("/tmp/pdca-bench"))
    parser.add_argument("--sizes", default="10k")
    args = parser.parse_args()
    cases = _cases(args.root, args.sizes.split(","))
    times: dict[tuple[str, Path], list[float]] = {(case, tree): [] for case in cases for tree in args.trees}
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(args.repeat + 1):
            for case, (argv, variables) in cases.items():
                for index, tree in enumerate(args.trees):
                    env = {**os.environ, "PYTHONPATH": str(tree.resolve()),
                           "PDCA_CACHE_DIR": str(Path(scratch, f"cache-{index}")), **variables}
                    before = _cpu()
                    subprocess.run([sys.executable, "-m", "pdca", *argv], cwd=scratch, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                    if round_:  # the first round fills the caches
                        times[case, tree].append(_cpu() - before)
    for (case, tree), seconds in times.items():
        print(f"{case:9} {str(tree):30} median {statistics.median(seconds):.3f} s  "
              f"lowest {min(seconds):.3f}  highest {max(seconds):.3f}  ({len(seconds)} runs)")


if __name__ == "__main__":
    main()
