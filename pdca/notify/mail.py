"""Mail over SMTP: one multipart/alternative mail per recipient group, the Markdown as text and as HTML.

The HTML comes from markdown-it-py with raw HTML off: the digest quotes the register, which is
untrusted text, so a `<script>` in a risk's description arrives as text, not as markup.
"""

from __future__ import annotations

import base64
import html
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Literal

from markdown_it import MarkdownIt

from pdca import i18n
from pdca.notify.base import Clock, RetryPolicy, Secrets, read_env

Security = Literal["starttls", "ssl", "plain"]
_DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "ssl": 465, "plain": 25}
_MAX_REPLY = 300

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class SmtpServer:
    """Where and how mail leaves.  `security="plain"` (no TLS) is for a relay on the same host or network
    and must be asked for; a password is never sent over it.  `ssl_context` lets a caller trust a
    private CA (or a test's self-signed certificate)."""

    host: str
    sender: str
    port: int | None = None  # 587, 465 or 25 by `security`
    security: Security = "starttls"
    sender_name: str = ""
    user: str | None = None
    password_env: str | None = None
    ssl_context: ssl.SSLContext | None = None
    timeout: float = 30.0

    def __post_init__(self) -> None:
        # Configuration mistakes, found before anything is sent; not delivery failures.
        if self.security not in _DEFAULT_PORTS:
            raise ValueError(f"security must be starttls, ssl or plain, not {self.security!r}")
        if (self.user is None) != (self.password_env is None):
            raise ValueError("give both user and password_env to log in, or neither")

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or _DEFAULT_PORTS[self.security]} ({self.security})"


@dataclass(frozen=True)
class Mail:
    """A recipient group: one mail to all of `to`."""

    to: tuple[str, ...]
    server: SmtpServer


def render_html(markdown: str, title: str, lang: str = "zh") -> str:
    body = _MARKDOWN.render(markdown)
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body>\n{body}</body>\n</html>\n"
    )


def one_line(text: str) -> str:
    # A line break in a header would end it (header injection); the subject comes from the register.
    return " ".join(text.split())


class BadAddress(ValueError):
    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address


def _address(addr_spec: str, display_name: str = "") -> Address:
    try:
        return Address(display_name=display_name, addr_spec=addr_spec.strip())
    except (ValueError, IndexError, HeaderParseError):  # what email's header parser raises for a malformed address
        raise BadAddress(addr_spec) from None


