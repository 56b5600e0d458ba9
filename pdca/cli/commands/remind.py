"""pdca remind: 早提醒 digests per owner and per department, shown or sent to 企业微信, 钉钉 or mail."""

from __future__ import annotations

import json
import os
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from pdca.cli.options import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RegistersArg,
    RegistersOpt,
    emit,
    lang_of,
    out,
    readable,
    registers_named,
    say,
)
from pdca.cli.options import as_of as parse_date
from pdca.errors import EXIT_OK, PdcaError

if TYPE_CHECKING:
    import datetime as dt

    from pdca.engine.remind import Delivery
    from pdca.model.register import Register
    from pdca.notify import Message, Planned, Result


class RemindFormat(str, Enum):
    markdown = "markdown"
    json = "json"


class SendTo(str, Enum):
    wecom = "wecom"
    dingtalk = "dingtalk"
    email = "email"


def remind(
    registers: RegistersArg = None,
    as_of: AsOfOpt = None,
    within: Annotated[Optional[int], typer.Option("--within", min=0, max=366, help="Days ahead that count as due soon. Default: reminders.within in pdca.yaml, else 7.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every item that is overdue, due soon, awaiting 销号 or awaiting a decision, not only those at a reminder moment today (T-7, T-1, T+1, ...).")] = False,
    format: Annotated[RemindFormat, typer.Option("--format", "-f", help="markdown: the digests as they are sent; json: for other tools.")] = RemindFormat.markdown,
    send: Annotated[Optional[SendTo], typer.Option("--send", help="Deliver each digest as pdca.yaml `reminders` routes it: one message per recipient.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --send: show exactly what would be sent to whom; send nothing.")] = False,
    send_empty: Annotated[bool, typer.Option("--send-empty", help="With --send: send a digest with nothing in it too (proof that the job runs).")] = False,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
    register: RegistersOpt = None,
) -> None:
    """Remind owners and departments (早提醒): measures and findings overdue, due soon, awaiting 销号,
    and suggested handling (通报/考核/问责) not yet decided, per owner and per department.

    A daily job reminds of each item at fixed moments (T-7 and T-1 before its deadline, the first
    day overdue and every 7 days after ...), so it needs no memory of what it sent. Secrets come
    only from the environment variables pdca.yaml names (docs/reminders.md).

    Exit status: 0 shown, or everything sent; 1 some messages failed (the rest were sent), or a dry
    run found a message that would fail; 2 usage, an unreadable register, or reminder settings that
    are wrong.

    Examples:

    \b
      pdca remind --as-of 2024-06-30
      pdca remind --all --format json
      pdca remind --send wecom --dry-run
      pdca remind --send email --send-empty
    """
    from pdca.engine import remind as engine
    from pdca.formats import reminders, tables

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    for option, given in (("--dry-run", dry_run), ("--send-empty", send_empty)):
        if given and send is None:
            raise PdcaError(say("remind.needs_send", chosen, option=option))
    loaded = readable(registers_named(registers, register), chosen)
    language = chosen or loaded[0].lang
    if send is None:
        plan = engine.build(loaded, day, within, everything)
        if format is RemindFormat.json:
            emit(tables.to_json(reminders.data(plan)), None, language)
        else:
            emit(reminders.document(plan, language), None, language)
        return
    messages = _messages(loaded, day, within, everything, send.value, send_empty, language)
    raise typer.Exit(_deliver(messages, dry_run, format is RemindFormat.json, day, send.value, language))


def _messages(loaded: list[Register], day: dt.date, within: int | None, everything: bool, channel: str,
              send_empty: bool, lang: str) -> list[Message]:
    """One message per recipient, over every register that routes `channel`; refused (exit 2) when a
    register's reminder settings are wrong, or none routes the channel."""
    from pdca.engine import remind as engine

    for register in loaded:
        problems = engine.routing_problems(register, day, lang)
        if problems:
            raise engine.refusal(register, problems, lang)
    messages: list[Message] = []
    routed = False
    for register in loaded:
        found = engine.items(register, day, within, everything)
        deliveries = engine.deliveries(register, found, channel, send_empty)
        if deliveries is None:
            if len(loaded) > 1:
                out("pdca: " + say("remind.no_route", lang, register=register.name, channel=channel), err=True)
            continue
        routed = True
        messages += [_message(d, day, lang, several=len(loaded) > 1) for d in deliveries]
    if not routed:
        raise PdcaError(say("remind.no_route", lang, register=loaded[0].name, channel=channel))
    return messages


