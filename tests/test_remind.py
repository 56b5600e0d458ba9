"""pdca remind through the real CLI: the digests, the fixed offsets, and delivery to a real local HTTP
server standing in for the 企业微信 and 钉钉 robots and a real SMTP server (aiosmtpd).

Waits are switched off with PDCA_SEND_WAIT_SCALE=0 (the skipped time still counts for the robots' rate
window), so retries and rate limits are exercised without sleeping.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session
from conftest import BASE_CONFIG, pdca, write_register
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

AS_OF = "2024-06-30"
WECOM = "/cgi-bin/webhook/send"
DING = "/robot/send"
KEY_P = "wecom-key-purchasing-7f3a9c1e"
KEY_F = "wecom-key-finance-0b1d2e3f"
TOKEN = "dingtoken0123456789abcdef"
DING_SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"
OK = {"errcode": 0, "errmsg": "ok"}
RANK = {None: 0, "notice": 1, "assessment": 2, "accountability": 3}

RISKS = """\
risks:
  - id: CG-001
    title: 供应商选择中的利益输送
    area: procurement
    department: purchasing
    owner: 采购部经理
    dimension: 业务流程
    description: 指定或变相指定供应商
    likelihood: 2
    impact: 2
    stage: D
    identified: 2024-01-15
    reviewed: 2024-06-01
    measures:
      - {id: CG-001-M1, title: 供应商准入实行集体评审, line: before, owner: 张伟, due: 2024-07-07, status: planned}
      - {id: CG-001-M2, title: 询比价在电子平台留痕, line: during, owner: 李娜, due: 2024-07-01, status: in_progress}
      - {id: CG-001-M3, title: 采购合同法务审核, line: during, owner: 张伟, due: 2024-07-03, status: planned}
      - {id: CG-001-M4, title: 到货验收双人签字, line: after, owner: 张伟, due: 2024-06-29, status: planned}
      - {id: CG-001-M5, title: 供应商年度评价, line: after, owner: 张伟, due: 2024-06-27, status: in_progress}
      - {id: CG-001-M6, title: 廉洁承诺书, line: before, owner: 张伟, due: 2024-05-01, status: done, done: 2024-04-20, evidence: OA-1}
  - id: CW-001
    title: 费用报销审核不严
    area: finance
    department: finance
    owner: 财务部经理
    dimension: 业务流程
    description: 虚假报销
    likelihood: 2
    impact: 2
    stage: D
    identified: 2024-01-15
    reviewed: 2024-06-01
    measures:
      - {id: CW-001-M1, title: 报销凭证双人复核, line: during, owner: 王芳, due: 2024-06-22, status: planned}
"""

CHECKS = """\
checks:
  - id: ZX-2023-01
    source: 日常监督
    title: 2023年专项检查
    date: 2023-11-01
    departments: [finance]
    findings:
      - id: ZX-2023-01-F1
        risk: CW-001
        problem: 报销附件不全
        task: 补齐附件
        department: finance
        owner: 王芳
        deadline: 2023-11-30
        status: closed
        done: 2023-11-20
        result: 已补齐
        evidence: OA-2023-1
        closed: {date: 2023-12-10, by: 纪委办公室}
  - id: SJ-2024-01
    source: 审计
    title: 2024年采购与财务审计
    date: 2024-03-03
    departments: [purchasing, finance]
    findings:
      - id: SJ-2024-01-F1
        risk: CG-001
        problem: 评审记录不完整 <@all> **紧急**
        task: 补齐记录
        department: purchasing
        owner: 张伟
        deadline: 2024-05-31
        status: open
        extensions:
          - {until: 2024-06-29, approved_by: 纪委办公室, date: 2024-05-20, reason: 资料调取}
      - id: SJ-2024-01-F2
        risk: CW-001
        problem: 7笔报销附件不全
        task: 补齐附件
        department: finance
        owner: 王芳
        deadline: 2024-05-01
        status: rectifying
        actions:
          - {kind: notice, date: 2024-05-10, ref: 纪委办通报〔2024〕4号, by: 纪委办公室}
      - id: SJ-2024-01-F3
        risk: CG-001
        problem: 询价记录缺失
        task: 补录询价记录
        department: purchasing
        owner: 张伟
        deadline: 2024-06-30
        status: done
        done: 2024-06-23
        result: 已补录
        evidence: OA-2024-9
      - id: SJ-2024-01-F4
        risk: CW-001
        problem: 报销附件不全再次发生
        task: 修订报销办法
        department: finance
        owner: 王芳
        deadline: 2024-09-30
        status: rectifying
        repeat_of: ZX-2023-01-F1