def build(channel: Mail, title: str, markdown: str, clock: Clock, lang: str = "zh") -> EmailMessage:
    """The mail; raises BadAddress for a sender or recipient address that does not parse."""
    server = channel.server
    message = EmailMessage()
    message["Subject"] = one_line(title)
    message["From"] = _address(server.sender, one_line(server.sender_name))
    message["To"] = [_address(to) for to in channel.to]
    message["Date"] = formatdate(clock.time(), localtime=True)
    message["Message-ID"] = make_msgid(domain=server.sender.rpartition("@")[2] or None)
    # base64 keeps the Chinese text 7-bit clean for any relay, whether or not it speaks 8BITMIME.
    message.set_content(markdown, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(render_html(markdown, one_line(title), lang), subtype="html", charset="utf-8", cte="base64")
    return message


def preview(message: EmailMessage, channel: Mail) -> dict[str, Any]:
    """The mail as `dry_run` shows it."""
    text, rendered = (part.get_content() for part in message.iter_parts())
    return {
        "server": channel.server.address,
        "from": str(message["From"]),
        "to": list(channel.to),
        "subject": str(message["Subject"]),
        "text": text,
        "html": rendered,
    }


def check(channel: Mail, env: Mapping[str, str], lang: str) -> str:
    """What stops this mail before any connection, in words; "" when nothing does."""
    server = channel.server
    if server.password_env is not None:
        if server.security == "plain":
            return i18n.text("remind.error.plain_login", lang)
        if read_env(env, server.password_env) is None:
            return i18n.text("remind.error.env_missing", lang, name=server.password_env)
    if not channel.to:
        return i18n.text("remind.error.no_addresses", lang)
    return ""


class _Failure(Exception):
    """A failed attempt, already put in words; `retry` when trying again may help."""

    def __init__(self, text: str, *, retry: bool) -> None:
        super().__init__(text)
        self.text = text
        self.retry = retry


class MailSender:
    def __init__(self, *, clock: Clock, retry: RetryPolicy, lang: str) -> None:
        self._clock = clock
        self._retry = retry
        self._lang = lang

    def send(
        self, channel: Mail, message: EmailMessage, env: Mapping[str, str], secrets: Secrets
    ) -> tuple[bool, int, str]:
        """(sent, attempts, error text)."""
        lang = self._lang
        problem = check(channel, env, lang)
        if problem:
            return False, 0, problem
        password: str | None = None
        if channel.server.password_env is not None:
            password = secrets.add(env[channel.server.password_env])
        attempts = 0
        while True:
            attempts += 1
            try:
                refused = self._send_once(channel, message, password)
            except _Failure as failure:
                if failure.retry and attempts < self._retry.attempts:
                    self._clock.sleep(self._retry.delay(attempts))
                    continue
                return False, attempts, secrets.scrub(failure.text)
            if refused:
                # Some addresses took the mail: sending again would duplicate it for them.
                return False, attempts, i18n.text("remind.error.smtp_refused", lang, addresses=", ".join(sorted(refused)))
            return True, attempts, ""

    def _send_once(self, channel: Mail, message: EmailMessage, password: str | None) -> dict[str, Any]:
        server = channel.server
        target = server.address
        lang = self._lang
        port = server.port or _DEFAULT_PORTS[server.security]
        context = server.ssl_context or ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if server.security == "ssl":
                smtp = smtplib.SMTP_SSL(server.host, port, timeout=server.timeout, context=context)
            else:
                smtp = smtplib.SMTP(server.host, port, timeout=server.timeout)
            with smtp:
                smtp.ehlo()
                if server.security == "starttls":
                    if not smtp.has_extn("starttls"):
                        # Never fall back to the clear: the mail and the password would cross the network readable.
                        raise _Failure(i18n.text("remind.error.smtp_no_starttls", lang, target=target), retry=False)
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if server.user is not None and password is not None:
                    _login(smtp, server.user, password, target, lang)
                return smtp.send_message(message, to_addrs=list(channel.to))
        except smtplib.SMTPAuthenticationError as error:
            raise _Failure(
                i18n.text("remind.error.smtp_auth", lang, target=target, code=error.smtp_code, name=server.password_env),
                retry=False,
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            text = i18n.text("remind.error.smtp_refused", lang, addresses=", ".join(sorted(error.recipients)))
            raise _Failure(text, retry=all(400 <= c < 500 for c in codes)) from None
        except smtplib.SMTPResponseException as error:
            reply = _reply(error.smtp_error)
            text = i18n.text("remind.error.smtp_reply", lang, target=target, code=error.smtp_code, reply=reply)
            # 4xx is the server's "try again later"; 5xx is final.
            raise _Failure(text, retry=400 <= error.smtp_code < 500) from None
        except smtplib.SMTPNotSupportedError as error:  # e.g. a non-ASCII address and no SMTPUTF8
            raise _Failure(i18n.text("remind.error.smtp_unsupported", lang, target=target, reason=error), retry=False) from None
        except ssl.SSLError as error:
            text = i18n.text("remind.error.tls", lang, target=target, reason=error.reason or error)
            raise _Failure(text, retry=False) from None
        except TimeoutError:
            text = i18n.text("remind.error.timeout", lang, target=target, seconds=f"{server.timeout:g}")
            raise _Failure(text, retry=True) from None
        except (OSError, smtplib.SMTPException) as error:  # refused, reset, disconnected, name not found
            reason = str(error) or type(error).__name__
            raise _Failure(i18n.text("remind.error.network", lang, target=target, reason=reason), retry=True) from None


def _login(smtp: smtplib.SMTP, user: str, password: str, target: str, lang: str) -> None:
    if (user + password).isascii():
        smtp.login(user, password)
        return
    # smtplib encodes credentials as ASCII (and its error would quote the offending character of the
    # password); SASL PLAIN (RFC 4616) carries UTF-8, so send that one by hand.
    mechanisms = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" not in mechanisms:
        raise _Failure(i18n.text("remind.error.smtp_no_plain", lang, target=target), retry=False)
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reply(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return one_line(text)[:_MAX_REPLY]
