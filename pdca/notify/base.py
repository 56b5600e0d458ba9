"""What every channel shares: the clock, the rate limiter, secrets kept out of text, and the result records."""

from __future__ import annotations

import collections
import hashlib
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Channel = Literal["wecom", "dingtalk", "mail"]
MASK = "***"


class Clock(Protocol):
    """Time as the delivery layer sees it; tests pass a fake one so a rate-limit test need not wait a minute."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def time(self) -> float:
        """Wall-clock seconds since the epoch: DingTalk signs requests with it."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def time(self) -> float:
        return time.time()


#: the environment variable that scales every wait (retry back-off, the rate window): 0 waits not at all
WAIT_SCALE_ENV = "PDCA_SEND_WAIT_SCALE"


class ScaledClock(SystemClock):
    """The system clock with every wait multiplied by `scale`.  The time not waited still counts in
    `monotonic`, so the rate limiter's window slides as if it had been waited: with 0, a test of the
    whole command (retries, a robot's rate limit) runs without sleeping and without looping."""

    def __init__(self, scale: float) -> None:
        self._scale = scale
        self._skipped = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self._skipped

    def sleep(self, seconds: float) -> None:
        waited = seconds * self._scale
        if waited > 0:
            time.sleep(waited)
        self._skipped += seconds - waited


def clock_from(env: Mapping[str, str]) -> Clock:
    """The clock a command sends with: the system's, unless PDCA_SEND_WAIT_SCALE (a number from 0 to 1)
    shortens its waits."""
    try:
        scale = float(env.get(WAIT_SCALE_ENV, ""))
    except ValueError:
        return SystemClock()
    return ScaledClock(scale) if 0 <= scale < 1 else SystemClock()


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: `attempts` in all for 5xx, timeouts and network errors, waiting 1 s, 2 s, 4 s… between."""

    attempts: int = 3
    backoff: float = 1.0
    # After a robot's own rate-limit errcode: wait one whole window, then try once more.
    rate_limit_wait: float = 60.0

    def delay(self, failed_attempts: int) -> float:
        return self.backoff * 2.0 ** (failed_attempts - 1)


class RateLimiter:
    """At most `limit` sends per `window` seconds per robot, as a sliding window over the send times.

    Robots are told apart by a hash of their address, so this object never holds a webhook key.
    """

    def __init__(self, clock: Clock, limit: int = 20, window: float = 60.0) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._sent: dict[str, collections.deque[float]] = {}

    def acquire(self, robot: str) -> None:
        """Wait until one more message may go to `robot`, and count it as sent."""
        key = hashlib.sha256(robot.encode()).hexdigest()
        sent = self._sent.setdefault(key, collections.deque())
        while True:
            now = self._clock.monotonic()
            while sent and sent[0] <= now - self._window:
                sent.popleft()
            if len(sent) < self._limit:
                sent.append(now)
                return
            # The oldest send leaves the window at sent[0] + window: sleep exactly until then.
            self._clock.sleep(sent[0] + self._window - now)


class Secrets:
    """The secret values met during one send, to scrub from any text before a person or a log sees it."""

    def __init__(self) -> None:
        self._values: set[str] = set()

    def add(self, value: str) -> str:
        value = value.strip()
        if value:
            # A secret may come back from a library quoted the way it went into a URL.
            self._values.update({value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)})
        return value

    def scrub(self, text: str) -> str:
        # Longest first, so a secret that contains another is replaced whole.
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text

    def __repr__(self) -> str:
        return f"Secrets({len(self._values)} values)"


def mask_url(url: str) -> str:
    """The address with every query value and any user:password replaced: `…/send?key=***`."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    if parts.username or parts.password:
        host = f"{MASK}@{host}"
    query = "&".join(
        f"{name}={MASK}" for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    )
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, query, ""))


def read_env(env: Mapping[str, str], name: str) -> str | None:
    """The variable's value, or None when it is missing or blank (a blank secret is a missing one)."""
    value = env.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class Result:
    """What happened to one message (one part of a split message) for one recipient."""

    recipient: str
    channel: Channel
    ok: bool
    attempts: int
    error: str = ""
    part: int = 1
    parts: int = 1
    target: str = ""  # masked URL, or the mail addresses

    @property
    def status(self) -> str:
        return "ok" if self.ok else "failed"


@dataclass(frozen=True)
class Planned:
    """What `dry_run` would send: the exact payload, with secrets masked, and any problem found already."""

    recipient: str
    channel: Channel
    target: str
    payload: dict[str, Any] = field(default_factory=dict)
    part: int = 1
    parts: int = 1
    problem: str = ""


def exit_status(results: Iterable[Result]) -> int:
    """The CLI's exit status: 0 when everything was sent, 1 when anything failed."""
    return 0 if all(r.ok for r in results) else 1
