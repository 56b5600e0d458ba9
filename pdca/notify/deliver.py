"""Sending a batch of Markdown messages to their recipients, and showing what would be sent.

Every message is tried; a failure is a Result, never an exception, so one dead robot does not keep
the other departments' reminders from going out.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pdca import i18n
from pdca.notify import dingtalk, mail, wecom
from pdca.notify.base import (
    Channel,
    Clock,
    Planned,
    RateLimiter,
    Result,
    RetryPolicy,
    Secrets,
    SystemClock,
)
from pdca.notify.dingtalk import DingTalk
from pdca.notify.mail import Mail, MailSender
from pdca.notify.robot import RobotCall, RobotSender
from pdca.notify.wecom import Wecom

# One robot takes 20 messages a minute (企业微信 and 钉钉 alike).
ROBOT_RATE_LIMIT = 20
ROBOT_RATE_WINDOW = 60.0


@dataclass(frozen=True)
class Message:
    """One digest for one recipient.  `title` is the mail subject and the DingTalk title."""

    recipient: str
    channel: Wecom | DingTalk | Mail
    markdown: str
    title: str = ""


def _channel_name(channel: Wecom | DingTalk | Mail) -> Channel:
    if isinstance(channel, Wecom):
        return "wecom"
    if isinstance(channel, DingTalk):
        return "dingtalk"
    return "mail"


class Notifier:
    """Holds what outlives one message: the clock, each robot's rate window, timeouts and language.

    `env` is read at send time (os.environ unless given); it only ever supplies secrets named by the
    channels.  `ssl_context` is for the robots' https (a proxy's private CA); mail has its own on SmtpServer.
    """

    def __init__(
        self,
        *,
        lang: str = "zh",
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.lang = lang
        self._env = env
        self._clock = clock or SystemClock()
        retry = retry or RetryPolicy()
        limiter = RateLimiter(self._clock, ROBOT_RATE_LIMIT, ROBOT_RATE_WINDOW)
        self._robots = RobotSender(
            clock=self._clock, limiter=limiter, retry=retry, timeout=timeout, lang=lang, ssl_context=ssl_context
        )
        self._mail = MailSender(clock=self._clock, retry=retry, lang=lang)

    @property
    def env(self) -> Mapping[str, str]:
        return os.environ if self._env is None else self._env

    def send(self, messages: Iterable[Message]) -> list[Result]:
        secrets = Secrets()
        results: list[Result] = []
        for message in messages:
            try:
                results.extend(self._send(message, secrets))
            except Exception as error:  # noqa: BLE001 - a bug here must not stop the other recipients' messages
                text = i18n.text("remind.error.unexpected", self.lang, kind=type(error).__name__)
                results.append(Result(message.recipient, _channel_name(message.channel), False, 0, secrets.scrub(text)))
        return results

    def _send(self, message: Message, secrets: Secrets) -> list[Result]:
        channel = message.channel
        name = _channel_name(channel)
        if isinstance(channel, Mail):
            return [self._send_mail(message, channel, secrets)]
        if isinstance(channel, Wecom):
            bodies = wecom.payloads(channel, message.markdown)
            found = wecom.address(channel, self.env, secrets, self.lang)
            if isinstance(found, str):
                return _all_failed(message, name, len(bodies), found, f"${channel.webhook_env}")
            url, masked = found
            sign = None
            errcode = wecom.WECOM_RATE_LIMIT_ERRCODE
        else:
            bodies = dingtalk.payloads(channel, message.title, message.markdown)
            signed = dingtalk.address(channel, self.env, secrets, self._clock, self.lang)
            if isinstance(signed, str):
                return _all_failed(message, name, len(bodies), signed, f"${channel.webhook_env}")
            url, masked, sign = signed
            errcode = dingtalk.DINGTALK_RATE_LIMIT_ERRCODE
        results = []
        for number, body in enumerate(bodies, 1):
            call = RobotCall(
                robot=url, masked=masked, url=sign or (lambda: url), payload=body, rate_limit_errcode=errcode
            )
            outcome = self._robots.send(call, secrets)
            results.append(
                Result(message.recipient, name, outcome.ok, outcome.attempts, outcome.error, number, len(bodies), masked)
            )
        return results

    def _send_mail(self, message: Message, channel: Mail, secrets: Secrets) -> Result:
        target = ", ".join(channel.to)
        try:
            built = mail.build(channel, message.title, message.markdown, self._clock, self.lang)
        except mail.BadAddress as bad:
            problem = i18n.text("remind.error.bad_address", self.lang, address=bad.address)
            return Result(message.recipient, "mail", False, 0, problem, target=target)
        ok, attempts, error = self._mail.send(channel, built, self.env, secrets)
        return Result(message.recipient, "mail", ok, attempts, error, target=target)

    def dry_run(self, messages: Iterable[Message]) -> list[Planned]:
        """Exactly what `send` would post or mail, to whom, with secrets masked; nothing leaves the machine."""
        plans: list[Planned] = []
        for message in messages:
            plans.extend(self._plan(message))
        return plans

    def _plan(self, message: Message) -> list[Planned]:
        channel = message.channel
        secrets = Secrets()  # the addresses are read here only to be masked
        if isinstance(channel, Mail):
            target = ", ".join(channel.to)
            try:
                built = mail.build(channel, message.title, message.markdown, self._clock, self.lang)
            except mail.BadAddress as bad:
                problem = i18n.text("remind.error.bad_address", self.lang, address=bad.address)
                return [Planned(message.recipient, "mail", target, {}, problem=problem)]
            payload = mail.preview(built, channel)
            return [Planned(message.recipient, "mail", target, payload, problem=mail.check(channel, self.env, self.lang))]
        if isinstance(channel, Wecom):
            bodies = wecom.payloads(channel, message.markdown)
            found: tuple[str, ...] | str = wecom.address(channel, self.env, secrets, self.lang)
        else:
            bodies = dingtalk.payloads(channel, message.title, message.markdown)
            signed = dingtalk.address(channel, self.env, secrets, self._clock, self.lang)
            found = signed if isinstance(signed, str) else signed[:2]
        if isinstance(found, str):
            target = f"${channel.webhook_env}{i18n.text('remind.unset', self.lang)}"
            problem = found
        else:
            target, problem = found[1], ""
        name = _channel_name(channel)
        return [
            Planned(message.recipient, name, target, body, number, len(bodies), problem)
            for number, body in enumerate(bodies, 1)
        ]


def _all_failed(message: Message, channel: Channel, parts: int, error: str, target: str) -> list[Result]:
    return [Result(message.recipient, channel, False, 0, error, n, parts, target) for n in range(1, parts + 1)]


def send(
    messages: Iterable[Message],
    *,
    lang: str = "zh",
    env: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    timeout: float = 10.0,
    retry: RetryPolicy | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> list[Result]:
    """Send a one-off batch: `Notifier(...).send(messages)`."""
    notifier = Notifier(lang=lang, env=env, clock=clock, timeout=timeout, retry=retry, ssl_context=ssl_context)
    return notifier.send(messages)


def dry_run(
    messages: Iterable[Message], *, lang: str = "zh", env: Mapping[str, str] | None = None
) -> list[Planned]:
    """What `send` would do, with secrets masked and no network use: `Notifier(...).dry_run(messages)`."""
    return Notifier(lang=lang, env=env).dry_run(messages)
