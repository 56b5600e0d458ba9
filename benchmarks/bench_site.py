"""`pdca site` at scale, and the README's screenshot of the overview.

    python benchmarks/bench_site.py [--sizes 10k] [--root /tmp/pdca-bench]
    python benchmarks/bench_site.py --screenshot docs/images/site-overview.png

The first form builds the example register's site and a generated register's of each size (as of
2024-06-30) in a fresh process and prints wall seconds, CPU seconds (the children that write pages
included) and peak resident MB.  A measurement, not a test: it asserts nothing.

The second builds the example register's site and saves a screenshot of its overview with Debian's
chromium through playwright (`apt-get install chromium`; `pip install -e '.[test]'`), 1280 pixels wide.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling script)

AS_OF = "2024-06-30"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def measure(register: Path, out: Path) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS MB, exit code) of `pdca site` in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pdca", "site", str(register), "--as-of", AS_OF, "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    # Linux counts the children a process waited for (the page writers) in the usage wait4 reports
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def bench(sizes: str, root: Path) -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print("register | pages | wall s | CPU s | peak MB")
    print("--- | ---: | ---: | ---: | ---:")
    targets = [("example", ROOT / "registers" / "example")]
    targets += [(generate.size_name(size), generate.ensure(root, size, 10, 1)[0])
                for size in (generate.parse_size(s) for s in sizes.split(","))]
    with tempfile.TemporaryDirectory() as temp:
        for name, register in targets:
            out = Path(temp) / name
            wall, cpu, peak, code = measure(register, out)
            pages = sum(1 for _ in out.rglob("*.html")) if code == 0 else 0
            print(f"{name} | {pages} | {wall:.1f} | {cpu:.1f} | {peak} (exit {code})")


def screenshot(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        subprocess.run([sys.executable, "-m", "pdca", "site", str(ROOT / "registers" / "example"), "--as-of", AS_OF,
                        "-o", str(site)], check=True, cwd=ROOT)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((site / "index.html").as_uri())
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), full_page=True)
            browser.close()
    print(f"wrote {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k")
    parser.add_argument("--root", type=Path, default=Path("/tmp/pdca-bench"))
    parser.add_argument("--screenshot", type=Path, help="save the overview's screenshot here instead")
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
    else:
        bench(args.sizes, args.root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