"""

ROUTES = """\
reminders:
  wecom:
    departments:
      purchasing: {webhook_env: PDCA_WECOM_PURCHASING}
      finance: {webhook_env: PDCA_WECOM_FINANCE}
    users: {张伟: zhangwei, 王芳: wangfang, 李娜: lina}
  dingtalk:
    departments:
      finance: {webhook_env: PDCA_DING_FINANCE, secret_env: PDCA_DING_FINANCE_SECRET}
    users: {王芳: "ding-wangfang"}
"""


def make(tmp_path: Path, routes: str = ROUTES, risks: str = RISKS, checks: str = CHECKS) -> Path:
    return write_register(tmp_path / "reg", {"risks/main.yaml": risks, "checks/main.yaml": checks},
                          config=BASE_CONFIG + routes)


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    return make(tmp_path)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_SEND_WAIT_SCALE", "0")


# --- the digests -----------------------------------------------------------------------------------

PURCHASING = """\
## 早提醒：物资采购部（截至 2024-06-30）

**已逾期（2）**

- 防控措施 **CG-001-M4**：到货验收双人签字；风险点 CG-001 供应商选择中的利益输送；责任人 张伟；完成期限 2024-06-29；已逾期 1 天
- 整改事项 **SJ-2024-01-F1**：评审记录不完整 &lt;@all&gt; \\*\\*紧急\\*\\*；风险点 CG-001 供应商选择中的利益输送；责任人 张伟；整改期限 2024-05-31，延期至 2024-06-29；已逾期 1 天；建议通报，尚无处理决定

**即将到期（2）**

- 防控措施 **CG-001-M2**：询比价在电子平台留痕；风险点 CG-001 供应商选择中的利益输送；责任人 李娜；完成期限 2024-07-01；剩余 1 天
- 防控措施 **CG-001-M1**：供应商准入实行集体评审；风险点 CG-001 供应商选择中的利益输送；责任人 张伟；完成期限 2024-07-07；剩余 7 天

**已整改完成，待核验销号（1）**

- 整改事项 **SJ-2024-01-F3**：询价记录缺失；风险点 CG-001 供应商选择中的利益输送；责任人 张伟；整改期限 2024-06-30；2024-06-23 整改完成，待销号 7 天

建议处理是 pdca 按逾期天数和屡查屡犯算出的建议，以纪检机构的处理决定为准。
"""

FINANCE = """\
## 早提醒：财务部（截至 2024-06-30）

**已逾期（1）**

- 防控措施 **CW-001-M1**：报销凭证双人复核；风险点 CW-001 费用报销审核不严；责任人 王芳；完成期限 2024-06-22；已逾期 8 天

**建议处理，尚无处理决定（1）**

- 整改事项 **SJ-2024-01-F4**：报销附件不全再次发生；风险点 CW-001 费用报销审核不严；责任人 王芳；整改期限 2024-09-30；屡查屡犯（重复 ZX-2023-01-F1）；建议考核，尚无处理决定

建议处理是 pdca 按逾期天数和屡查屡犯算出的建议，以纪检机构的处理决定为准。
"""


def test_markdown_digests_per_department_then_per_owner_hold_todays_items(reg: Path) -> None:
    result = pdca("remind", reg, "--as-of", AS_OF)

    assert result.code == 0, result.err
    digests = result.out.split("\n## ")
    assert result.out.startswith(PURCHASING + "\n" + FINANCE + "\n")
    # then one digest per owner, by name: each person sees their own items, with the department
    titles = [d.split("\n", 1)[0].removeprefix("## ") for d in digests]
    assert titles == ["早提醒：物资采购部（截至 2024-06-30）", "早提醒：财务部（截至 2024-06-30）",
                      "早提醒：张伟（截至 2024-06-30）", "早提醒：李娜（截至 2024-06-30）", "早提醒：王芳（截至 2024-06-30）"]
    li_na = digests[3]
    assert li_na == """早提醒：李娜（截至 2024-06-30）

