"""pdca.notify against real local servers: an HTTP server standing in for the robots, aiosmtpd for mail.

Time goes through a fake clock (sleeps are recorded and advance it), so the retry back-off and the
one-minute rate window are asserted without waiting; network timeouts are real and short.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import json
import socket
import ssl
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pdca.notify import (
    DingTalk,
    Mail,
    Message,
    Notifier,
    Result,
    RetryPolicy,
    SmtpServer,
    Wecom,
    dry_run,
    exit_status,
    split_message,
)

WECOM_PATH = "/cgi-bin/webhook/send"
DING_PATH = "/robot/send"
KEY = "wecom-key-7f3a9c1e-SECRET"
TOKEN = "dingtoken0123456789SECRET"
DING_SECRET = "SECb0a6c0ffee+/=dingtalk-signing-SECRET"
SMTP_PASSWORD = "smtp-pässwörd-SECRET"
OK = {"errcode": 0, "errmsg": "ok"}
WALL = 1_700_000_000.5  # exact in binary, so the millisecond timestamp is exact too


@dataclass
class FakeClock:
    now: float = 1000.0
    wall: float = WALL
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.wall

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.wall += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def wecom_env(monkeypatch: pytest.MonkeyPatch, server: HTTPServer, name: str = "PDCA_WECOM_PURCHASING") -> str:
    monkeypatch.setenv(name, f"{server.url_for(WECOM_PATH)}?key={KEY}")
    return name


def masked_wecom(server: HTTPServer) -> str:
    return f"{server.url_for(WECOM_PATH)}?key=***"


def ok_json() -> Response:
    return Response(json.dumps(OK), content_type="application/json")


# --- 企业微信 ---------------------------------------------------------------------------------------


def test_wecom_posts_the_exact_markdown_payload_with_mentions(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    digest = "## 早提醒\n- CG-001 采购需求审批：措施 2024-06-30 到期"
    httpserver.expect_request(
        WECOM_PATH,
        method="POST",
        query_string={"key": KEY},
        headers={"Content-Type": "application/json; charset=utf-8"},
        json={"msgtype": "markdown", "markdown": {"content": digest + "\n\n<@zhangsan>\n<@lisi>"}},
    ).respond_with_json(OK)

    results = Notifier(clock=clock).send([Message("物资采购部", Wecom(env, mentions=("zhangsan", "lisi")), digest)])

    assert results == [Result("物资采购部", "wecom", True, 1, "", 1, 1, masked_wecom(httpserver))]
    assert len(httpserver.log) == 1
    assert exit_status(results) == 0
    assert clock.sleeps == []


def test_wecom_splits_into_numbered_parts_at_the_byte_limit(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    received: list[str] = []

    def robot(request: Request) -> Response:
        received.append(request.get_json()["markdown"]["content"])
        return ok_json()

    httpserver.expect_request(WECOM_PATH, method="POST").respond_with_handler(robot)
    # Part budget is 4096 - len("(1/3)\n\n") = 4089 bytes.  The first line fills it exactly; the second is
    # one ASCII byte then 3-byte characters, so a cut at byte 4089 would fall inside a character.
    first = "廉" * 1363
    long_line = "A" + "洁" * 1400
    digest = f"{first}\n{long_line}\n短行"

    results = Notifier(clock=clock).send([Message("财务部", Wecom(env), digest)])

    assert received == [
        "(1/3)\n\n" + first,
        "(2/3)\n\n" + "A" + "洁" * 1362,
        "(3/3)\n\n" + "洁" * 38 + "\n短行",
    ]
    assert [len(part.encode()) for part in received] == [4096, 4094, 128]
    assert [(r.part, r.parts, r.ok) for r in results] == [(1, 3, True), (2, 3, True), (3, 3, True)]


def test_split_keeps_every_character_and_never_exceeds_the_limit() -> None:
    lines = [f"{n}. 风险点“{'招标采购' * (n % 40)}”——措施到期🙂" for n in range(400)]
    text = "\n".join(lines)
    parts = split_message(text, 4096)

    assert len(parts) > 9  # two-digit numbering: the reserve for "(10/NN)" must hold too
    for number, part in enumerate(parts, 1):
        assert len(part.encode()) <= 4096
        assert part.startswith(f"({number}/{len(parts)})\n\n")
    bodies = [part.split("\n\n", 1)[1] for part in parts]
    assert "\n".join(bodies) == text  # split only between lines, nothing lost or repeated
    assert split_message("短消息", 4096) == ["短消息"]
    # Two lines and the newline between them fill a part to the last byte: they stay together.
    first, second = "甲" * 1000, "xy" + "乙" * 362
    exact = split_message(f"{first}\n{second}\n丙丙丙", 4096)
    assert exact == [f"(1/2)\n\n{first}\n{second}", "(2/2)\n\n丙丙丙"]
    assert len(exact[0].encode()) == 4096


# --- 钉钉 -------------------------------------------------------------------------------------------


def test_dingtalk_signs_the_request_and_posts_the_exact_payload(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    monkeypatch.setenv("PDCA_DING_FINANCE", f"{httpserver.url_for(DING_PATH)}?access_token={TOKEN}")
    monkeypatch.setenv("PDCA_DING_FINANCE_SECRET", DING_SECRET)
    seen: list[Request] = []

    def robot(request: Request) -> Response:
        seen.append(request)
        return ok_json()

    httpserver.expect_request(DING_PATH, method="POST").respond_with_handler(robot)
    channel = DingTalk("PDCA_DING_FINANCE", "PDCA_DING_FINANCE_SECRET", ("user01", " user\n02 "))

    results = Notifier(clock=clock).send([Message("财务部", channel, "### 到期提醒\n- CW-003", title="早提醒 财务部")])

    assert [r.ok for r in results] == [True]
    assert results[0].target == f"{httpserver.url_for(DING_PATH)}?access_token=***&timestamp=***&sign=***"
    (request,) = seen
    assert request.get_json() == {
        "msgtype": "markdown",
        "markdown": {"title": "早提醒 财务部", "text": "### 到期提醒\n- CW-003\n\n@user01 @user02"},
        "at": {"atUserIds": ["user01", "user02"], "isAtAll": False},
    }
    # Recompute DingTalk's signature from what arrived: HMAC-SHA256 over "timestamp\nsecret", keyed by the secret.
    timestamp = request.args["timestamp"]
    assert timestamp == str(int(WALL * 1000))
    expected = base64.b64encode(
        hmac.new(DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert request.args["sign"] == expected
    assert request.args["access_token"] == TOKEN
    assert f"sign={urllib.parse.quote_plus(expected)}" in request.query_string.decode()


def test_dry_run_shows_split_dingtalk_parts_and_mail_without_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_DING_FINANCE", f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}")
    monkeypatch.setenv("PDCA_DING_FINANCE_SECRET", DING_SECRET)
    monkeypatch.delenv("PDCA_WECOM_NOWHERE", raising=False)
    server = SmtpServer("mail.invalid", "pdca@example.com", user="pdca", password_env="PDCA_SMTP_PASSWORD")
    monkeypatch.setenv("PDCA_SMTP_PASSWORD", SMTP_PASSWORD)
    long_text = "\n".join(f"- 第{n}项 整改期限临近" for n in range(400))

    plans = dry_run([
        Message("财务部", DingTalk("PDCA_DING_FINANCE", "PDCA_DING_FINANCE_SECRET", ("user01",)), long_text,
                title="早提醒"),
        Message("纪委办公室", Wecom("PDCA_WECOM_NOWHERE"), "一条"),
        Message("领导", Mail(("boss@example.com",), server), "# 标题", title="早提醒"),
    ])

    ding = [p for p in plans if p.channel == "dingtalk"]
    assert len(ding) == 3
    assert [p.payload["markdown"]["title"] for p in ding] == ["早提醒 (1/3)", "早提醒 (2/3)", "早提醒 (3/3)"]
    assert all(len(p.payload["markdown"]["text"].encode()) <= 5000 for p in ding)
    assert [p.payload["at"]["atUserIds"] for p in ding] == [[], [], ["user01"]]
    assert ding[2].payload["markdown"]["text"].endswith("\n\n@user01")
    assert ding[0].target == "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=***&sign=***"
    (wecom_plan,) = [p for p in plans if p.channel == "wecom"]
    assert wecom_plan.payload == {"msgtype": "markdown", "markdown": {"content": "一条"}}
    assert wecom_plan.problem == "环境变量 PDCA_WECOM_NOWHERE 未设置或为空"
    assert wecom_plan.target == "$PDCA_WECOM_NOWHERE（未设置）"
    (mail_plan,) = [p for p in plans if p.channel == "mail"]
    assert mail_plan.payload["to"] == ["boss@example.com"]
    assert mail_plan.payload["subject"] == "早提醒"
    assert "<h1>标题</h1>" in mail_plan.payload["html"]
    assert mail_plan.problem == ""
    shown = repr(plans)
    for secret in (TOKEN, DING_SECRET, SMTP_PASSWORD):
        assert secret not in shown


# --- failures, retries, rate limits ---------------------------------------------------------------


def test_http_500_is_retried_with_backoff_until_it_succeeds(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    httpserver.expect_ordered_request(WECOM_PATH).respond_with_data("busy", status=500)
    httpserver.expect_ordered_request(WECOM_PATH).respond_with_data("busy", status=502)
    httpserver.expect_ordered_request(WECOM_PATH).respond_with_json(OK)

    (result,) = Notifier(clock=clock).send([Message("物资采购部", Wecom(env), "提醒")])

    assert (result.ok, result.attempts, result.error) == (True, 3, "")
    assert clock.sleeps == [1.0, 2.0]
    assert len(httpserver.log) == 3


def test_http_500_every_time_fails_after_three_attempts(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    httpserver.expect_request(WECOM_PATH).respond_with_data("down", status=503)

    results = Notifier(clock=clock, lang="en").send([Message("purchasing", Wecom(env), "reminder")])

    assert results == [Result(
        "purchasing", "wecom", False, 3, f"{masked_wecom(httpserver)} answered HTTP 503", 1, 1,
        masked_wecom(httpserver),
    )]
    assert clock.sleeps == [1.0, 2.0]
    assert exit_status(results) == 1


def test_http_400_is_not_retried(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    env = wecom_env(monkeypatch, httpserver)
    httpserver.expect_request(WECOM_PATH).respond_with_data("bad request", status=400)

    (result,) = Notifier(clock=clock).send([Message("物资采购部", Wecom(env), "提醒")])

    assert (result.ok, result.attempts) == (False, 1)
    assert result.error == f"{masked_wecom(httpserver)} 返回 HTTP 400"
    assert clock.sleeps == []
    assert len(httpserver.log) == 1


def test_nonzero_errcode_is_reported_with_code_and_errmsg(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    httpserver.expect_request(WECOM_PATH).respond_with_json({"errcode": 93000, "errmsg": "invalid webhook url"})

    (result,) = Notifier(clock=clock).send([Message("物资采购部", Wecom(env), "提醒")])

    assert (result.ok, result.attempts) == (False, 1)
    assert result.error == "机器人返回错误码 93000：invalid webhook url"
    assert len(httpserver.log) == 1


def test_rate_limit_errcode_waits_a_window_and_retries_once(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    monkeypatch.setenv("PDCA_DING", f"{httpserver.url_for(DING_PATH)}?access_token={TOKEN}")
    httpserver.expect_ordered_request(WECOM_PATH).respond_with_json({"errcode": 45009, "errmsg": "api freq out of limit"})
    httpserver.expect_ordered_request(WECOM_PATH).respond_with_json(OK)
    httpserver.expect_ordered_request(DING_PATH).respond_with_json({"errcode": 130101, "errmsg": "send too fast"})
    httpserver.expect_ordered_request(DING_PATH).respond_with_json({"errcode": 130101, "errmsg": "send too fast"})

    wecom, ding = Notifier(clock=clock).send([
        Message("物资采购部", Wecom(env), "提醒"),
        Message("财务部", DingTalk("PDCA_DING"), "提醒", title="早提醒"),
    ])

    assert (wecom.ok, wecom.attempts) == (True, 2)
    assert (ding.ok, ding.attempts, ding.error) == (False, 2, "机器人返回错误码 130101：send too fast")
    assert clock.sleeps == [60.0, 60.0]
    httpserver.check_assertions()


def test_the_21st_message_in_a_minute_waits_for_the_sliding_window(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    other = wecom_env(monkeypatch, httpserver, "PDCA_WECOM_OTHER")
    monkeypatch.setenv(other, f"{httpserver.url_for(WECOM_PATH)}?key=another-robot")
    arrivals: list[float] = []

    def robot(request: Request) -> Response:
        arrivals.append(clock.monotonic())
        clock.advance(1.0)  # each message takes a second, so the window slides rather than resets
        return ok_json()

    httpserver.expect_request(WECOM_PATH).respond_with_handler(robot)
    messages = [Message(f"部门{n}", Wecom(env), f"第{n}条") for n in range(21)]
    messages.append(Message("另一个群", Wecom(other), "另一个机器人"))

    results = Notifier(clock=clock).send(messages)

    assert all(r.ok for r in results)
    # 20 sent at 1000..1019; the 21st may go when the first leaves the window, at 1060: a 40 s wait.
    assert clock.sleeps == [40.0]
    assert arrivals[:20] == [1000.0 + n for n in range(20)]
    assert arrivals[20] == 1060.0
    assert arrivals[21] == 1061.0  # another robot has its own window: no wait


@pytest.fixture
def slow_server() -> Iterator[HTTPServer]:
    # Threaded, so a handler still asleep does not hold up the client's next attempt.
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_robot_slower_than_the_timeout_is_retried_then_reported(
    slow_server: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    monkeypatch.setenv("PDCA_WECOM_SLOW", f"{slow_server.url_for(WECOM_PATH)}?key={KEY}")
    calls: list[int] = []

    def sleepy(request: Request) -> Response:
        calls.append(1)
        if len(calls) in (1, 3, 4, 5):  # the first message: slow once; the second: slow every time
            time.sleep(0.3)
        return ok_json()

    slow_server.expect_request(WECOM_PATH).respond_with_handler(sleepy)
    notifier = Notifier(clock=clock, timeout=0.1)
    started = time.monotonic()

    recovered, lost = notifier.send([
        Message("物资采购部", Wecom("PDCA_WECOM_SLOW"), "一"),
        Message("财务部", Wecom("PDCA_WECOM_SLOW"), "二"),
    ])

    assert (recovered.ok, recovered.attempts) == (True, 2)
    assert (lost.ok, lost.attempts) == (False, 3)
    assert lost.error == f"{slow_server.url_for(WECOM_PATH)}?key=*** 在 0.1 秒内没有应答"
    assert clock.sleeps == [1.0, 1.0, 2.0]
    assert time.monotonic() - started < 2.0  # the client gave up on time instead of waiting for answers


def test_missing_or_empty_env_var_fails_that_recipient_and_the_rest_are_sent(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    monkeypatch.delenv("PDCA_WECOM_MISSING", raising=False)
    monkeypatch.setenv("PDCA_WECOM_EMPTY", "   ")
    monkeypatch.setenv("PDCA_WECOM_PLAINHTTP", f"http://example.com/hook?key={KEY}")
    monkeypatch.setenv("PDCA_DING_NOSECRET", f"{httpserver.url_for(DING_PATH)}?access_token={TOKEN}")
    monkeypatch.delenv("PDCA_DING_SECRET_MISSING", raising=False)
    httpserver.expect_request(WECOM_PATH).respond_with_json(OK)

    results = Notifier(clock=clock).send([
        Message("甲", Wecom("PDCA_WECOM_MISSING"), "提醒"),
        Message("乙", Wecom(env), "提醒"),
        Message("丙", Wecom("PDCA_WECOM_EMPTY"), "提醒"),
        Message("丁", Wecom("PDCA_WECOM_PLAINHTTP"), "提醒"),
        Message("戊", DingTalk("PDCA_DING_NOSECRET", "PDCA_DING_SECRET_MISSING"), "提醒"),
    ])

    assert [(r.recipient, r.ok, r.attempts, r.error) for r in results] == [
        ("甲", False, 0, "环境变量 PDCA_WECOM_MISSING 未设置或为空"),
        ("乙", True, 1, ""),
        ("丙", False, 0, "环境变量 PDCA_WECOM_EMPTY 未设置或为空"),
        ("丁", False, 0, "环境变量 PDCA_WECOM_PLAINHTTP 的值既不是 https 网址，也不像机器人密钥"),
        ("戊", False, 0, "环境变量 PDCA_DING_SECRET_MISSING 未设置或为空"),
    ]
    assert results[0].target == "$PDCA_WECOM_MISSING"
    assert len(httpserver.log) == 1
    assert exit_status(results) == 1
    assert exit_status([r for r in results if r.ok]) == 0
    assert exit_status([]) == 0
    english = Notifier(clock=clock, lang="en").send([Message("甲", Wecom("PDCA_WECOM_MISSING"), "x")])
    assert english[0].error == "the environment variable PDCA_WECOM_MISSING is not set or is empty"


def test_secrets_never_appear_in_results_even_when_servers_echo_them(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    env = wecom_env(monkeypatch, httpserver)
    monkeypatch.setenv("PDCA_WECOM_REDIRECT", f"{httpserver.url_for('/redirect')}?key={KEY}")
    monkeypatch.setenv("PDCA_DING", f"{httpserver.url_for(DING_PATH)}?access_token={TOKEN}")
    monkeypatch.setenv("PDCA_DING_SECRET", DING_SECRET)
    with socket.socket() as probe:  # a port with nobody listening: connection refused
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("PDCA_WECOM_DEAD", f"http://127.0.0.1:{closed_port}{WECOM_PATH}?key={KEY}")

    def echo(request: Request) -> Response:
        # A server that quotes the request's address (and so the secret) back in its error message.
        return Response(json.dumps({"errcode": 40058, "errmsg": f"bad request {request.url}"}))

    httpserver.expect_request(WECOM_PATH).respond_with_handler(echo)
    httpserver.expect_request(DING_PATH).respond_with_handler(echo)
    httpserver.expect_request("/redirect").respond_with_response(
        Response("", status=302, headers={"Location": f"{httpserver.url_for('/stolen')}?key={KEY}"})
    )
    httpserver.expect_request("/stolen").respond_with_json(OK)

    results = Notifier(clock=clock).send([
        Message("甲", Wecom(env), "提醒"),
        Message("乙", DingTalk("PDCA_DING", "PDCA_DING_SECRET"), "提醒"),
        Message("丙", Wecom("PDCA_WECOM_REDIRECT"), "提醒"),
        Message("丁", Wecom("PDCA_WECOM_DEAD"), "提醒"),
    ])

    assert [r.ok for r in results] == [False, False, False, False]
    # The echoed address is a secret as a whole (and the signed one carries the sign of the moment).
    assert results[0].error == "机器人返回错误码 40058：bad request ***"
    assert results[1].error == "机器人返回错误码 40058：bad request ***"
    assert results[2].error == (
        f"{httpserver.url_for('/redirect')}?key=*** 要求重定向到 {httpserver.url_for('/stolen')}?key=***"
        "（HTTP 302），为安全起见不予跟随"
    )
    assert results[3].error.startswith(f"无法连接 http://127.0.0.1:{closed_port}{WECOM_PATH}?key=***：")
    assert results[3].attempts == 3
    assert "/stolen" not in [request.path for request, _ in httpserver.log]  # the redirect was not followed
    shown = repr(results) + " ".join(r.error + r.target for r in results)
    for secret in (KEY, TOKEN, DING_SECRET, urllib.parse.quote_plus(DING_SECRET)):
        assert secret not in shown


# --- mail -------------------------------------------------------------------------------------------


@dataclass
class Inbox:
    envelopes: list[Envelope] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def authenticate(
        self, server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        # handled=False: aiosmtpd then answers 535 itself on a failure.
        return AuthResult(success=data.login == b"pdca" and data.password == SMTP_PASSWORD.encode(), handled=False)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls(ca: trustme.CA) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context with a certificate for 127.0.0.1, client context that trusts only the test CA)."""
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(server)
    client = ssl.create_default_context()
    ca.configure_trust(client)
    return server, client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(request: pytest.FixtureRequest, tls: tuple[ssl.SSLContext, ssl.SSLContext]) -> Iterator[tuple[Inbox, int]]:
    """A real aiosmtpd server: "starttls" (required, with AUTH), "ssl" (implicit TLS, with AUTH) or "plain"."""
    inbox = Inbox()
    port = free_port()
    mode = request.param
    options: dict[str, Any] = {}
    if mode == "starttls":
        options = {"tls_context": tls[0], "require_starttls": True, "authenticator": inbox.authenticate}
    elif mode == "ssl":
        # aiosmtpd counts only STARTTLS as TLS when offering AUTH; this connection is TLS from the first byte.
        options = {"ssl_context": tls[0], "authenticator": inbox.authenticate, "auth_require_tls": False}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    yield inbox, port
    controller.stop()


