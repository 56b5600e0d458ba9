"""`pdca init`: a new register in an afternoon, started from the reference library.

It writes pdca.yaml (departments, areas, posts with their powers, the default matrix) and one risks
file per area, every field explained by a comment, and the result passes `pdca check` as created.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pdca import i18n, library
from pdca.engine import scaffold
from pdca.errors import PdcaError
from pdca.io.transaction import Transaction
from pdca.io.yaml_edit import flow, scalar
from pdca.model.entities import DEFAULT_IMPACT, DEFAULT_LIKELIHOOD, DEFAULT_MATRIX
from pdca.model.register import Register

#: ids of the departments the library names (ids are ASCII: they go into file names and CI output)
DEPARTMENT_IDS = {
    "公司领导班子": "leadership", "纪委办公室": "discipline", "党委办公室": "party-office", "综合办公室": "general",
    "物资采购部": "purchasing", "财务部": "finance", "工程管理部": "engineering", "人力资源部": "hr",
    "项目发展部": "development", "安全环保部": "safety", "生产运营部": "operations", "审计部": "audit",
    "法律合规部": "legal", "市场营销部": "marketing", "资产管理部": "assets", "企业管理部": "management",
}


def _department_id(name: str, taken: dict[str, str]) -> str:
    if name not in taken:
        taken[name] = DEPARTMENT_IDS.get(name) or f"dept-{len(taken) + 1:02d}"
    return taken[name]


#: a cycle named by its year: four digits (`--cycle 25` would make a cycle from 0025-01-01)
_YEAR = re.compile(r"[0-9]{4}")


def cycle_year(value: str | None, lang: str, today: dt.date | None = None) -> int:
    """The year `--cycle` names (this year when none is given); anything but a four-digit year
    (1000 to 9998: the next cycle must fit too) is refused."""
    if value is None:
        return (today or dt.date.today()).year
    text = value.strip()
    if not _YEAR.fullmatch(text) or not 1000 <= int(text) <= 9998:
        raise PdcaError(i18n.text("init.year", lang, year=value))
    return int(text)


def create(folder: Path, organization: str, area_keys: list[str] | None, year: int, empty: bool,
           lang: str) -> list[Path]:
    """Write the new register in `lang` (its `language:` and its comments); returns the files written."""
    _can_hold_register(folder, lang)
    if not 1000 <= year <= 9998:
        raise PdcaError(i18n.text("init.year", lang, year=year))
    if not organization.strip() or any(ch in organization for ch in "\r\n\t\x00"):
        raise PdcaError(i18n.text("init.org", lang))
    chosen = [] if empty else _choose(area_keys, lang)
    existing = [folder / "risks" / f"{a.area.id}.yaml" for a in chosen if (folder / "risks" / f"{a.area.id}.yaml").exists()]
    if existing:  # pdca init never overwrites a file
        raise PdcaError(i18n.text("init.exists", lang, path=existing[0]))
    # identified today, as far as the cycle allows (a register started today is not yet due for review)
    identified = min(max(dt.date.today(), dt.date(year, 1, 1)), dt.date(year, 12, 31))
    departments: dict[str, str] = {}
    posts: dict[tuple[str, str], dict[str, object]] = {}
    risk_files: dict[str, str] = {}
    for area in chosen:
        lines = [f"# {area.area.name}:从 pdca 参考风险库生成,请按本单位实际修改、补充、删减。",
                 "# 每个风险点:编号、名称、重点领域、责任部门、岗位、风险类别(五个维度之一)、表现形式、",
                 "# 可能性与危害程度(1 至 5,等级由矩阵计算)、阶段(P 计划起步)和事前/事中/事后防控措施。",
                 "risks:"]
        for number, entry in enumerate(area.entries, start=1):
            department = _department_id(entry.department, departments)
            post_key = (department, entry.posts[0])
            post = posts.setdefault(post_key, {"id": f"{department}-{sum(1 for k in posts if k[0] == department) + 1:02d}",
                                               "name": entry.posts[0], "department": department, "powers": []})
            powers = post["powers"]
            assert isinstance(powers, list)
            if entry.process not in powers:
                powers.append(entry.process)
            risk_id = f"{area.area.prefix}-{number:03d}"
            lines.append("")
            lines += risk_lines(library_fields(entry, risk_id, area.area.id, department, str(post["id"]), identified,
                                               entry.process),
                                measures_of(entry, risk_id))
        risk_files[f"risks/{area.area.id}.yaml"] = "\n".join(lines) + "\n"
    _make_folder(folder, lang)
    change = Transaction(folder, lang)
    config = _config(organization, year, chosen, departments, list(posts.values()), lang)
    change.write(folder / "pdca.yaml", None, config.encode())
    for rel, text in risk_files.items():
        change.write(folder / rel, None, text.encode("utf-8"))
    examples = (list(departments.values()) or ["purchasing", "finance"],
                [str(p["id"]) for p in posts.values()] or ["purchasing-01"])
    for sub, text in _record_files(year, lang, *examples).items():  # the records of the method, empty, each explained
        if not (folder / sub / f"{year}.yaml").exists():
            change.write(folder / sub / f"{year}.yaml", None, text.encode("utf-8"))
    for sub in ("risks", "checks"):  # git keeps no empty folder: a .gitkeep holds it
        if not any(rel.startswith(f"{sub}/") for rel in risk_files) and _empty(folder / sub):
            change.write(folder / sub / ".gitkeep", None, b"")
    return [path for path in change.commit() if path.name != ".gitkeep"]


def library_fields(entry: library.LibraryEntry, risk_id: str, area: str, department: str | None, post: str | None,
                   identified: dt.date, power: str | None = None) -> list[tuple[str, object]]:
    """A library entry as the fields of a risk in stage P, in the order of the register format (those
    without a value left out); `power`: the power of the post it arises from, when the post holds it."""
    fields: list[tuple[str, object]] = [
        ("id", risk_id), ("title", entry.title), ("area", area), ("department", department), ("post", post),
        ("power", power), ("owner", entry.posts[0]), ("dimension", entry.dimension), ("description", entry.description),
        ("process", entry.process), ("indicator", entry.indicator), ("likelihood", entry.likelihood),
        ("impact", entry.impact), ("legal_liability", entry.legal_liability), ("stage", "P"),
        ("identified", identified),
    ]
    return [(key, value) for key, value in fields if value is not None]


def measures_of(entry: library.LibraryEntry, risk_id: str) -> list[dict[str, object]]:
    """The entry's measures, planned, with the ids they take under `risk_id`."""
    return [{"id": f"{risk_id}-M{number}", "title": m.title, "line": m.line, "kind": m.kind, "status": "planned"}
            for number, m in enumerate(entry.measures, start=1)]


