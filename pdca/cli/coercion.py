"""Option values converted without pydantic where the conversion is plain.

Typer (0.29 and later) converts every option value through a pydantic `TypeAdapter`, so the first
option of a run imports pydantic and builds an adapter: about 0.06 s, a third of a `pdca check`
answered from the cache.  pdca's options are flags, text, paths, whole numbers, choices of an Enum
and lists of these.  For a value whose conversion is plain (text is text, `5` for a number between its
bounds, a choice spelt exactly as the Enum spells it), this gives what Typer's adapter gives; for any
other value, and any other kind of option, it asks Typer's own conversion, so that every error is
Typer's, word for word (tests/test_cli_coercion.py compares the two on every option of every command).

This relies on Typer's runtime conversion classes (`typer._coercion`); with a Typer that has none,
`install` does nothing and Typer converts as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # an older or newer Typer: it converts as it always did
    RuntimeParam = None  # type: ignore[assignment,misc]

#: a value that the plain conversion cannot be sure of: Typer's own conversion decides
UNSURE: Any = object()
_WHOLE = re.compile(r"0|[1-9][0-9]{0,8}")

Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> converted, or UNSURE


def install(command: Any) -> None:
    """Convert the options of `command` (not of the commands below it) plainly where that is exact,
    its help option included (Click makes that one when a command line is first parsed)."""
    if RuntimeParam is None:
        return
    for param in command.params:
        _install(param)
    made = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            _install(option)
        return option

    command.get_help_option = get_help_option


def _install(param: Any) -> None:
    if not isinstance(param, _TyperParameter) or getattr(param, "_runtime_param", UNSURE) is not None:
        return
    descriptor = param.type_descriptor
    convert = converter(descriptor.annotation, descriptor.parameter_info)
    if convert is not None and descriptor.file_annotation is None:
        param._runtime_param = _Plain(descriptor.parameter_info, descriptor.annotation, convert, descriptor)


def converter(annotation: Any, info: Any) -> Convert | None:
    """The plain conversion of one kind of option, or None when pdca has none for it."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        each = converter(item, info)
        return None if each is None else _each(each)
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int and not getattr(info, "clamp", False):
        return _whole(info.min, info.max)
    if annotation is Path and _plain_path(info):
        return _path(info)
    if isinstance(annotation, type) and issubclass(annotation, Enum) and info.case_sensitive:
        return _choice(annotation)
    return None


def _text(value: Any, param: Any, ctx: Any) -> Any:
    return value if value.__class__ is str else UNSURE


def _flag(value: Any, param: Any, ctx: Any) -> Any:
    return value if value.__class__ is bool else UNSURE


def _whole(low: float | None, high: float | None) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if value.__class__ is not str or not _WHOLE.fullmatch(value):
            return UNSURE
        number = int(value)
        return number if (low is None or number >= low) and (high is None or number <= high) else UNSURE

    return convert


def _plain_path(info: Any) -> bool:
    """A path option that only names a path (the checks Typer makes of it after conversion are Typer's)."""
    return info.path_type is None and not info.allow_dash and not info.resolve_path


def _path(info: Any) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if value.__class__ is not str or not value or "\x00" in value:
            return UNSURE
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

    return convert


def _choice(kind: type[Enum]) -> Convert:
    members = {member.value: member for member in kind if isinstance(member.value, str)}

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if value.__class__ is kind:  # a default
            return value
        return members.get(value, UNSURE) if value.__class__ is str else UNSURE

    return convert


def _each(convert: Convert) -> Convert:
    def each(value: Any, param: Any, ctx: Any) -> Any:
        if value.__class__ not in (list, tuple):
            return UNSURE
        done = [convert(item, param, ctx) for item in value]
        return UNSURE if any(item is UNSURE for item in done) else done

    return each


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Plain(RuntimeParam):
        convert: Convert
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            done = self.convert(value, param, ctx)
            if done is not UNSURE:
                return done
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
