"""A secret written in pdca.yaml: a robot's webhook key, a signing secret or a password.

``pdca remind`` reads secrets only from environment variables (a CI job's secrets), and pdca.yaml
names those variables: ``webhook_env``, ``secret_env``, ``password_env``.  A register is read by
everyone who can read the repository and stays in its history for good, so a key written into it is
a key given away.  The diagnostic names the field and its place, never the value.

What is reported:

* a ``*_env`` field whose value is not written as the name of an environment variable (capital
  letters, digits and ``_``, not starting with a digit), or is a long run of letters and digits with no
  ``_`` (a generated key, not a name);
* anywhere in pdca.yaml, text holding an address with a key or token in it (a 企业微信 or 钉钉 webhook
  ``...?key=...`` / ``...?access_token=...``), a 钉钉 signing secret (``SEC`` and hex digits), or an
  address with a password in it (``scheme://user:password@host``).

Put the value in a secret of the CI system (GitHub: Settings → Secrets and variables → Actions; GitLab:
Settings → CI/CD → Variables, masked), pass it to the job as an environment variable, and write the
variable's name here.  A key that was committed should be replaced by a new one (the robot's settings
can reset it): it stays in the repository's history.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from pdca.model.diagnostic import Severity
from pdca.model.entities import Where
from pdca.rules.base import Hit, RuleContext

NAME = "secret-in-yaml"
CODE = "PDCA601"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}

#: how pdca.yaml names an environment variable
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
#: a name that is a generated key rather than a name: long, letters and digits only
_KEY_LIKE = re.compile(r"(?=[A-Z0-9]*[0-9])[A-Z0-9]{20,}\Z")
#: what a secret looks like inside any text: (pattern, what to call it)
_SECRETS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[?&](?:key|access_token|token|secret|password|passwd|pwd)=[^&#\s]{6,}", re.IGNORECASE), "webhook"),
    (re.compile(r"\bSEC[0-9a-fA-F]{32,}"), "signing"),
    (re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"), "password"),
)
_HINTS = ("=", "SEC", "://")  # cheap test before the patterns


def check(ctx: RuleContext) -> Iterator[Hit]:
    config = ctx.register.config
    assert config is not None
    for path, text, is_env in _strings(config, ()):
        if is_env and not env_name(text):
            yield ctx.hit(Where("pdca.yaml", path), message="remind.secret_env", field=dotted(path))
            continue
        what = looks_secret(text)
        if what is not None:
            yield ctx.hit(Where("pdca.yaml", path), message="remind.secret_text", field=dotted(path),
                          what=ctx.say(f"remind.secret_what.{what}"))


def env_name(value: str) -> bool:
    """Whether a `*_env` value is the name of an environment variable, as pdca.yaml writes one."""
    return bool(_ENV_NAME.match(value)) and not _KEY_LIKE.match(value)


def looks_secret(text: str) -> str | None:
    """What kind of secret a text holds ("webhook", "signing", "password"), or None."""
    if not any(hint in text for hint in _HINTS):
        return None
    for pattern, what in _SECRETS:
        if pattern.search(text):
            return what
    return None


def dotted(path: tuple[str | int, ...]) -> str:
    """A key path as a person writes it: reminders.wecom.departments.purchasing.webhook_env, issuer.cc[0]."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _strings(value: Any, path: tuple[str | int, ...], is_env: bool = False) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """Every text in a model with its key path (YAML keys, by alias); a mapping's key is reported at
    the mapping, so that a key that is itself a secret is not shown as part of a path."""
    if isinstance(value, str):
        yield path, value, is_env
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _strings(getattr(value, name), (*path, field.alias or name), name.endswith("_env"))
    elif isinstance(value, (list, tuple)):
        for number, item in enumerate(value):
            yield from _strings(item, (*path, number), is_env)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield path, key, False
                yield from _strings(item, (*path, key), is_env)