**即将到期（1）**

- 防控措施 **CG-001-M2**：询比价在电子平台留痕；风险点 CG-001 供应商选择中的利益输送；责任部门 物资采购部；完成期限 2024-07-01；剩余 1 天
"""
    assert "CG-001-M3" not in result.out  # due in 3 days: in the window, but T-3 is not a reminder day
    assert "CG-001-M5" not in result.out  # 3 days overdue: T+1 and T+8 are, T+3 is not
    assert "SJ-2024-01-F2" not in result.out  # 60 days overdue, 考核 suggested 29 days ago: neither falls today
    assert pdca("remind", reg, "--as-of", AS_OF).out == result.out  # deterministic


def test_english_digest(reg: Path) -> None:
    result = pdca("remind", reg, "--as-of", AS_OF, "--lang", "en")

    assert result.out.startswith("## Reminders: 物资采购部 (as of 2024-06-30)\n\n**Overdue (2)**\n\n")
    assert "- finding **SJ-2024-01-F4**: 报销附件不全再次发生; risk CW-001 费用报销审核不严; owner 王芳; deadline 2024-09-30; " \
           "repeat finding (repeats ZX-2023-01-F1); suggested assessment, no decision yet\n" in result.out
    assert "**Rectified, awaiting verification (销号) (1)**" in result.out


def test_all_lists_every_item_with_the_numbers_export_computes(reg: Path) -> None:
    result = pdca("remind", reg, "--as-of", AS_OF, "--all", "--format", "json")
    exported = pdca("export", reg, "--as-of", AS_OF).json()

    assert result.code == 0, result.err
    document = result.json()
    assert (document["as_of"], document["all"]) == (AS_OF, True)
    departments = [d for d in document["digests"] if d["audience"] == "department"]
    assert [(d["id"], [i["id"] for i in d["items"]]) for d in departments] == [
        ("purchasing", ["CG-001-M5", "CG-001-M4", "SJ-2024-01-F1", "CG-001-M2", "CG-001-M3", "CG-001-M1", "SJ-2024-01-F3"]),
        ("finance", ["SJ-2024-01-F2", "CW-001-M1", "SJ-2024-01-F4"]),
    ]
    items = {i["id"]: i for d in departments for i in d["items"]}
    findings = {f["id"]: f for f in exported["findings"]}
    measures = {m["id"]: m for m in exported["measures"]}
    for ident, item in items.items():
        source = findings.get(ident) or measures[ident]
        assert item["days_overdue"] == source["days_overdue"], ident
        if ident in findings:
            assert item["effective_deadline"] == source["effective_deadline"], ident
            pending = RANK[source["escalation"]] > RANK[source["action"]]  # suggested, and no decision as strong
            assert item["escalation"] == (source["escalation"] if pending else None), ident
    f2 = items["SJ-2024-01-F2"]
    assert {k: f2[k] for k in ("section", "days_overdue", "escalation", "action", "action_ref", "moments")} == {
        "section": "overdue", "days_overdue": 60, "escalation": "assessment", "action": "notice",
        "action_ref": "纪委办通报〔2024〕4号", "moments": []}
    assert items["SJ-2024-01-F1"]["moments"] == ["T+1", "notice+0"]
    assert items["CG-001-M1"]["moments"] == ["T-7"]
    assert items["SJ-2024-01-F3"]["moments"] == ["done+7"]
    assert items["SJ-2024-01-F4"]["moments"] == ["assessment+119"]
    assert (items["CG-001-M3"]["days_left"], items["CG-001-M3"]["moments"]) == (3, [])
    markdown = pdca("remind", reg, "--as-of", AS_OF, "--all").out
    assert "- 整改事项 **SJ-2024-01-F2**：7笔报销附件不全；风险点 CW-001 费用报销审核不严；责任人 王芳；整改期限 2024-05-01；" \
           "已逾期 60 天；建议考核，已处理为通报（纪委办通报〔2024〕4号）" in markdown


def moments_by_day(reg: Path, days: list[str], ident: str) -> dict[str, list[str]]:
    seen = {}
    for day in days:
        document = pdca("remind", reg, "--as-of", day, "--format", "json").json()
        found = {tuple(i["moments"]) for d in document["digests"] for i in d["items"] if i["id"] == ident}
        if found:
            (moments,) = found  # the same item says the same in every digest it is in
            seen[day] = list(moments)
    return seen


def days_between(first: str, last: str) -> list[str]:
    import datetime as dt

    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def test_a_daily_job_reminds_of_an_item_at_fixed_offsets_without_state(reg: Path) -> None:
    # CG-001-M1 is due 2024-07-07 and never done: T-7, T-1, then T+1 and every 7 days overdue.
    seen = moments_by_day(reg, days_between("2024-06-28", "2024-07-23"), "CG-001-M1")

    assert seen == {"2024-06-30": ["T-7"], "2024-07-06": ["T-1"], "2024-07-08": ["T+1"], "2024-07-15": ["T+8"],
                    "2024-07-22": ["T+15"]}


def test_offsets_window_and_interval_come_from_pdca_yaml(tmp_path: Path) -> None:
    reg = make(tmp_path, routes="reminders: {within: 3, before: [3, 0], every: 2}\n")

    seen = moments_by_day(reg, days_between("2024-06-28", "2024-07-12"), "CG-001-M1")
    assert seen == {"2024-07-04": ["T-3"], "2024-07-07": ["T-0"], "2024-07-08": ["T+1"], "2024-07-10": ["T+3"],
                    "2024-07-12": ["T+5"]}
    assert "今天到期" in pdca("remind", reg, "--as-of", "2024-07-07").out
    # --within narrows the window below an offset: T-3 is then no longer due soon
    assert "CG-001-M1" not in pdca("remind", reg, "--as-of", "2024-07-04", "--within", "2").out


# --- sending to the robots ---------------------------------------------------------------------------


def robot_env(monkeypatch: pytest.MonkeyPatch, server: HTTPServer) -> None:
    monkeypatch.setenv("PDCA_WECOM_PURCHASING", f"{server.url_for(WECOM)}?key={KEY_P}")
    monkeypatch.setenv("PDCA_WECOM_FINANCE", f"{server.url_for(WECOM)}?key={KEY_F}")
    monkeypatch.setenv("PDCA_DING_FINANCE", f"{server.url_for(DING)}?access_token={TOKEN}")
    monkeypatch.setenv("PDCA_DING_FINANCE_SECRET", DING_SECRET)


def collect(server: HTTPServer, path: str) -> list[Request]:
    seen: list[Request] = []

    def robot(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(OK), content_type="application/json")

    server.expect_request(path, method="POST").respond_with_handler(robot)
    return seen


def test_wecom_gets_each_department_its_own_digest_with_mentions(
    reg: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    robot_env(monkeypatch, httpserver)
    seen = collect(httpserver, WECOM)

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom")

    assert result.code == 0, result.out + result.err
    bodies = {request.args["key"]: request.get_json() for request in seen}
    assert len(seen) == 2
    assert bodies[KEY_P] == {"msgtype": "markdown",
                             "markdown": {"content": PURCHASING.rstrip("\n") + "\n\n<@lina>\n<@zhangwei>"}}
    assert bodies[KEY_F] == {"msgtype": "markdown", "markdown": {"content": FINANCE.rstrip("\n") + "\n\n<@wangfang>"}}
    # a group chat sees only its own department's items
    assert "CW-001" not in bodies[KEY_P]["markdown"]["content"]
    assert "CG-001" not in bodies[KEY_F]["markdown"]["content"]
    masked = f"{httpserver.url_for(WECOM)}?key=***"
    assert result.out == f"已发送：物资采购部 → {masked}\n已发送：财务部 → {masked}\n已发送 2 条，失败 0 条\n"
    assert KEY_P not in result.out + result.err


def test_dingtalk_signs_each_request_and_ats_the_owners(
    reg: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    robot_env(monkeypatch, httpserver)
    seen = collect(httpserver, DING)

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "dingtalk")

    assert result.code == 0, result.out + result.err
    (request,) = seen
    assert request.get_json() == {
        "msgtype": "markdown",
        "markdown": {"title": "早提醒：财务部（截至 2024-06-30）", "text": FINANCE.rstrip("\n") + "\n\n@ding-wangfang"},
        "at": {"atUserIds": ["ding-wangfang"], "isAtAll": False},
    }
    timestamp = request.args["timestamp"]
    expected = base64.b64encode(
        hmac.new(DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256).digest()).decode()
    assert request.args["sign"] == expected
    assert request.args["access_token"] == TOKEN
    for secret in (TOKEN, DING_SECRET, expected):
        assert secret not in result.out + result.err


def long_register(tmp_path: Path, count: int) -> Path:
    measures = "\n".join(
        f"      - {{id: CG-001-M{n:03}, title: {'供应商准入集体评审留痕' * 12}{n}, line: before, owner: 张伟, "
        f"due: 2024-06-29, status: planned}}" for n in range(count))
    risks = RISKS.split("    measures:\n")[0] + "    measures:\n" + measures + "\n"
    return make(tmp_path, risks=risks, checks="checks: []\n")


def test_a_long_digest_is_split_into_numbered_messages_under_the_byte_limit(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = long_register(tmp_path, 60)
    robot_env(monkeypatch, httpserver)
    seen = collect(httpserver, WECOM)

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom")

    assert result.code == 0, result.out + result.err
    contents = [request.get_json()["markdown"]["content"] for request in seen]
    parts = len(contents)
    assert parts > 2
    assert all(len(c.encode()) <= 4096 for c in contents)
    assert [c.split("\n", 1)[0] for c in contents] == [f"({n}/{parts})" for n in range(1, parts + 1)]
    whole = pdca("remind", reg, "--as-of", AS_OF).out.split("\n## ")[0].rstrip("\n") + "\n\n<@zhangwei>"
    assert "\n".join(c.split("\n\n", 1)[1] for c in contents) == whole  # split at line ends, nothing lost
    assert contents[-1].endswith("<@zhangwei>")  # the mention rings once, at the end
    assert result.out.splitlines()[0].endswith(f"（第 1/{parts} 条）")


def test_failures_are_reported_per_recipient_and_the_rest_still_sent(
    reg: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    robot_env(monkeypatch, httpserver)
    monkeypatch.setenv("PDCA_WECOM_FINANCE", f"{httpserver.url_for('/flaky')}?key={KEY_F}")
    answers = [Response("busy", status=502), Response("busy", status=503), Response(json.dumps(OK))]
    httpserver.expect_request("/flaky").respond_with_handler(lambda request: answers.pop(0))
    httpserver.expect_request(WECOM).respond_with_json({"errcode": 93000, "errmsg": f"invalid webhook url key={KEY_P}"})

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom")

    assert result.code == 1
    masked = httpserver.url_for(WECOM) + "?key=***"
    assert result.out == (
        f"未发送：物资采购部 → {masked}：机器人返回错误码 93000：invalid webhook url key=***\n"
        f"已发送：财务部 → {httpserver.url_for('/flaky')}?key=***\n"
        "已发送 1 条，失败 1 条\n"
    )
    assert len(httpserver.log) == 4  # one answer with an errcode is not retried; 502 and 503 are
    monkeypatch.delenv("PDCA_WECOM_FINANCE")
    again = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom", "--format", "json")
    assert again.code == 1
    finance = again.json()["messages"][1]
    assert finance == {"recipient": "财务部", "channel": "wecom", "target": "$PDCA_WECOM_FINANCE", "part": 1, "parts": 1,
                       "status": "failed", "attempts": 0, "error": "环境变量 PDCA_WECOM_FINANCE 未设置或为空"}


def test_dry_run_shows_exactly_what_would_go_to_whom_and_sends_nothing(
    reg: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    robot_env(monkeypatch, httpserver)

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom", "--dry-run")

    assert result.code == 0, result.err
    masked = f"{httpserver.url_for(WECOM)}?key=***"
    assert result.out == (
        f"→ 物资采购部（企业微信：{masked}）\n{PURCHASING.rstrip()}\n\n<@lina>\n<@zhangwei>\n"
        f"→ 财务部（企业微信：{masked}）\n{FINANCE.rstrip()}\n\n<@wangfang>\n"
        "预演：2 条消息，未发送任何内容\n"
    )
    assert httpserver.log == []
    as_json = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom", "--dry-run", "--format", "json").json()
    assert as_json["messages"][1]["payload"] == {"msgtype": "markdown",
                                                 "markdown": {"content": FINANCE.rstrip("\n") + "\n\n<@wangfang>"}}
    monkeypatch.delenv("PDCA_WECOM_FINANCE")
    missing = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom", "--dry-run")
    assert missing.code == 1  # the dry run found what would fail
    assert "→ 财务部（企业微信：$PDCA_WECOM_FINANCE（未设置））\n发送时将失败：环境变量 PDCA_WECOM_FINANCE 未设置或为空\n" in missing.out
    assert KEY_P not in result.out + missing.out + json.dumps(as_json)


def test_empty_digests_are_sent_only_with_send_empty(
    reg: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    robot_env(monkeypatch, httpserver)
    seen = collect(httpserver, WECOM)
    quiet_day = "2024-07-03"  # nothing of either department falls on a reminder day

    nothing = pdca("remind", reg, "--as-of", quiet_day, "--send", "wecom")
    assert (nothing.code, nothing.out, seen) == (0, "没有要发送的提醒（没有事项的提醒不发送；需要时加 --send-empty）\n", [])

    proof = pdca("remind", reg, "--as-of", quiet_day, "--send", "wecom", "--send-empty")
    assert proof.code == 0
    assert [r.get_json()["markdown"]["content"] for r in seen] == [
        "## 早提醒：物资采购部（截至 2024-07-03）\n\n截至 2024-07-03，没有需要提醒的事项。",
        "## 早提醒：财务部（截至 2024-07-03）\n\n截至 2024-07-03，没有需要提醒的事项。",
    ]


# --- mail --------------------------------------------------------------------------------------------


@dataclass
class Inbox:
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def mail_routes(port: int) -> str:
    return f"""\
