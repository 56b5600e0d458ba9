"""pdca site: the register as static pages, checked on the files and, below, in a real browser (Debian's
chromium driven by playwright, from file://)."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, ROOT, on_a_terminal, pdca, write_register

from pdca import i18n
from pdca.io.site_folder import MARK

AS_OF = "2024-06-30"


def build(tmp_path: Path, *args: str | Path, name: str = "site", as_of: str = AS_OF) -> Path:
    out = tmp_path / name
    result = pdca("site", *args, "--as-of", as_of, "-o", out)
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("example"), EXAMPLE)


SMALL_RISKS = """\
risks:
  - {id: CG-001, title: 供应商选择, area: procurement, department: purchasing, post: buyer, dimension: 业务流程,
     likelihood: 4, impact: 3, identified: 2024-01-10, owner: 王海涛}
  - {id: CG-002, title: 合同签订, area: procurement, department: purchasing, dimension: 业务流程,
     likelihood: 2, impact: 2, identified: 2024-01-10}
"""


def small_register(root: Path, organization: str = "测试公司") -> Path:
    """Two risks: a site of a few dozen pages, built in a moment."""
    return write_register(root, {"risks/cg.yaml": SMALL_RISKS}, BASE_CONFIG.replace("测试公司", organization))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Page(HTMLParser):
    """What a test needs from a page: links, ids, attributes, scripts, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
                self.links.append((tag, value or ""))
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def pages(folder: Path) -> dict[str, Page]:
    return {p.relative_to(folder).as_posix(): Page(p.read_text("utf-8")) for p in sorted(folder.rglob("*.html"))}


def existing(export: dict) -> list[dict]:
    """The register's risks on the day (identified by then, not retired), worked out here from the export."""
    return [r for r in export["risks"]
            if (r["identified"] or "") <= AS_OF and (r["retired"] is None or r["retired"]["date"] > AS_OF)]


def existing_cells(export: dict) -> Counter[tuple[int, int]]:
    return Counter((r["likelihood"], r["impact"]) for r in existing(export) if r["likelihood"] and r["impact"])


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_the_example_builds_every_page_with_relative_links_that_resolve(example_site: Path) -> None:
    found = pages(example_site)
    export = pdca("export", EXAMPLE, "--as-of", AS_OF).json()
    risks = existing(export)
    assert len([p for p in found if p.startswith("risks/")]) == len({r["id"] for r in risks})
    assert {"index.html", "warnings.html", "posts.html", "risks.html", "departments.html", "findings.html",
            "reports.html", "reports/monthly-2024-01.html", "reports/monthly-2024-06.html", "reports/register.html",
            "reports/stats-area-2024-06.html", "reports/stats-department-2024-06.html", "reports/lists-2024-06.html",
            "reports/self-check-2024H1.html", "reports/annual-2024.html"} <= set(found)
    for name, page in found.items():
        for _, url in page.links:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.I), (name, url)  # relative only
            path, _, fragment = url.partition("#")
            target = (example_site / name).parent / path if path else example_site / name
            assert target.resolve().is_file(), (name, url)
            if fragment and target.suffix == ".html":
                assert fragment in found[target.resolve().relative_to(example_site.resolve()).as_posix()].ids, (name, url)


def test_every_page_forbids_requests_out_of_the_site_and_says_its_language(example_site: Path) -> None:
    for path in example_site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert text.startswith('<!DOCTYPE html>\n<html lang="zh-CN">'), path
        policy = [v for tag, name, v in Page(text).attributes if tag == "meta" and name == "content"][0]
        assert policy.startswith("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'")
        assert "http://" not in text and "https://" not in text, path
        assert " style=" not in text, path  # the policy allows no inline style


def test_the_heat_map_counts_are_the_registers_and_each_cell_lists_its_risks(example_site: Path) -> None:
    export = pdca("export", EXAMPLE, "--as-of", AS_OF).json()
    expected = existing_cells(export)
    index = (example_site / "index.html").read_text("utf-8")
    cells = re.findall(r'data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)"', index)
    assert len(cells) == 25
    for likelihood, impact, count in cells:
        key = (int(likelihood), int(impact))
        assert int(count) == expected[key], key
        page = example_site / "heatmap" / f"{likelihood}-{impact}.html"
        assert page.exists() == (expected[key] > 0)
        if expected[key]:
            listed = re.findall(r'<td><a href="../risks/[^"]+">([^<]+)</a></td>', page.read_text("utf-8"))
            assert sorted(html.unescape(i) for i in listed) == sorted(
                r["id"] for r in existing(export) if (r["likelihood"], r["impact"]) == key)


