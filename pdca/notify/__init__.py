"""Delivery for `pdca remind` (早提醒): Markdown digests to 企业微信 and 钉钉 group robots and to mail.

    from pdca.notify import Message, Notifier, Wecom, exit_status
    results = Notifier(lang="zh").send([
        Message("物资采购部", Wecom("PDCA_WECOM_PURCHASING", mentions=("zhangsan",)), digest, title="早提醒"),
    ])
    raise SystemExit(exit_status(results))

Secrets (webhook keys, signing secrets, SMTP passwords) are read from the environment variables the
channels name, at send time, and are masked in every result, payload preview and error text.
"""

from __future__ import annotations

from pdca.notify.base import (
    MASK,
    Channel,
    Clock,
    Planned,
    RateLimiter,
    Result,
    RetryPolicy,
    ScaledClock,
    SystemClock,
    clock_from,
    exit_status,
    mask_url,
)
from pdca.notify.deliver import Message, Notifier, dry_run, send
from pdca.notify.dingtalk import DINGTALK_MARKDOWN_LIMIT, DingTalk
from pdca.notify.mail import Mail, SmtpServer
from pdca.notify.split import split_message
from pdca.notify.wecom import WECOM_MARKDOWN_LIMIT, Wecom

__all__ = [
    "DINGTALK_MARKDOWN_LIMIT",
    "MASK",
    "WECOM_MARKDOWN_LIMIT",
    "Channel",
    "Clock",
    "DingTalk",
    "Mail",
    "Message",
    "Notifier",
    "Planned",
    "RateLimiter",
    "Result",
    "RetryPolicy",
    "SmtpServer",
    "ScaledClock",
    "SystemClock",
    "Wecom",
    "clock_from",
    "dry_run",
    "exit_status",
    "mask_url",
    "send",
    "split_message",
]
