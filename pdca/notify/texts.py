"""Every sentence the delivery layer says to a person, in Chinese and English.

Kept apart from `pdca.messages` for now so it can be merged into the project catalogue as one block.
Chinese first; Chinese punctuation is full-width.  No template ever receives a secret: callers pass
variable names, masked addresses and server replies that have been scrubbed.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # secrets and configuration
    "notify.env_missing": (
        "发送失败：环境变量 {name} 未设置或为空",
        "sending failed: the environment variable {name} is not set or is empty",
    ),
    "notify.env_not_url": (
        "发送失败：环境变量 {name} 的值既不是 https 网址，也不像机器人密钥",
        "sending failed: the value of the environment variable {name} is neither an https address nor a robot key",
    ),
    "notify.bad_address": ("发送失败：邮件地址不合法：{address}", "sending failed: not a valid mail address: {address}"),
    "notify.no_addresses": ("发送失败：没有收件地址", "sending failed: there is no address to send to"),
    "notify.plain_login": (
        "拒绝发送：明文连接（plain）下不提交密码，请改用 starttls 或 ssl",
        "refused: a password is never sent over a plain connection; use starttls or ssl",
    ),
    # HTTP robots
    "notify.http_status": (
        "发送失败：{target} 返回 HTTP {status}",
        "sending failed: {target} answered HTTP {status}",
    ),
    "notify.http_redirect": (
        "发送失败：{target} 要求重定向到 {location}（HTTP {status}），为安全起见不予跟随",
        "sending failed: {target} redirected to {location} (HTTP {status}); redirects are not followed",
    ),
    "notify.timeout": (
        "发送失败：{target} 在 {seconds} 秒内没有应答",
        "sending failed: {target} did not answer within {seconds} s",
    ),
    "notify.network": (
        "发送失败：无法连接 {target}：{reason}",
        "sending failed: cannot reach {target}: {reason}",
    ),
    "notify.errcode": (
        "发送失败：机器人返回错误码 {code}：{errmsg}",
        "sending failed: the robot answered error code {code}: {errmsg}",
    ),
    "notify.bad_answer": (
        "发送失败：{target} 的应答不是机器人接口的 JSON",
        "sending failed: the answer of {target} is not the robot API's JSON",
    ),
    # mail
    "notify.smtp_reply": (
        "发送失败：邮件服务器 {target} 返回 {code} {reply}",
        "sending failed: the mail server {target} answered {code} {reply}",
    ),
    "notify.smtp_auth": (
        "发送失败：邮件服务器 {target} 拒绝登录（{code}），请检查用户名和 {name}",
        "sending failed: the mail server {target} refused the login ({code}); check the user name and {name}",
    ),
    "notify.smtp_no_starttls": (
        "发送失败：邮件服务器 {target} 不支持 STARTTLS，邮件未以明文发送",
        "sending failed: the mail server {target} does not offer STARTTLS; the mail was not sent in the clear",
    ),
    "notify.smtp_refused": (
        "部分失败：邮件服务器拒收 {addresses}",
        "partly failed: the mail server refused {addresses}",
    ),
    "notify.tls": (
        "发送失败：与 {target} 的 TLS 连接失败：{reason}",
        "sending failed: the TLS connection to {target} failed: {reason}",
    ),
    "notify.smtp_unsupported": (
        "发送失败：邮件服务器 {target} 不支持此邮件：{reason}",
        "sending failed: the mail server {target} cannot take this mail: {reason}",
    ),
    "notify.smtp_no_plain": (
        "发送失败：用户名或密码含非 ASCII 字符，需要邮件服务器 {target} 支持 AUTH PLAIN",
        "sending failed: the user name or password is not ASCII, which needs AUTH PLAIN on the mail server {target}",
    ),
    # The exception's own text is left out: it can quote a piece of a secret (a character of a password).
    "notify.unexpected": (
        "发送失败：意外错误 {kind}",
        "sending failed: unexpected error {kind}",
    ),
    # summaries the CLI will print
    "notify.summary": (
        "已发送 {ok} 条，失败 {failed} 条",
        "{ok} sent, {failed} failed",
    ),
    "notify.unset": ("（未设置）", "(not set)"),
}


def say(message_id: str, lang: str = "zh", **params: Any) -> str:
    """One message in `lang` ("zh" or "en"; anything else falls back to Chinese, as pdca.messages does)."""
    zh, en = MESSAGES[message_id]
    return (en if lang == "en" else zh).format(**params)
