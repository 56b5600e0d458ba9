"""Everything at scale, in one run: check (cold, warm), export (json, xlsx), the monthly report, diff, peak memory,
and yamllint / check-jsonschema on the same files when they are installed.

    python benchmarks/bench_all.py [--sizes 1k,10k] [--root /tmp/pdca-bench]

A measurement, not a test: it prints figures and asserts nothing.  Peak memory is each command's own
maximum resident set (os.wait4), start-up included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling script)

AS_OF = "2024-06-30"


def measure(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB, exit code) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=b", "-c", "user.email=b@b", *args], check=True,
                   capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k")
    parser.add_argument("--root", type=Path, default=Path("/tmp/pdca-bench"))
    args = parser.parse_args()
    pdca = [sys.executable, "-m", "pdca"]
    tools = {name: shutil.which(name) or str(Path(sys.executable).parent / name) for name in ("yamllint", "check-jsonschema")}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; seconds wall / peak MB")
    header = ["size", "check cold", "check warm", "export json", "export xlsx", "report month", "diff 1 file", "yamllint",
              "check-jsonschema"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for size in [generate.parse_size(s) for s in args.sizes.split(",")]:
        folder = generate.ensure(args.root, size, 10, 1)[0]
        cache = args.root / "cache"  # pdca's caches live per user: a fresh folder makes the first check cold
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "PDCA_CACHE_DIR": str(cache)}
        row = [generate.size_name(size)]
        for command in (
            [*pdca, "check", str(folder), "--as-of", AS_OF, "--format", "json"],
            [*pdca, "check", str(folder), "--as-of", AS_OF, "--format", "json"],
            [*pdca, "export", str(folder), "--as-of", AS_OF, "-o", "/tmp/pdca-bench-export.json"],
            [*pdca, "export", str(folder), "--as-of", AS_OF, "--format", "xlsx", "-o", "/tmp/pdca-bench-export.xlsx"],
            [*pdca, "report", str(folder), "--month", "2024-06", "-o", "/tmp/pdca-bench-report.md"],
        ):
            seconds, peak, _ = measure(command, env=env)
            row.append(f"{seconds:.2f} / {peak}")
        repo = args.root / f"{folder.name}-git"
        if not (repo / ".git").exists():
            shutil.rmtree(repo, ignore_errors=True)
            shutil.copytree(folder, repo, ignore=shutil.ignore_patterns(".pdca_cache", ".bench-stamp.json"))
            subprocess.run(["git", "init", "-q", str(repo)], check=True)
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", "base")
        first = sorted((repo / "risks").glob("*.yaml"))[0]
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("stage: D", "stage: C", 1), encoding="utf-8")
        seconds, peak, _ = measure([*pdca, "diff", "HEAD", "-r", str(repo), "--format", "json"], env=env)
        row.append(f"{seconds:.2f} / {peak}")
        git(repo, "checkout", "-q", ".")
        files = [str(p) for p in sorted(folder.rglob("*.yaml")) if ".pdca_cache" not in p.parts]
        if Path(tools["yamllint"]).exists():
            seconds, peak, _ = measure([tools["yamllint"], "-d", "default", *files])
            row.append(f"{seconds:.2f} / {peak}")
        else:
            row.append("not installed")
        if Path(tools["check-jsonschema"]).exists():
            schema = args.root / "pdca-risks.schema.json"
            schema.write_text(subprocess.run([*pdca, "schema", "risks"], capture_output=True, text=True).stdout,
                              encoding="utf-8")
            risk_files = [f for f in files if "/risks/" in f]
            seconds, peak, _ = measure([tools["check-jsonschema"], "--schemafile", str(schema), *risk_files])
            row.append(f"{seconds:.2f} / {peak}")
        else:
            row.append("not installed")
        print(" | ".join(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