def risk_lines(fields: list[tuple[str, object]], measures: list[dict[str, object]]) -> list[str]:
    """A risk as an item of the `risks:` list, laid out as pdca writes risks files (two spaces, a flow
    mapping per measure)."""
    lines = [f"{'  - ' if index == 0 else '    '}{key}: {scalar(value)}" for index, (key, value) in enumerate(fields)]
    if measures:
        lines.append("    measures:")
        lines += [f"      - {flow(measure)}" for measure in measures]
    return lines


@dataclass(frozen=True)
class Paste:
    """A library entry as a risk of one register, to paste under `risks:` of `file`."""

    lines: list[str]
    file: str
    notes: list[i18n.Msg]  # what pdca could not fill in from the register (say it, don't guess)


def library_paste(area: library.LibraryArea, entry: library.LibraryEntry, register: Register | None,
                  day: dt.date) -> Paste:
    """The entry with the register's own ids: the next free risk id of the area, the area, department
    and post the register has by that name (the ids `pdca init` gives when there is no register), so that
    the pasted risk passes `pdca check`.  What the register lacks is left out and said in `notes`."""
    if register is None or register.config is None:
        risk_id = f"{area.area.prefix}-001"
        fields = library_fields(entry, risk_id, area.area.id, DEPARTMENT_IDS.get(entry.department), None, day)
        return Paste(risk_lines(fields, measures_of(entry, risk_id)), f"risks/{area.area.id}.yaml",
                     [i18n.Msg("library.no_register", {"id": risk_id})])
    config = register.config
    notes: list[i18n.Msg] = []
    own_area = next((a for a in config.areas if a.id == area.area.id or a.name == area.area.name), None)
    if own_area is None:
        notes.append(i18n.Msg("library.add_area", {"name": area.area.name, "line": flow(
            {"id": area.area.id, "name": area.area.name, "prefix": area.area.prefix})}))
    area_id = own_area.id if own_area else area.area.id
    prefix = (own_area.prefix or own_area.id.upper()) if own_area else area.area.prefix
    department = next((d.id for d in config.departments
                       if d.name == entry.department or d.id == DEPARTMENT_IDS.get(entry.department)), None)
    if department is None:
        notes.append(i18n.Msg("library.no_department", {"name": entry.department}))
    held = next((p for p in config.posts if p.name == entry.posts[0] and department in (None, p.department)), None)
    post = held.id if held is not None else None
    power = entry.process if held is not None and entry.process in held.powers else None
    risk_id = scaffold.next_risk_id(register, prefix)
    fields = library_fields(entry, risk_id, area_id, department, post, day, power)
    return Paste(risk_lines(fields, measures_of(entry, risk_id)), scaffold.risks_file(register, area_id), notes)


