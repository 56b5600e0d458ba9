"""A command line Click cannot parse, said in the catalogue's words ([usage]): what is wrong, with the
option's name, the value given and the values it takes, then the usage line and where help is.

Click raises one exception type per mistake and carries what it knows (the option, the parameter);
the value and what was wrong with it Typer leaves in the pydantic error it raised from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import Any

from typer import _click as click
from typer._click import exceptions as errors
from typer.core import TyperGroup

from pdca import i18n
from pdca.io import printable

#: a usage error's words: its id in [usage] (after "error."), with its parameters
Say = Callable[..., str]


def lines(exc: click.ClickException, lang: str) -> list[str]:
    """What to print on standard error for a usage error, one line each."""
    said = [f"pdca: {message(exc, lang)}"]
    ctx = getattr(exc, "ctx", None)
    if isinstance(ctx, click.Context):
        said += ctx.get_usage().splitlines()
        said.append(i18n.text("usage.try", lang, command=ctx.command_path))
    return said


def message(exc: click.ClickException, lang: str) -> str:
    def say(message_id: str, **params: Any) -> str:
        shown = {k: printable.line(v) if isinstance(v, str) else v for k, v in params.items()}
        return i18n.text(f"usage.error.{message_id}", lang, **shown)

    if isinstance(exc, errors.MissingParameter):
        return _missing(exc, say, lang)
    if isinstance(exc, errors.BadParameter):
        return _bad_value(exc, say, lang)
    if isinstance(exc, errors.NoSuchOption):
        known = _options(exc.ctx.command) if exc.ctx else []
        return say("no_such_option", option=exc.option_name, hint=i18n.hint(known, exc.option_name, lang))
    if isinstance(exc, errors.BadOptionUsage):
        if "does not take a value" in exc.message:
            return say("takes_no_value", option=exc.option_name)
        return say("needs_value", option=exc.option_name)
    return _usage(exc, say, lang)


def _usage(exc: click.ClickException, say: Say, lang: str) -> str:
    """The mistakes Click reports with a plain UsageError and an English sentence."""
    ctx = getattr(exc, "ctx", None)
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", exc.message)
    if extra:
        return say("extra", arguments=extra.group(1))
    unknown = re.match(r"No such command (['\"])(.*?)\1", exc.message)
    group = ctx.command if ctx is not None else None
    names = list(group.commands) if isinstance(group, TyperGroup) else []
    if unknown:
        return say("no_such_command", command=unknown.group(2), hint=i18n.hint(names, unknown.group(2), lang),
                   choices=i18n.join(names, lang))
    if exc.message.startswith("Missing command"):
        return say("missing_command", choices=i18n.join(names, lang))
    return say("other", message=exc.format_message())


def _missing(exc: errors.MissingParameter, say: Say, lang: str) -> str:
    param = exc.param
    if param is None:
        return say("other", message=exc.format_message())
    choices = _choices(param)
    name = _name(param)
    kind = "missing_option" if param.param_type_name == "option" else "missing_argument"
    if choices:
        return say(f"{kind}_choices", name=name, choices=i18n.join(choices, lang))
    return say(kind, name=name)


def _bad_value(exc: errors.BadParameter, say: Say, lang: str) -> str:
    param = exc.param
    if param is None:
        return say("other", message=exc.format_message())
    name = _name(param)
    problem = _problem(exc)
    value = problem.get("input")
    shown = str(value) if isinstance(value, (str, int, float)) else "?"
    choices = _choices(param)
    if choices:
        return say("choice", name=name, value=shown, choices=i18n.join(choices, lang))
    kind = str(problem.get("type", ""))
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if kind.startswith("int_"):
        return say("integer", name=name, value=shown)
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than") and low is not None:
        if high is not None:
            return say("range", name=name, value=shown, low=low, high=high)
        return say("at_least", name=name, value=shown, low=low)
    if kind in ("less_than_equal", "less_than") and high is not None:
        return say("at_most", name=name, value=shown, high=high)
    return say("invalid", name=name, value=shown)


def _problem(exc: Exception) -> dict[str, Any]:
    """The first error of the pydantic ValidationError Typer raised from (type, input, ctx), or {}."""
    cause = exc.__cause__
    found = getattr(cause, "errors", None)
    if not callable(found):
        return {}
    try:
        problems = found()
    except Exception:  # not pydantic's: say the mistake without the value
        return {}
    return dict(problems[0]) if problems and isinstance(problems[0], dict) else {}


def _name(param: click.Parameter) -> str:
    """An option by its long name (--register, not -r); an argument by its placeholder (ID)."""
    if param.param_type_name == "option" and param.opts:
        return max(param.opts, key=len)
    return param.metavar or (param.name or "").upper()


def _choices(param: click.Parameter) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) if descriptor is not None else None
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in choices or ()]


def _options(command: click.Command) -> list[str]:
    return [opt for param in command.params for opt in param.opts if opt.startswith("--")]
