"""One JSON POST to a chat robot, done honestly: rate-limited, retried when that can help, never redirected.

企业微信 and 钉钉 robots answer alike (HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`), so both
channels share this; they differ only in payload, address and the errcode that means "too fast".
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pdca import i18n
from pdca.notify.base import Clock, RateLimiter, RetryPolicy, Secrets, mask_url

# Enough for any robot's answer; a larger body is not a robot and is not read whole.
_MAX_ANSWER = 64 * 1024
_MAX_ERRMSG = 300


@dataclass(frozen=True)
class Outcome:
    ok: bool
    attempts: int
    error: str = ""


@dataclass(frozen=True)
class RobotCall:
    """One message part for one robot.  `robot` is the unsigned address: the rate limiter's key, never shown."""

    robot: str
    masked: str
    url: Callable[[], str]  # the address for one attempt (DingTalk signs each attempt afresh)
    payload: dict[str, Any]
    rate_limit_errcode: int


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Robots never redirect; following one could carry the webhook key (in the query) to another host."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None  # urllib then raises the 3xx as an HTTPError, reported as a failure


def webhook_url(value: str, default_base: str, key_param: str) -> str | None:
    """The webhook address from an environment value: a full https address, or only the key.

    Plain http is accepted only for this machine (a test server or a local relay), so a key is never
    sent in the clear across a network.
    """
    if "://" not in value:
        if not all(c.isalnum() or c in "-_" for c in value):
            return None
        return f"{default_base}?{urllib.parse.urlencode({key_param: value})}"
    parts = urllib.parse.urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return value
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return value
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def remember_url(secrets: Secrets, url: str) -> None:
    """Every secret part of a webhook address: the whole address and each query value (the key)."""
    secrets.add(url)
    for _, value in urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query):
        secrets.add(value)


class RobotSender:
    def __init__(
        self,
        *,
        clock: Clock,
        limiter: RateLimiter,
        retry: RetryPolicy,
        timeout: float,
        lang: str,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._clock = clock
        self._limiter = limiter
        self._retry = retry
        self._timeout = timeout
        self._lang = lang
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, call: RobotCall, secrets: Secrets) -> Outcome:
        body = json.dumps(call.payload, ensure_ascii=False).encode()
        attempts = 0
        transient_failures = 0
        waited_for_rate_limit = False
        while True:
            self._limiter.acquire(call.robot)
            attempts += 1
            url = call.url()
            remember_url(secrets, url)  # the signed address has a fresh sign= each time
            retry, answer = self._post(url, body, call.masked)
            if isinstance(answer, dict):
                code = answer["errcode"]
                if code == 0:
                    return Outcome(True, attempts)
                if code == call.rate_limit_errcode and not waited_for_rate_limit:
                    waited_for_rate_limit = True
                    self._clock.sleep(self._retry.rate_limit_wait)
                    continue
                errmsg = str(answer.get("errmsg", ""))[:_MAX_ERRMSG]
                error = i18n.text("remind.error.errcode", self._lang, code=code, errmsg=errmsg)
                return Outcome(False, attempts, secrets.scrub(error))
            if retry:
                transient_failures += 1
                if transient_failures < self._retry.attempts:
                    self._clock.sleep(self._retry.delay(transient_failures))
                    continue
            return Outcome(False, attempts, secrets.scrub(answer))

    def _post(self, url: str, body: bytes, masked: str) -> tuple[bool, dict[str, Any] | str]:
        """(worth retrying, the robot's JSON answer or an error text)."""
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        lang = self._lang
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                raw = response.read(_MAX_ANSWER + 1)
        except urllib.error.HTTPError as error:
            error.close()
            status = error.code
            if 300 <= status < 400:
                location = urllib.parse.urljoin(url, error.headers.get("Location", ""))
                text = i18n.text("remind.error.http_redirect", lang, target=masked, location=mask_url(location), status=status)
                return False, text
            return status >= 500, i18n.text("remind.error.http_status", lang, target=masked, status=status)
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                return True, self._timeout_text(masked)
            if isinstance(reason, ssl.SSLError):
                # A certificate that does not verify will not verify on the next try either.
                return False, i18n.text("remind.error.tls", lang, target=masked, reason=reason)
            return True, i18n.text("remind.error.network", lang, target=masked, reason=reason)
        except TimeoutError:  # the answer was slower than the timeout
            return True, self._timeout_text(masked)
        except (OSError, http.client.HTTPException) as error:  # connection reset, bad status line, …
            return True, i18n.text("remind.error.network", lang, target=masked, reason=type(error).__name__)
        return False, self._robot_answer(raw, masked)

    def _robot_answer(self, raw: bytes, masked: str) -> dict[str, Any] | str:
        try:
            answer = json.loads(raw.decode()) if len(raw) <= _MAX_ANSWER else None
        except ValueError:
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("errcode"), int):
            return answer
        return i18n.text("remind.error.bad_answer", self._lang, target=masked)

    def _timeout_text(self, masked: str) -> str:
        return i18n.text("remind.error.timeout", self._lang, target=masked, seconds=f"{self._timeout:g}")