DIGEST = "# 早提醒\n\n| 编号 | 到期 |\n| --- | --- |\n| CG-001 | 2024-06-30 |\n\n备注：<script>alert('x')</script>"
SUBJECT = "早提醒：物资采购部 1 项即将到期"


def mail_to(port: int, security: str, client: ssl.SSLContext | None, **extra: Any) -> Message:
    server = SmtpServer(
        "127.0.0.1", "pdca@example.com", port=port, security=security,  # type: ignore[arg-type]
        sender_name="廉洁风险防控平台", ssl_context=client, timeout=5.0, **extra,
    )
    return Message("物资采购部", Mail(("buyer@example.com", "leader@example.com"), server), DIGEST, title=SUBJECT)


def check_received(envelope: Envelope) -> None:
    assert envelope.mail_from == "pdca@example.com"
    assert envelope.rcpt_tos == ["buyer@example.com", "leader@example.com"]
    raw = envelope.original_content
    assert isinstance(raw, bytes)
    raw.decode("ascii")  # headers RFC 2047-encoded and bodies base64: the mail is 7-bit clean
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert mail["Subject"] == SUBJECT
    assert mail["From"].addresses[0].display_name == "廉洁风险防控平台"
    assert mail.get_content_type() == "multipart/alternative"
    text, html = mail.iter_parts()
    assert text.get_content_type() == "text/plain" and text.get_content() == DIGEST + "\n"  # email adds the final newline
    assert html.get_content_type() == "text/html"
    body = html.get_content()
    assert "<h1>早提醒</h1>" in body and "<td>CG-001</td>" in body
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in body and "<script>" not in body


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_mail_over_starttls_with_login_arrives_with_both_parts(
    smtp: tuple[Inbox, int], tls: tuple[ssl.SSLContext, ssl.SSLContext], monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    inbox, port = smtp
    monkeypatch.setenv("PDCA_SMTP_PASSWORD", SMTP_PASSWORD)

    results = Notifier(clock=clock).send([
        mail_to(port, "starttls", tls[1], user="pdca", password_env="PDCA_SMTP_PASSWORD"),
    ])

    assert results == [Result("物资采购部", "mail", True, 1, "", target="buyer@example.com, leader@example.com")]
    assert inbox.logins == [(b"pdca", SMTP_PASSWORD.encode())]
    (envelope,) = inbox.envelopes
    check_received(envelope)


@pytest.mark.parametrize("smtp", ["ssl"], indirect=True)
def test_mail_over_implicit_ssl_and_a_wrong_password(
    smtp: tuple[Inbox, int], tls: tuple[ssl.SSLContext, ssl.SSLContext], monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    inbox, port = smtp
    monkeypatch.setenv("PDCA_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("PDCA_SMTP_WRONG", "not-the-password-SECRET")
    notifier = Notifier(clock=clock)

    good, wrong = notifier.send([
        mail_to(port, "ssl", tls[1], user="pdca", password_env="PDCA_SMTP_PASSWORD"),
        mail_to(port, "ssl", tls[1], user="pdca", password_env="PDCA_SMTP_WRONG"),
    ])

    assert (good.ok, good.attempts) == (True, 1)
    (envelope,) = inbox.envelopes
    check_received(envelope)
    assert (wrong.ok, wrong.attempts) == (False, 1)  # a refused login is not retried
    assert wrong.error == f"邮件服务器 127.0.0.1:{port} (ssl) 拒绝登录（535），请检查用户名和 PDCA_SMTP_WRONG"
    assert "not-the-password-SECRET" not in repr([good, wrong])


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_mail_refuses_an_untrusted_certificate(smtp: tuple[Inbox, int], clock: FakeClock) -> None:
    inbox, port = smtp
    untrusting = ssl.create_default_context()  # the system CAs only: the test CA is unknown

    (result,) = Notifier(clock=clock).send([mail_to(port, "starttls", untrusting)])

    assert (result.ok, result.attempts) == (False, 1)
    assert result.error.startswith(f"与 127.0.0.1:{port} (starttls) 的 TLS 连接失败：")
    assert "CERTIFICATE_VERIFY_FAILED" in result.error
    assert inbox.envelopes == []


@pytest.mark.parametrize("smtp", ["plain"], indirect=True)
def test_plain_smtp_only_when_asked_and_never_with_a_password(
    smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    inbox, port = smtp
    monkeypatch.setenv("PDCA_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.delenv("PDCA_SMTP_UNSET", raising=False)

    starttls, with_password, plain, unset = Notifier(clock=clock).send([
        mail_to(port, "starttls", None),  # the default security against a server without STARTTLS
        mail_to(port, "plain", None, user="pdca", password_env="PDCA_SMTP_PASSWORD"),
        mail_to(port, "plain", None),
        mail_to(port, "plain", None, user="pdca", password_env="PDCA_SMTP_UNSET"),
    ])

    assert (starttls.ok, starttls.error) == (
        False, f"邮件服务器 127.0.0.1:{port} (starttls) 不支持 STARTTLS，邮件未以明文发送"
    )
    assert (with_password.ok, with_password.attempts, with_password.error) == (
        False, 0, "明文连接（plain）下不提交密码，请改用 starttls 或 ssl"
    )
    assert (plain.ok, plain.attempts) == (True, 1)
    assert (unset.ok, unset.attempts) == (False, 0)
    (envelope,) = inbox.envelopes  # only the one plain mail without a password
    check_received(envelope)
    assert inbox.logins == []


@pytest.mark.parametrize("smtp", ["plain"], indirect=True)
def test_mail_headers_cannot_be_injected_and_bad_addresses_are_reported(
    smtp: tuple[Inbox, int], clock: FakeClock
) -> None:
    inbox, port = smtp
    server = SmtpServer("127.0.0.1", "pdca@example.com", port=port, security="plain", timeout=5.0)

    injected, bad = Notifier(clock=clock).send([
        Message("甲", Mail(("buyer@example.com",), server), "正文", title="早提醒\r\nBcc: spy@example.com"),
        Message("乙", Mail(("buyer@example.com", "不是地址"), server), "正文", title="早提醒"),
    ])

    assert (injected.ok, bad.ok) == (True, False)
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["buyer@example.com"]
    assert isinstance(envelope.original_content, bytes)
    received = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert received["Subject"] == "早提醒 Bcc: spy@example.com"
    assert received["Bcc"] is None
    assert (bad.attempts, bad.error) == (0, "邮件地址不合法：不是地址")


def test_unreachable_mail_server_is_retried_then_reported(clock: FakeClock) -> None:
    port = free_port()  # nobody listens there

    (result,) = Notifier(clock=clock).send([mail_to(port, "plain", None)])

    assert (result.ok, result.attempts) == (False, 3)
    assert result.error.startswith(f"无法连接 127.0.0.1:{port} (plain)：")
    assert clock.sleeps == [1.0, 2.0]


def test_retry_policy_is_the_callers(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    env = wecom_env(monkeypatch, httpserver)
    httpserver.expect_request(WECOM_PATH).respond_with_data("down", status=500)

    (result,) = Notifier(clock=clock, retry=RetryPolicy(attempts=2, backoff=0.5)).send(
        [Message("物资采购部", Wecom(env), "提醒")]
    )

    assert (result.ok, result.attempts) == (False, 2)
    assert clock.sleeps == [0.5]


def test_the_real_clock_is_the_default() -> None:
    from pdca.notify import SystemClock

    real = SystemClock()
    before = real.monotonic()
    real.sleep(0.01)
    assert real.monotonic() - before >= 0.01
    assert abs(real.time() - time.time()) < 1.0


def test_a_scaled_clock_skips_waits_but_counts_them_for_the_rate_window() -> None:
    from pdca.notify import ScaledClock, SystemClock, clock_from

    clock = clock_from({"PDCA_SEND_WAIT_SCALE": "0"})
    assert isinstance(clock, ScaledClock)
    started, before = time.monotonic(), clock.monotonic()
    clock.sleep(60.0)
    assert clock.monotonic() - before >= 60.0  # the rate limiter sees the minute as gone by
    assert time.monotonic() - started < 0.5  # without waiting it
    for value in ({}, {"PDCA_SEND_WAIT_SCALE": "abc"}, {"PDCA_SEND_WAIT_SCALE": "1"}, {"PDCA_SEND_WAIT_SCALE": "-1"}):
        assert type(clock_from(value)) is SystemClock