def _message(delivery: Delivery, day: dt.date, lang: str, several: bool) -> Message:
    from pdca.formats import reminders
    from pdca.model.entities import DingTalkRobot
    from pdca.notify import DingTalk, Mail, Message, SmtpServer, Wecom

    digest = delivery.digest
    channel: Wecom | DingTalk | Mail
    if delivery.server is not None:
        server = delivery.server
        channel = Mail(delivery.addresses, SmtpServer(
            server.host, server.sender, port=server.port, security=server.security, sender_name=server.sender_name or "",
            user=server.user, password_env=server.password_env))
    elif isinstance(delivery.robot, DingTalkRobot):
        channel = DingTalk(delivery.robot.webhook_env, delivery.robot.secret_env, at_user_ids=delivery.mentions)
    else:
        assert delivery.robot is not None
        channel = Wecom(delivery.robot.webhook_env, mentions=delivery.mentions)
    recipient = f"{digest.register} {digest.name}" if several else digest.name
    return Message(recipient, channel, reminders.markdown(digest, day, lang), title=reminders.title(digest, day, lang))


def _deliver(messages: list[Message], dry_run: bool, as_json: bool, day: dt.date, channel: str, lang: str) -> int:
    from pdca.notify import Notifier, clock_from, exit_status

    if not messages:
        if as_json:
            out(json.dumps({"as_of": day.isoformat(), "channel": channel, "dry_run": dry_run, "messages": []}))
        else:
            out(say("remind.nothing", lang))
        return EXIT_OK
    notifier = Notifier(lang=lang, clock=clock_from(os.environ))
    if dry_run:
        plans = notifier.dry_run(messages)
        _show_plans(plans, as_json, day, channel, lang)
        return 1 if any(plan.problem for plan in plans) else EXIT_OK
    results = notifier.send(messages)
    _show_results(results, as_json, day, channel, lang)
    return exit_status(results)


def _part(part: int, parts: int, lang: str) -> str:
    return say("remind.part", lang, part=part, parts=parts) if parts > 1 else ""


def _show_plans(plans: list[Planned], as_json: bool, day: dt.date, channel: str, lang: str) -> None:
    if as_json:
        document = {"as_of": day.isoformat(), "channel": channel, "dry_run": True,
                    "messages": [{"recipient": p.recipient, "channel": p.channel, "target": p.target, "part": p.part,
                                  "parts": p.parts, "payload": p.payload, "problem": p.problem or None} for p in plans]}
        out(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for plan in plans:
        out(say("remind.plan.head", lang, recipient=plan.recipient, channel=say(f"remind.channel.{plan.channel}", lang),
                target=plan.target, part=_part(plan.part, plan.parts, lang)))
        if plan.problem:
            out(say("remind.plan.problem", lang, problem=plan.problem))
        out(_plan_body(plan.payload, lang))
    out(say("remind.plan.summary", lang, count=len(plans)))


def _plan_body(payload: dict[str, Any], lang: str) -> str:
    """The text of a message as it would be sent: a robot's Markdown, or a mail's headers and text."""
    if "markdown" in payload:
        markdown = payload["markdown"]
        return str(markdown.get("content", markdown.get("text", "")))
    if not payload:
        return ""
    head = [say("remind.plan.server", lang, server=payload["server"]), say("remind.plan.from", lang, sender=payload["from"]),
            say("remind.plan.to", lang, to=", ".join(payload["to"])), say("remind.plan.subject", lang, subject=payload["subject"])]
    return "\n".join(head) + "\n\n" + str(payload["text"])


def _show_results(results: list[Result], as_json: bool, day: dt.date, channel: str, lang: str) -> None:
    sent = sum(1 for r in results if r.ok)
    if as_json:
        document = {"as_of": day.isoformat(), "channel": channel, "dry_run": False, "sent": sent,
                    "failed": len(results) - sent,
                    "messages": [{"recipient": r.recipient, "channel": r.channel, "target": r.target, "part": r.part,
                                  "parts": r.parts, "status": r.status, "attempts": r.attempts, "error": r.error or None}
                                 for r in results]}
        out(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for result in results:
        params = {"recipient": result.recipient, "target": result.target, "part": _part(result.part, result.parts, lang)}
        out(say("remind.sent", lang, **params) if result.ok else say("remind.failed", lang, error=result.error, **params))
    out(say("remind.summary", lang, ok=sent, failed=len(results) - sent))
