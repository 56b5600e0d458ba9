"""企业微信 group robots: Markdown messages to a webhook.

Limits from the robot's documentation: Markdown content at most 4096 bytes of UTF-8, at most 20
messages a minute per robot (errcode 45009 when exceeded).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pdca import i18n
from pdca.notify.base import Secrets, mask_url, read_env
from pdca.notify.robot import webhook_url
from pdca.notify.split import split_message

WECOM_WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
WECOM_MARKDOWN_LIMIT = 4096
WECOM_RATE_LIMIT_ERRCODE = 45009


@dataclass(frozen=True)
class Wecom:
    """A group robot.  `webhook_env` names the variable holding its address (or only its key);
    `mentions` are 企业微信 user ids to @ (the caller maps owners to ids)."""

    webhook_env: str
    mentions: tuple[str, ...] = ()


def payloads(channel: Wecom, markdown: str) -> list[dict[str, Any]]:
    """The JSON bodies to post, one per part.  The mentions come last, one `<@userid>` a line."""
    text = markdown.rstrip("\n")
    mentions = [_clean(user) for user in channel.mentions if _clean(user)]
    if mentions:
        text += "\n\n" + "\n".join(f"<@{user}>" for user in mentions)
    return [
        {"msgtype": "markdown", "markdown": {"content": part}}
        for part in split_message(text, WECOM_MARKDOWN_LIMIT)
    ]


def _clean(user: str) -> str:
    # A user id with a bracket or a line break would end the <@…> tag early and inject Markdown.
    return "".join(c for c in user.strip() if c not in "<>\r\n")


def address(channel: Wecom, env: Mapping[str, str], secrets: Secrets, lang: str) -> tuple[str, str] | str:
    """(webhook address, masked address), or the error text when the variable does not give one."""
    value = read_env(env, channel.webhook_env)
    if value is None:
        return i18n.text("remind.error.env_missing", lang, name=channel.webhook_env)
    secrets.add(value)
    url = webhook_url(value, WECOM_WEBHOOK, "key")
    if url is None:
        return i18n.text("remind.error.env_not_url", lang, name=channel.webhook_env)
    return url, mask_url(url)
