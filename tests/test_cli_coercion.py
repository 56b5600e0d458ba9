"""pdca.cli.coercion converts option values exactly as Typer's own conversion does: the same value of the
same type, or the same error word for word, on every option of every command, for values it converts
itself and values it hands back to Typer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.core
from typer import _click as click

from pdca.cli import app, coercion

if coercion.RuntimeParam is None:  # pragma: no cover - a Typer without runtime conversion classes
    pytest.skip("this Typer converts options itself", allow_module_level=True)

from typer._coercion import build_runtime_param  # noqa: E402


def _commands() -> list[click.Command]:
    found: list[click.Command] = []
    waiting: list[click.Command] = [app._command(), *(app._command().commands[name] for name in app.COMMANDS)]
    while waiting:
        command = waiting.pop()
        found.append(command)
        if isinstance(command, typer.core.TyperGroup):
            waiting += command.commands.values()
    return found


def _outcome(convert: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        done = convert.coerce(value, param=param, ctx=ctx)
    except click.exceptions.ClickException as exc:
        return "error", (type(exc).__name__, exc.format_message())
    shape = [type(item) for item in done] if isinstance(done, list) else type(done)
    return "value", (done, shape)


def _samples(tmp_path: Path, param: Any) -> list[Any]:
    (tmp_path / "a file.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "文件夹").mkdir(exist_ok=True)
    texts = ["", "x", "abc def", "007", "0", "5", "-1", "+3", " 5", "5 ", "１２", "366", "367", "1e3", "999999999",
             "1000000000", "true", "yes", "C:\\a b\\c.yaml", "\x00", str(tmp_path / "a file.yaml"),
             str(tmp_path / "文件夹"), str(tmp_path / "missing")]
    annotation = param.type_descriptor.annotation
    kind = (annotation.__args__[0] if getattr(annotation, "__origin__", None) is list else annotation)
    if isinstance(kind, type) and issubclass(kind, __import__("enum").Enum):
        texts += [m.value for m in kind] + [str(m.value).upper() for m in kind] + [m.name for m in kind]
        texts += list(kind)
    samples: list[Any] = [*texts, True, False, 3, Path("x")]
    if getattr(annotation, "__origin__", None) is list:
        samples = [(value,) for value in samples] + [tuple(texts[:6]), (), ["x", "y"]]
    return samples


def test_every_option_converts_as_typer_converts(tmp_path: Path) -> None:
    compared = installed = 0
    for command in _commands():
        ctx = click.Context(command)
        for param in [*command.params, command.get_help_option(ctx)]:
            if param is None or not isinstance(param, typer.core._TyperParameter):
                continue
            plain = param.get_runtime_param()
            if not isinstance(plain, coercion._Plain):
                continue
            installed += 1
            typers = build_runtime_param(param.type_descriptor)
            for value in _samples(tmp_path, param):
                assert _outcome(plain, value, param, ctx) == _outcome(typers, value, param, ctx), (command.name, param.name, value)
                compared += 1
    assert installed > 300 and compared > 10_000  # every command's options, the help options among them