reminders:
  email:
    server: {{host: 127.0.0.1, port: {port}, security: plain, sender: pdca@example.com, sender_name: 纪委办公室}}
    departments:
      finance: [finance-leader@example.com, finance-deputy@example.com]
    owners:
      张伟: zhangwei@example.com
      钱七: qianqi@example.com
"""


def received(envelope: Envelope) -> email.message.EmailMessage:
    assert isinstance(envelope.original_content, bytes)
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_mail_goes_to_each_department_leader_and_owner_with_text_and_html(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    reg = make(tmp_path, routes=mail_routes(port))

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "email")

    assert result.code == 0, result.out + result.err
    assert [e.rcpt_tos for e in box.envelopes] == [["finance-leader@example.com", "finance-deputy@example.com"],
                                                  ["zhangwei@example.com"]]  # 钱七 has nothing today: not sent
    leader = received(box.envelopes[0])
    assert leader["Subject"] == "早提醒：财务部（截至 2024-06-30）"
    assert leader["From"].addresses[0].display_name == "纪委办公室"
    text, html = leader.iter_parts()
    assert text.get_content() == FINANCE
    assert "<h2>早提醒：财务部（截至 2024-06-30）</h2>" in html.get_content()
    assert "<strong>CW-001-M1</strong>" in html.get_content()
    owner = received(box.envelopes[1])
    owner_text = next(iter(owner.iter_parts())).get_content()
    assert owner_text.startswith("## 早提醒：张伟（截至 2024-06-30）\n")
    assert "责任部门 物资采购部" in owner_text and "CW-001" not in owner_text
    owner_html = list(owner.iter_parts())[1].get_content()
    assert "评审记录不完整 &lt;@all&gt; **紧急**" in owner_html  # the register's text is shown, never markup
    assert "<@all>" not in owner_html and "<strong>紧急</strong>" not in owner_html
    assert result.out.splitlines()[-1] == "已发送 2 条，失败 0 条"


# --- refusals ----------------------------------------------------------------------------------------


def test_usage_errors_exit_2(reg: Path) -> None:
    for args, message in (
        (["--dry-run"], "--dry-run 需与 --send 一起使用"),
        (["--send-empty"], "--send-empty 需与 --send 一起使用"),
        (["--send", "email"], "pdca.yaml 没有配置 reminders.email"),
    ):
        result = pdca("remind", reg, "--as-of", AS_OF, *args)
        assert result.code == 2, args
        assert message in result.err
    assert pdca("remind", reg, "--send", "sms").code == 2


def test_routing_to_an_unknown_department_is_refused_at_its_place(tmp_path: Path) -> None:
    reg = make(tmp_path, routes="reminders:\n  wecom:\n    departments:\n      purchase: {webhook_env: PDCA_WECOM_X}\n")

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom", "--dry-run")

    assert result.code == 2
    assert "pdca.yaml:15:7: reminders.wecom.departments 中的部门 purchase 不在 pdca.yaml 的 departments 中（是否指 purchasing？） " \
           "[unknown-reference]" in result.err


WECOM_KEY = "693a91f6-7a1b-4bc4-97a0-0ec2a9f5e1aa"


def test_a_key_written_in_pdca_yaml_is_refused_and_never_printed(tmp_path: Path) -> None:
    routes = f"""\