def text_of(fragment: str) -> str:
    parsed = Page(fragment)
    return re.sub(r"\s+", "", "".join(parsed.text))


@pytest.mark.parametrize(("page", "args"), [  # a past month's report is as of its last day; the others as of the site's day
    ("monthly-2024-06", ["--month", "2024-06"]),
    ("monthly-2024-02", ["--month", "2024-02"]),
    ("stats-department-2024-06", ["--month", "2024-06", "--kind", "stats", "--by", "department"]),
    ("lists-2024-06", ["--month", "2024-06", "--kind", "lists"]),
    ("register", ["--kind", "register", "--as-of", AS_OF]),
    ("self-check-2024H1", ["--half", "2024H1", "--as-of", AS_OF]),
    ("annual-2024", ["--year", "2024", "--as-of", AS_OF]),
])
def test_a_report_page_says_what_pdca_report_says(example_site: Path, page: str, args: list[str]) -> None:
    """The same words and numbers as the Markdown report `pdca report` gives for that day: one source."""
    from markdown_it import MarkdownIt

    markdown = pdca("report", EXAMPLE, *args, "--no-charts").out
    expected = text_of(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))
    shown = (example_site / "reports" / f"{page}.html").read_text("utf-8")
    article = shown[shown.index('<article class="report">'):shown.index("</article>")]
    assert text_of(article) == expected
    assert len(expected) > 200


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_same_register_and_day_give_the_same_bytes(tmp_path: Path, example_site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE.parent)  # named another way, from another folder
    result = pdca("site", "example", "--as-of", AS_OF, "-o", tmp_path / "again")
    assert result.code == 0, result.err
    assert tree(tmp_path / "again") == tree(example_site)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_rebuild_replaces_the_site_and_drops_pages_of_risks_since_retired(tmp_path: Path) -> None:
    root = small_register(tmp_path / "reg")
    out = build(tmp_path, root)
    stale = out / "risks" / "CG-002.html"
    assert stale.exists()
    risks = root / "risks" / "cg.yaml"
    risks.write_text(SMALL_RISKS.replace("identified: 2024-01-10}\n", "identified: 2024-01-10, retired: {date: 2024-03-01, reason: 取消}}\n"),
                     "utf-8")
    rebuilt = pdca("site", root, "--as-of", AS_OF, "-o", out)
    assert rebuilt.code == 0, rebuilt.err
    assert not stale.exists() and (out / "risks" / "CG-001.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # nothing left beside it


@pytest.mark.parametrize("kind", ["foreign", "file", "link", "stream", "current"])
def test_a_folder_pdca_did_not_make_is_never_replaced(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out: Path = tmp_path / "out"
    if kind == "stream":
        out = Path("-")
        monkeypatch.chdir(tmp_path)
    elif kind == "current":  # the working folder, even one that holds a site pdca made, named another way
        (tmp_path / "work").mkdir()
        (tmp_path / "work" / MARK).write_text("")
        monkeypatch.chdir(tmp_path / "work")
        out = Path("../work")
    elif kind == "foreign":
        out.mkdir()
        (out / "thesis.docx").write_text("mine")
    elif kind == "file":
        out.write_text("mine")
    else:
        (tmp_path / "elsewhere").mkdir()
        out.symlink_to(tmp_path / "elsewhere")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = pdca("site", EXAMPLE, "--as-of", AS_OF, "-o", out)
    assert result.code == 2
    assert result.err == f"pdca: {i18n.text(f'site.refused.{kind}', 'zh', path=out)}\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_register_with_errors_gives_no_site_unless_forced_and_then_every_page_says_so(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {
        "risks/cg.yaml": "risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程, likelihood: 4,"
                         " impact: 3, level: 3, identified: 2024-01-10}\n"})
    refused = pdca("site", root, "--as-of", AS_OF, "-o", tmp_path / "out")
    assert refused.code == 1 and "--force" in refused.err and not (tmp_path / "out").exists()
    out = build(tmp_path, root, "--force", name="forced")
    for path in out.rglob("*.html"):
        assert '<p class="banner" role="alert">注意：登记册有 1 个错误' in path.read_text("utf-8"), path


HOSTILE = "<script>alert(1)</script>\"onmouseover=alert(1) x='<img src=x onerror=alert(1)>' [点我](javascript:alert(1)) {{ 7*7 }}{% raw %}"


