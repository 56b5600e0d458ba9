"""钉钉 custom robots: Markdown messages to a webhook, signed when the robot has a signing secret.

From DingTalk's documentation: at most 20 messages a minute per robot (errcode 130101 when exceeded);
a signed request carries `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256(key=secret,
msg="{timestamp}\\n{secret}"))).  An @mention shows only when the text also contains "@userid".
People are mentioned by their DingTalk user id only, never by mobile number: a register keeps no
phone numbers in plain text (docs/domain.md, privacy).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pdca import i18n
from pdca.notify.base import Clock, Secrets, mask_url, read_env
from pdca.notify.robot import webhook_url
from pdca.notify.split import split_message

DINGTALK_WEBHOOK = "https://oapi.dingtalk.com/robot/send"
# DingTalk documents no byte limit for markdown text; 5000 bytes of UTF-8 stays clear of what it accepts.
DINGTALK_MARKDOWN_LIMIT = 5000
DINGTALK_RATE_LIMIT_ERRCODE = 130101


@dataclass(frozen=True)
class DingTalk:
    """A custom robot.  `webhook_env` names the variable with its address (or only its access_token);
    `secret_env`, when given, the variable with its signing secret (SEC…)."""

    webhook_env: str
    secret_env: str | None = None
    at_user_ids: tuple[str, ...] = ()


def payloads(channel: DingTalk, title: str, markdown: str) -> list[dict[str, Any]]:
    """The JSON bodies to post, one per part.  The @ line and the `at` lists go with the last part only,
    so a split message rings once."""
    users = [_clean(u) for u in channel.at_user_ids if _clean(u)]
    text = markdown.rstrip("\n")
    if users:
        text += "\n\n" + " ".join(f"@{who}" for who in users)
    parts = split_message(text, DINGTALK_MARKDOWN_LIMIT)
    title = " ".join(title.split()) or "pdca"
    bodies: list[dict[str, Any]] = []
    for number, part in enumerate(parts, 1):
        last = number == len(parts)
        bodies.append({
            "msgtype": "markdown",
            "markdown": {"title": title if len(parts) == 1 else f"{title} ({number}/{len(parts)})", "text": part},
            "at": {"atUserIds": users if last else [], "isAtAll": False},
        })
    return bodies


def _clean(user: str) -> str:
    # A user id is one word: a space or line break in it would @ someone else or start a new line.
    return "".join(c for c in user.strip() if not c.isspace())


def sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature, URL-encoded as it goes into the query."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def address(
    channel: DingTalk, env: Mapping[str, str], secrets: Secrets, clock: Clock, lang: str
) -> tuple[str, str, Callable[[], str]] | str:
    """(webhook address, masked address, the address for one attempt), or the error text."""
    value = read_env(env, channel.webhook_env)
    if value is None:
        return i18n.text("remind.error.env_missing", lang, name=channel.webhook_env)
    secrets.add(value)
    url = webhook_url(value, DINGTALK_WEBHOOK, "access_token")
    if url is None:
        return i18n.text("remind.error.env_not_url", lang, name=channel.webhook_env)
    if channel.secret_env is None:
        return url, mask_url(url), lambda: url
    secret = read_env(env, channel.secret_env)
    if secret is None:
        return i18n.text("remind.error.env_missing", lang, name=channel.secret_env)
    secrets.add(secret)
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"

    def signed() -> str:
        # Signed per attempt: DingTalk rejects a timestamp more than an hour old.
        timestamp = int(clock.time() * 1000)
        return f"{url}{joiner}timestamp={timestamp}&sign={sign(secret, timestamp)}"

    return url, mask_url(f"{url}{joiner}timestamp=0&sign=0"), signed