reminders:
  wecom:
    departments:
      purchasing: {{webhook_env: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}"}}
      finance: {{webhook_env: {WECOM_KEY}}}
rules:
  secret-in-yaml: {{severity: off}}
"""
    reg = make(tmp_path, routes=routes)

    sent = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom")

    assert sent.code == 2  # even with the rule switched off for pdca check: nothing is sent
    assert "pdca.yaml:15:20: reminders.wecom.departments.purchasing.webhook_env 应写环境变量的名称" in sent.err
    assert "pdca.yaml:16:17: reminders.wecom.departments.finance.webhook_env" in sent.err
    shown = sent.out + sent.err
    for fmt in ("text", "json", "github", "sarif", "gitlab"):
        checked = pdca("check", make(tmp_path / fmt, routes=routes.replace("severity: off", "severity: error")),
                       "--as-of", AS_OF, "--format", fmt)
        assert checked.code == 1, fmt
        assert "secret-in-yaml" in checked.out, fmt
        shown += checked.out + checked.err
    assert WECOM_KEY not in shown
    assert WECOM_KEY[:8] not in shown


def test_bad_reminder_settings_are_refused_before_anything_is_sent(tmp_path: Path) -> None:
    routes = "reminders:\n  every: 0\n  email:\n    server: {host: smtp.example.com, sender: a@example.com, user: pdca}\n"
    reg = make(tmp_path, routes=routes)

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "email")

    assert result.code == 2
    assert "reg/pdca.yaml 有 2 处问题妨碍发送，未发送任何提醒：" in result.err
    assert "pdca.yaml:13:3: every 应不小于 1，实际是 0 [schema]" in result.err
    assert "pdca.yaml:15:5: user 和 password_env 要么同时给出（登录），要么都不给 [schema]" in result.err


def test_mail_over_starttls_logs_in_with_the_password_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    import ssl

    import trustme
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # how a job trusts a private CA: the system's way
    password = "smtp-pässwörd-SECRET"
    monkeypatch.setenv("PDCA_SMTP_PASSWORD", password)
    logins: list[tuple[bytes, bytes]] = []

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == password.encode(), handled=False)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port, tls_context=server_context, require_starttls=True,
                            authenticator=authenticate)
    controller.start()
    try:
        routes = (f"reminders:\n  email:\n    server: {{host: 127.0.0.1, port: {port}, sender: pdca@example.com, "
                  "user: pdca, password_env: PDCA_SMTP_PASSWORD}\n    owners: {李娜: lina@example.com}\n")
        result = pdca("remind", make(tmp_path, routes=routes), "--as-of", AS_OF, "--send", "email")
    finally:
        controller.stop()

    assert result.code == 0, result.out + result.err
    assert result.out == "已发送：李娜 → lina@example.com\n已发送 1 条，失败 0 条\n"
    assert logins == [(b"pdca", password.encode())]
    (envelope,) = box.envelopes
    assert envelope.rcpt_tos == ["lina@example.com"]
    assert "CG-001-M2" in next(iter(received(envelope).iter_parts())).get_content()
    assert password not in result.out + result.err


def test_several_registers_each_use_their_own_routing(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    robot_env(monkeypatch, httpserver)
    seen = collect(httpserver, WECOM)
    make(tmp_path / "group")
    make(tmp_path / "subsidiary", routes="")  # routes nothing to 企业微信
    monkeypatch.chdir(tmp_path)
    group, subsidiary = "group/reg", "subsidiary/reg"

    result = pdca("remind", group, subsidiary, "--as-of", AS_OF, "--send", "wecom")

    assert result.code == 0, result.out + result.err
    assert len(seen) == 2
    assert result.out.splitlines()[0].startswith(f"已发送：{group} 物资采购部 → ")
    assert f"{subsidiary}/pdca.yaml 没有配置 reminders.wecom" in result.err
    both = pdca("remind", group, subsidiary, "--as-of", AS_OF, "--format", "json").json()
    assert {d["register"] for d in both["digests"]} == {group, subsidiary}


def test_a_key_anywhere_in_pdca_yaml_stops_sending(tmp_path: Path) -> None:
    token = "0123456789abcdef0123456789abcdef"
    routes = ROUTES + f"issuer:\n  name: 纪委\n  to: 各部门（群机器人 https://oapi.dingtalk.com/robot/send?access_token={token}）\n"
    reg = make(tmp_path, routes=routes)

    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "wecom", "--dry-run")

    assert result.code == 2
    assert "pdca.yaml:24:3: issuer.to 含有疑似带密钥的机器人 webhook 地址的内容（不予显示）" in result.err
    assert token not in result.out + result.err
    assert pdca("remind", reg, "--as-of", AS_OF).code == 0  # showing the digests sends nothing: not refused


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_control_characters_and_bidi_overrides_are_sent_as_the_dry_run_shows_them(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    """An ESC sequence or a right-to-left override in a department's name or an item's text reaches no
    mail raw (a subject, the text part, the HTML part): it is sent as the escape the dry run shows."""
    box, port = inbox
    evil = "财务\u202e部\x1b[2J\x07"
    config = BASE_CONFIG.replace("name: 财务部", f"name: {json.dumps(evil)}") + mail_routes(port)
    reg = write_register(tmp_path / "reg", {"risks/main.yaml": RISKS.replace("报销凭证双人复核", json.dumps("报销\u202e凭证\x1b]0;x\x07")),
                                            "checks/main.yaml": CHECKS}, config=config)
    dry = pdca("remind", reg, "--as-of", AS_OF, "--send", "email", "--dry-run")
    assert "主题：早提醒：财务\\u202e部\\u001b[2J\\u0007（截至 2024-06-30）" in dry.out
    result = pdca("remind", reg, "--as-of", AS_OF, "--send", "email")
    assert result.code == 0, result.out + result.err
    leader = received(box.envelopes[0])
    assert leader["Subject"] == "早提醒：财务\\u202e部\\u001b[2J\\u0007（截至 2024-06-30）"
    text, html = (part.get_content() for part in leader.iter_parts())
    assert "报销\\u202e凭证\\u001b\\]0;x\\u0007" in text and "报销\\u202e凭证\\u001b]0;x\\u0007" in html
    raw = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
    assert not raw.search(leader["Subject"] + text + html)