def hostile_register(root: Path) -> Path:
    """Every text field of a register holds markup, a quote that would end an attribute, a javascript:
    link and template syntax; ids hold what an id may (no space)."""
    text = json.dumps(HOSTILE, ensure_ascii=False)
    config = (BASE_CONFIG.replace("测试公司", HOSTILE.replace('"', "'").replace("{%", "{ %"))
              .replace("name: 物资采购部", f"name: {text}").replace("name: 采购专员", f"name: {text}, powers: [{text}]"))
    return write_register(root, {
        "pdca.yaml": config,
        "risks/cg.yaml": (
            "risks:\n"
            f"  - {{id: 'CG-<b>1\"x', title: {text}, area: procurement, department: purchasing, post: buyer, owner: {text},\n"
            f"     dimension: 业务流程, description: {text}, process: {text}, indicator: {text}, leader: {text}, tags: [{text}],\n"
            "     likelihood: 3, impact: 3, identified: 2024-01-10, stage: D,\n"
            f"     history: [{{stage: D, date: 2024-02-01, note: {text}}}],\n"
            f"     measures: [{{id: 'M<i>1', title: {text}, line: before, owner: {text}, due: 2024-07-15, evidence: {text}}},\n"
            f"                {{id: M2, title: {text}, line: after, owner: {text}, due: 2024-07-02}}]}}\n"
        ),
        "checks/c.yaml": (
            "checks:\n"
            f"  - {{id: 'SJ\"<1>', source: 审计, title: {text}, date: 2024-05-10, departments: [purchasing],\n"
            f"     findings: [{{id: 'F<script>1', risk: 'CG-<b>1\"x', problem: {text}, task: {text}, department: purchasing,\n"
            f"                  owner: {text}, leader: {text}, deadline: 2024-06-01, status: rectifying,\n"
            f"                  extensions: [{{until: 2024-06-20, approved_by: {text}, date: 2024-05-30, reason: {text}}}],\n"
            f"                  actions: [{{kind: notice, date: 2024-06-25, ref: {text}, by: {text}}}]}}]}}\n"
        ),
        "templates/annual.zh.md.j2": (
            "# 自定义\n\n<script>alert(2)</script>\n\n<a href=\"http://evil.example/\" onclick=\"x()\">外部</a>"
            " [外链](http://evil.example/x) ![图](http://evil.example/i.png) <http://evil.example/auto>\n"),
    })


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_hostile_register_values_are_text_on_every_page(tmp_path: Path) -> None:
    out = build(tmp_path, hostile_register(tmp_path / "reg"), "--force")
    found = pages(out)
    assert "risks/CG-_b_1_x.html" in found
    for name, page in found.items():
        assert page.scripts in ([], ["assets/filter.js"], ["../assets/filter.js"]), name
        for tag, attribute, value in page.attributes:
            assert not attribute.startswith("on"), (name, tag, attribute)
            if attribute in ("href", "src", "action", "formaction"):
                assert "javascript:" not in value.lower(), (name, tag, attribute, value)
        for _, url in page.links:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.I), (name, url)
        text = "".join(page.text)
        assert "49" not in text or "{{ 7*7 }}" in text
    risk = (out / "risks" / "CG-_b_1_x.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(1)" in risk
    assert "{{ 7*7 }}{% raw %}" in risk
    annual = (out / "reports" / "annual-2024.html").read_text("utf-8")  # a register's own template: inert too
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in annual and "evil.example" not in re.sub(r">[^<]*<", "><", annual)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_redact_leaves_no_name_on_any_page(tmp_path: Path, example_site: Path) -> None:
    export = pdca("export", EXAMPLE, "--as-of", AS_OF).json()
    names = {f["owner"] for f in export["findings"] if f["owner"]} | {r["owner"] for r in export["risks"] if r["owner"]}
    names = {n for n in names if 2 <= len(n) <= 3 and not n.endswith(("部", "经理", "主任", "室", "员"))}
    assert "高洁" in names
    assert "高洁" in (example_site / "findings.html").read_text("utf-8")
    out = build(tmp_path, EXAMPLE, "--redact", name="redacted")
    for path in out.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not [n for n in names if n in text], path


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_warning_thresholds_are_options(tmp_path: Path, example_site: Path) -> None:
    default = (example_site / "warnings.html").read_text("utf-8")
    blue = default[default.index('id="blue"'):]
    assert "NK-2024-01-F3" not in blue  # 31 days left: beyond 30
    wider = build(tmp_path, EXAMPLE, "--yellow-days", "10", "--blue-days", "40", name="wider")
    page = (wider / "warnings.html").read_text("utf-8")
    assert "NK-2024-01-F3" in page[page.index('id="blue"'):] and "11 至 40 天内到期" in page
    assert pdca("site", EXAMPLE, "--yellow-days", "40", "--blue-days", "10", "-o", tmp_path / "x").code == 2


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_several_registers_give_a_group_page_with_a_part_each(tmp_path: Path) -> None:
    first = small_register(tmp_path / "a" / "reg", "X公司")
    second = small_register(tmp_path / "b" / "reg", "Y公司")
    out = build(tmp_path, first, second)
    group = (out / "index.html").read_text("utf-8")
    assert group.index("X公司") < group.index("Y公司")
    assert 'href="reg/index.html"' in group and 'href="reg-2/index.html"' in group
    sub = (out / "reg-2" / "risks" / "CG-001.html").read_text("utf-8")
    assert 'href="../../index.html"' in sub and 'href="../../assets/site.css"' in sub and "Y公司" in sub
    assert "X公司" in (out / "reg" / "index.html").read_text("utf-8")


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_the_english_site_speaks_english(tmp_path: Path) -> None:
    out = build(tmp_path, EXAMPLE, "--lang", "en")
    index = (out / "index.html").read_text("utf-8")
    assert '<html lang="en">' in index and "Heat map" in index and "驾驶舱" not in index


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_terminal_sees_a_progress_bar(tmp_path: Path) -> None:
    """Only a process on a terminal shows it: stderr is a pseudo-terminal here."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done, shown = on_a_terminal([sys.executable, "-m", "pdca", "site", str(small_register(tmp_path / "reg")), "--as-of",
                                 AS_OF, "-o", str(tmp_path / "out")], "stderr", stdout=subprocess.PIPE, env=env,
                                timeout=120, cwd=ROOT)
    assert done.returncode == 0
    pages = re.search(r"（(\d+) 个页面）", done.stdout.decode("utf-8"))
    assert pages and "生成网站".encode() in shown and f"/{pages.group(1)}".encode() in shown


# --- in a real browser ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium through playwright; the tests skip, saying why, where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


class Watched:
    """A page that records console errors and every request that would leave file://, which it stops."""

    def __init__(self, browser, javascript: bool = True) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()

    def open(self, path: Path) -> None:
        response = self.page.goto(path.as_uri())
        assert response is None or response.ok, path

    def close(self) -> None:
        self.context.close()


@pytest.mark.slow  # a browser: seconds
def test_in_a_browser_the_heat_map_leads_to_its_risks_and_the_filter_counts_rows(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = build(tmp_path, EXAMPLE)
    export = pdca("export", EXAMPLE, "--as-of", AS_OF).json()
    expected = existing_cells(export)
    watched = Watched(browser)
    page = watched.page
    watched.open(site / "index.html")
    shown = page.eval_on_selector_all("#heatmap td.cell", "cells => cells.map(c => [+c.dataset.likelihood, +c.dataset.impact,"
                                      " +c.querySelector('.count').textContent])")
    assert len(shown) == 25 and {(lk, im): n for lk, im, n in shown if n} == {k: v for k, v in expected.items() if v}
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    page.keyboard.press("Tab")  # the skip link takes the focus first, and shows it
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-9999px"
    page.emulate_media(media="print")  # printed: no menu, the heat map whole
    assert not page.is_visible("nav") and page.is_visible("#heatmap")
    page.emulate_media(media="screen")
    likelihood, impact = max(expected, key=lambda k: (expected[k], k))
    page.click(f'#heatmap td[data-likelihood="{likelihood}"][data-impact="{impact}"] a')
    page.wait_for_load_state()
    assert page.url.endswith(f"/heatmap/{likelihood}-{impact}.html")
    listed = page.eval_on_selector_all("table.risks tbody tr td:first-child", "cells => cells.map(c => c.textContent)")
    assert sorted(listed) == sorted(r["id"] for r in existing(export) if (r["likelihood"], r["impact"]) == (likelihood, impact))
    watched.open(site / "findings.html")
    rows = page.locator("#findings tbody tr")
    total = rows.count()
    assert page.is_visible("#filters") and page.inner_text("#shown") == f"显示 {total} 项，共 {total} 项"
    page.select_option('select[name="department"]', "物资采购部")
    purchasing = page.locator("#findings tbody tr:visible").count()
    assert purchasing == len(page.query_selector_all('#findings tbody tr[data-department="物资采购部"]')) > 0
    assert page.inner_text("#shown") == f"显示 {purchasing} 项，共 {total} 项"
    page.select_option('select[name="department"]', "")
    page.check('input[name="overdue"]')
    overdue = page.locator("#findings tbody tr:visible").count()
    assert overdue == sum(1 for f in export["findings"] if f["overdue"]) == 6
    assert watched.errors == [] and watched.outside == []
    watched.close()


@pytest.mark.slow  # a browser: seconds
def test_without_javascript_the_whole_findings_table_is_there(browser, example_site: Path) -> None:  # type: ignore[no-untyped-def]
    watched = Watched(browser, javascript=False)
    watched.open(example_site / "findings.html")
    page = watched.page
    assert not page.is_visible("#filters")
    assert page.locator("#findings tbody tr:visible").count() == page.locator("#findings tbody tr").count() == 29
    watched.close()


@pytest.mark.slow  # a browser: seconds
def test_in_a_browser_every_link_of_every_page_opens_and_nothing_leaves_file(browser, example_site: Path) -> None:  # type: ignore[no-untyped-def]
    """Follow every link from the overview, page by page: each opens (no 404), with no console error and
    no request out of file://."""
    watched = Watched(browser)
    page = watched.page
    start = (example_site / "index.html").as_uri()
    queue, seen = [start], {start}
    ids: dict[str, set[str]] = {}  # page -> the ids it holds
    wanted: set[tuple[str, str]] = set()  # (page, fragment) some link points to
    while queue:
        url = queue.pop(0)
        response = page.goto(url)
        assert response is None or response.ok, url
        ids[url] = set(page.eval_on_selector_all("[id]", "found => found.map(e => e.id)"))
        for link in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            assert link.startswith("file://"), (url, link)
            target, _, fragment = link.partition("#")
            if fragment:
                wanted.add((target, fragment))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert len(seen) == len(list(example_site.rglob("*.html")))
    assert sorted((target, fragment) for target, fragment in wanted if fragment not in ids[target]) == []
    assert watched.errors == [] and watched.outside == []
    watched.close()


@pytest.mark.slow  # a browser: seconds
def test_in_a_browser_hostile_values_run_nothing(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = build(tmp_path, hostile_register(tmp_path / "reg"), "--force")
    watched = Watched(browser)
    dialogs: list[str] = []
    watched.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in sorted(site.rglob("*.html")):
        watched.open(path)
        watched.page.hover("main")
    assert dialogs == [] and watched.outside == [] and watched.errors == []
    watched.close()


def test_every_word_a_site_template_names_is_in_the_catalogue_with_its_parameters() -> None:
    """Read through Jinja's parser, so a branch the example register never reaches is checked too."""
    from jinja2 import Environment, nodes
    from test_catalogue import placeholders

    wrong, named = [], 0
    for path in sorted((ROOT / "templates" / "site").glob("*.j2")):
        for call in Environment().parse(path.read_text("utf-8")).find_all(nodes.Call):
            if not (isinstance(call.node, nodes.Name) and call.node.name == "t"):
                continue
            named += 1
            key, given = call.args[0].value, {kw.key for kw in call.kwargs}  # type: ignore[attr-defined]
            for lang in i18n.LANGS:
                if key not in i18n.catalogue(lang) or placeholders(i18n.catalogue(lang)[key]) != given:
                    wrong.append(f"{path.name}:{call.lineno} {key} ({lang}) gives {sorted(given)}")
    assert named > 100 and wrong == []


@pytest.mark.slow  # a 450-risk register's site, twice, in real processes: seconds
def test_pages_written_by_several_processes_are_the_pages_one_process_writes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    register = tmp_path / "reg"
    generate.write_register(register, 450, 5, 1)
    (register / "templates").mkdir()  # a register's own template is rendered in a child process of its own
    (register / "templates" / "annual.zh.md.j2").write_text("# {{ organization }}年度总结\n\n风险点 {{ risks.total }} 个\n", "utf-8")
    built = {}
    for processes in ("1", "2"):
        out = tmp_path / f"site-{processes}"
        done = subprocess.run([sys.executable, "-m", "pdca", "site", str(register), "--as-of", AS_OF, "-o", str(out)],
                              env={**os.environ, "PDCA_SITE_PROCESSES": processes}, capture_output=True, text=True,
                              timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        built[processes] = tree(out)
    assert len(built["1"]) > 400 and built["1"] == built["2"]
    assert "风险点 450 个" in built["2"]["reports/annual-2024.html"].decode("utf-8")


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_risk_page_shows_what_was_known_on_the_day(example_site: Path, tmp_path: Path) -> None:
    """SZYD-003 moved to A on 2024-09-10 and was reviewed that day: on 2024-06-30 it stood in C."""
    page = (example_site / "risks" / "SZYD-003.html").read_text("utf-8")
    assert '<span class="stage">C 检查</span>' in page
    assert "2024-04-15 C 检查" in page and "2024-09-10" not in page
    later = build(tmp_path, EXAMPLE, name="later", as_of="2024-10-31")
    assert "2024-09-10 A 处置" in (later / "risks" / "SZYD-003.html").read_text("utf-8")


def test_a_day_before_the_cycle_is_refused_with_what_to_give(tmp_path: Path) -> None:
    result = pdca("site", EXAMPLE, "--as-of", "2023-06-30", "-o", tmp_path / "out")
    assert result.code == 2 and "--as-of" in result.err and "--month" not in result.err
    assert not (tmp_path / "out").exists()


def test_page_names_are_safe_and_distinct_on_any_file_system() -> None:
    from pdca.site.paths import Names, relative

    names = Names()
    given = [names.name(i) for i in ("CG-001", "cg-001", "../../etc/passwd", "CON", "采购-1", "采购-2", "CG-001")]
    assert given == ["CG-001", "cg-001-2", "etc_passwd", "CON_", "1", "2", "CG-001"]
    assert len({g.lower() for g in given}) == 6
    assert relative("a/risks/x.html", "a/posts/y.html#f-1") == "../../a/posts/y.html#f-1"
    assert relative("risks/x.html", "risks/y.html") == "y.html" and relative("index.html", "risks/y.html") == "risks/y.html"


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_control_characters_and_bidi_overrides_are_shown_as_escapes_on_every_page(tmp_path: Path) -> None:
    """As `pdca report` prints them: an ESC, a bell or a right-to-left override (U+202E, which shows the
    rest of a line backwards) in a title, a department's name or the office's words reaches no page raw."""
    evil = "退款\u202e元万026\x1b[2J\x07\u2066"
    text = json.dumps(evil)
    root = write_register(tmp_path / "reg", {
        "risks/cg.yaml": SMALL_RISKS.replace("title: 供应商选择", f"title: {text}"),
        "reports/2024-06.yaml": f"problems: {text}\n",
    }, BASE_CONFIG.replace("name: 物资采购部", f"name: {text}"))
    out = build(tmp_path, root)
    raw = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.html") if raw.search(p.read_text("utf-8"))} == set()
    escaped = "退款\\u202e元万026\\u001b[2J\\u0007\\u2066"
    assert escaped in (out / "risks" / "CG-001.html").read_text("utf-8")
    assert escaped in (out / "reports" / "monthly-2024-06.html").read_text("utf-8")


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_ctrl_c_while_pages_are_written_in_other_processes_says_nothing(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the terminal's group: pdca stops with 130, and the processes
    writing pages for it print no traceback of the page they were writing, nor outlive it."""
    root = tmp_path / "large"  # pages enough to be written in several processes, too few bytes to be read in several
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "800", "--files", "3",
                    "--out", str(root)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PDCA_NO_CACHE": "1", "PDCA_SITE_PROCESSES": "2"}
    started = subprocess.Popen([sys.executable, "-m", "pdca", "site", str(root), "-o", str(tmp_path / "site"),
                                "--force", "--as-of", "2024-06-30"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                               start_new_session=True,  # its own group, as on a terminal
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    children = Path(f"/proc/{started.pid}/task/{started.pid}/children")
    while started.poll() is None and not children.read_text().split():
        time.sleep(0.005)
    time.sleep(0.3)  # the child is writing pages (for a second and more)
    if started.poll() is None:
        os.killpg(started.pid, signal.SIGINT)
    _, err = started.communicate(timeout=120)
    assert started.returncode == 130, err.decode(errors="replace")
    assert err == b""  # not even the first line of a child's traceback ("Process ForkProcess-1:")
    left = subprocess.run(["ps", "-o", "pid,cmd", "--no-headers", "-s", str(started.pid)], capture_output=True,
                          text=True).stdout
    assert left == ""