def _can_hold_register(folder: Path, lang: str) -> None:
    """Refuse, before anything is written, a place a register cannot be made: one that already holds
    a register, a file, a path below a file."""
    if (folder / "pdca.yaml").exists():
        raise PdcaError(i18n.text("init.exists", lang, path=folder / "pdca.yaml"))
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise PdcaError(i18n.text("init.not_folder", lang, path=existing))


def _make_folder(folder: Path, lang: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PdcaError(i18n.text("init.cannot_create", lang, path=folder, error=i18n.os_reason(exc, lang))) from None


def _empty(folder: Path) -> bool:
    try:
        return not any(folder.iterdir())
    except OSError:
        return True  # not there yet (or not readable: then the commit says why it cannot write)


def _choose(keys: list[str] | None, lang: str) -> list[library.LibraryArea]:
    available = library.areas()
    if not keys:
        return list(available)
    chosen: list[library.LibraryArea] = []
    for key in dict.fromkeys(keys):
        match = next((a for a in available if key in (a.area.id, a.area.name, a.area.prefix)), None)
        if match is None:
            names = [a.area.id for a in available] + [a.area.name for a in available]
            raise PdcaError(i18n.text("init.unknown_area", lang, area=key, hint=i18n.hint(names, key, lang),
                                          areas=", ".join(f"{a.area.id}({a.area.name})" for a in available)))
        if match not in chosen:
            chosen.append(match)
    return chosen


#: the records of the method `pdca init` starts empty, each with what to write in it (init.file.<folder>)
RECORD_FOLDERS = ("activities", "pledges", "decisions", "assessments")


def _record_files(year: int, lang: str, departments: list[str], posts: list[str]) -> dict[str, str]:
    """activities/, pledges/, decisions/ and assessments/ as files with an empty list, the lines above it
    saying what an entry looks like (commented out, so the file is valid as written), with the
    register's own department and post ids, so that an example taken as it is passes `pdca check`.
    Keeping the files is what asks `pdca check` about 每月一课, 廉洁谈话 and the 两个责任 from the start."""
    files = {}
    ids = {"department": departments[0], "departments": flow(departments[:2]), "post": posts[0]}
    for folder in RECORD_FOLDERS:
        lines = [f"# {line}" for line in i18n.text(f"init.file.{folder}", lang, year=year, **ids).split("\n")]
        files[folder] = "\n".join([*lines, f"{folder}: []"]) + "\n"
    return files


def _config(organization: str, year: int, areas: list[library.LibraryArea], departments: dict[str, str],
            posts: list[dict[str, object]], lang: str) -> str:
    out = [
        f"# {organization}廉洁风险防控登记册(由 pdca init 生成)。运行 pdca check 检查,pdca schema config 查看全部字段。",
        "schema: pdca/v1             # 格式版本,保持不变",
        f"organization: {scalar(organization)}",
        f"language: {'en' if lang == 'en' else 'zh'}                # zh | en:报告和提示的语言",
        "cycle:                      # 当前 PDCA 周期(通常为一年);pdca cycle start 开启下一周期",
        f'  id: "{year}"',
        f"  start: {year}-01-01",
        f"  end: {year}-12-31",
    ]
    out.append("departments:                # 责任部门;可加 reviewers: ['@团队'],pdca owners 据此生成 CODEOWNERS"
               if departments else "departments: []")
    out += [f"  - {flow({'id': ident, 'name': name})}" for name, ident in departments.items()]
    out.append("areas:                      # 重点领域;prefix 用于新风险点的编号(CG-001)" if areas else "areas: []")
    out += [f"  - {flow({'id': a.area.id, 'name': a.area.name, 'prefix': a.area.prefix})}" for a in areas]
    out.append("posts:                      # 权职目录:岗位及其权力事项;有职权的岗位都应有风险点" if posts else "posts: []")
    for post in posts:
        out += [f"  - id: {post['id']}", f"    name: {scalar(post['name'])}", f"    department: {post['department']}",
                f"    powers: {flow(post['powers'])}"]
    out += [f"# {line}" for line in i18n.text("init.file.campaigns", lang, year=year).split("\n")]
    out += [
        "scoring:                    # 等级由矩阵计算,不由人选择;override 只能从严",
        f"  likelihood: {flow(DEFAULT_LIKELIHOOD)}      # 可能性 1..5",
        f"  impact: {flow(DEFAULT_IMPACT)}  # 危害程度 1..5(5:可能涉及违法犯罪)",
        "  matrix:                   # 行:可能性 5 到 1;列:危害程度 1 到 5;格:等级(一级最严重)",
    ]
    out += [f"    - {flow(row)}   # 可能性 {5 - n}" for n, row in enumerate(DEFAULT_MATRIX)]
    out += [
        "rules:                      # 规则的严重程度(error | warning | off)和参数;pdca rules 查看全部",
        "  review-stale: {severity: warning, months: 6}",
    ]
    return "\n".join(out) + "\n"
