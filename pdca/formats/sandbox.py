"""Bounds on report templates, which may arrive with a pull request (a register's own `templates/`).

Jinja2's immutable sandbox already keeps a template away from Python's internals; it does not stop a
template from asking for too much.  Two layers do:

* `BoundedSandbox` refuses the one-step explosions: `'a' * 10**10`, `2 ** 10**9`, a format width of
  a billion (`'{:>9999999999}'`, `'%9999999999d'`), a filter or method given a huge size
  (`center(10**9)`, `ljust`, `indent`, `batch` ...), `lipsum`; and it stops a render whose output
  passes `MAX_OUTPUT` characters.  These checks cost nothing a normal report notices.
* `render_isolated` renders in a child process that is killed after `seconds` (the only way to stop
  `{% for a in range(99999) %}{% for b in range(99999) %}...` or a template that includes itself, and
  one that works on Windows too), with its memory capped where the platform allows it.  Only renders
  that may use a register's own templates pay for the process; the built-in templates render in place.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import string
import sys
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: the largest size a template may ask for in one step: a repeated string or list, a width, a count
MAX_SIZE = 1_000_000
#: the most characters a report may have
MAX_OUTPUT = 50_000_000
#: the most memory (bytes of address space) a child rendering a register's template may use, where the
#: platform can cap it
MAX_MEMORY = 2 * 1024**3
#: seconds a render with a register's own templates may take, unless PDCA_TEMPLATE_SECONDS says otherwise
DEFAULT_SECONDS = 60.0

_PRINTF_SIZES = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")


class TooLarge(SecurityError):
    """A template asked for more than the bounds allow."""


def _check_size(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        raise TooLarge(f"{value} is larger than a template may ask for ({MAX_SIZE})")


def _check_format_spec(spec: str) -> None:
    """A str.format specification: nested fields are refused, and a width or precision is bounded."""
    if "{" in spec:
        raise TooLarge("a format width taken from a value is not allowed in a template")
    for number in re.findall(r"\d+", spec):
        _check_size(int(number))


def _check_format_string(text: str) -> None:
    for _, _, spec, _ in string.Formatter().parse(text):
        if spec:
            _check_format_spec(spec)


def _check_printf(text: str, args: Any) -> None:
    """`'%10d' % x` and the `format` filter: widths bounded; a width taken from the arguments too."""
    values = list(args) if isinstance(args, tuple) else [args]
    for width, precision in _PRINTF_SIZES.findall(text):
        for size in (width, precision):
            if size.isdigit():
                _check_size(int(size))
    for value in values:
        if isinstance(value, int):
            _check_size(value)


def _check_binop(operator_: str, left: Any, right: Any) -> None:
    if operator_ == "*":
        for sized, count in ((left, right), (right, left)):
            if isinstance(sized, (str, list, tuple)) and isinstance(count, int):
                _check_size(len(sized) * max(count, 0))
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_SIZE:
            raise TooLarge("a number larger than a template may build")
    elif operator_ == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > MAX_SIZE:
            raise TooLarge(f"{left} ** {right} is larger than a template may ask for")
    elif operator_ == "%" and isinstance(left, str):
        _check_printf(left, right)


def _bounded(function: Callable[..., Any]) -> Callable[..., Any]:
    # the value filtered is data, whatever its size; Jinja passes the context or environment first to
    # the filters marked for it
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1

    @functools.wraps(function)  # keeps Jinja's pass_context / pass_environment marker
    def call(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[skip:], *kwargs.values()):
            _check_size(value)
        if function.__name__ == "do_format" and args and isinstance(args[0], str):
            _check_printf(args[0], tuple(args[1:]))
        return function(*args, **kwargs)

    return call


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with the one-step explosions refused."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)
        self.filters = {name: _bounded(function) for name, function in self.filters.items()}

    def add_filter(self, name: str, function: Callable[..., Any]) -> None:
        """A filter of pdca's own, bounded like Jinja's."""
        self.filters[name] = _bounded(function)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        _check_binop(operator_, left, right)
        return super().call_binop(context, operator_, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        for value in (*args, *kwargs.values()):
            _check_size(value)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_string(value.__self__)
        return wrapped


def bounded_output(chunks: Iterator[str]) -> str:
    """The chunks of a render joined, stopped once they pass MAX_OUTPUT characters."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TooLarge(f"the report would be longer than {MAX_OUTPUT} characters")
        out.append(chunk)
    return "".join(out)


def seconds() -> float:
    """How long a render with a register's own templates may take: PDCA_TEMPLATE_SECONDS, else 60."""
    try:
        value = float(os.environ.get("PDCA_TEMPLATE_SECONDS", DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 else DEFAULT_SECONDS


class Isolated(Exception):
    """The child rendering a register's template was stopped: `reason` is "time" or "memory"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def render_isolated(target: Callable[..., Any], args: tuple[Any, ...], limit: float, spawn: bool | None = None) -> Any:
    """`target(*args)` run in a child process and its result returned; the child is killed after
    `limit` seconds.  The target should return its outcome, not raise it.

    The child is forked where that is safe and quick (Linux: it starts in milliseconds with everything
    imported), and spawned elsewhere (Windows has no fork; macOS frameworks are not fork-safe); `spawn`
    chooses for a test of the other way."""
    if spawn is None:
        spawn = sys.platform != "linux"
    context = multiprocessing.get_context("spawn") if spawn else multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, target, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limit):
            raise Isolated("time")
        try:
            return receive.recv()
        except EOFError:  # the child died without a word: the memory cap, or the system, stopped it
            raise Isolated("memory") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()


def _child(send: Any, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _cap_memory()
    try:
        result = target(*args)
    except MemoryError:
        send.close()
        os._exit(1)
    send.send(result)
    send.close()


def _cap_memory() -> None:
    if sys.platform == "win32":  # no address-space cap without a job object; the sandbox bounds remain
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = MAX_MEMORY if hard == resource.RLIM_INFINITY else min(MAX_MEMORY, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))

