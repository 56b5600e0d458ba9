"""The 权职目录: posts, the powers each holds, and the risk points each power gives rise to (a risk names
its `power`).  Pure; the rules, the powers report, `export` and `pdca diff` read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdca.model.entities import Post, Risk
from pdca.model.register import Register


@dataclass(frozen=True)
class PowerLine:
    """One power of a post and the risks in use that name it."""

    power: str
    risks: tuple[Risk, ...]


@dataclass(frozen=True)
class PostPowers:
    """A post of the 权职目录: its powers with their risks, and its risks that name no power."""

    number: int  # its place in pdca.yaml `posts`
    post: Post
    powers: tuple[PowerLine, ...]
    unlinked: tuple[Risk, ...]  # risks of the post in use that name no power (or one it does not hold)

    @property
    def has_risks(self) -> bool:
        return bool(self.unlinked) or any(line.risks for line in self.powers)


def catalogue(register: Register) -> list[PostPowers]:
    """Every post in pdca.yaml order, each power in its order, risks by id (retired risks left out)."""
    config = register.config
    assert config is not None
    by_post: dict[str, list[Risk]] = {}
    for risk in sorted(register.risks, key=lambda r: r.id):
        if risk.post is not None and risk.retired is None:
            by_post.setdefault(risk.post, []).append(risk)
    out = []
    for number, post in enumerate(config.posts):
        risks = by_post.get(post.id, [])
        powers = tuple(dict.fromkeys(post.powers))
        lines = tuple(PowerLine(power, tuple(r for r in risks if r.power == power)) for power in powers)
        unlinked = tuple(r for r in risks if r.power not in powers)
        out.append(PostPowers(number, post, lines, unlinked))
    return out


def without_risk(register: Register) -> list[tuple[PostPowers, str]]:
    """Powers no risk point in use names, of posts that have risk points (a post with none is reported
    as such, once, by post-without-risk)."""
    return [(entry, line.power) for entry in catalogue(register) if entry.has_risks
            for line in entry.powers if not line.risks]


@dataclass(frozen=True)
class PowersChanged:
    """A post whose powers changed between two versions of a register, and its risks that the same change
    did not review (their `reviewed` date did not move)."""

    number: int  # its place in the head's pdca.yaml `posts`
    post: Post
    added: tuple[str, ...]
    removed: tuple[str, ...]
    unreviewed: tuple[str, ...]


def powers_changed(base: Register, head: Register) -> list[PowersChanged]:
    """Posts of `head` that `base` held with other powers.  A risk of such a post counts as reviewed in
    the change when it is new, or its `reviewed` date is later than it was: duties changed, so the risks
    must be assessed again."""
    if base.config is None or head.config is None:
        return []
    before = {p.id: p for p in base.config.posts}
    base_risks = base.index.risks
    out = []
    for number, post in enumerate(head.config.posts):
        old = before.get(post.id)
        if old is None or list(dict.fromkeys(old.powers)) == list(dict.fromkeys(post.powers)):
            continue
        unreviewed = []
        for risk in sorted(head.risks, key=lambda r: r.id):
            if risk.post != post.id or risk.retired is not None or risk.id not in base_risks:
                continue
            previous = base_risks[risk.id].reviewed
            if risk.reviewed is None or (previous is not None and risk.reviewed <= previous):
                unreviewed.append(risk.id)
        out.append(PowersChanged(number, post, tuple(p for p in post.powers if p not in old.powers),
                                 tuple(p for p in old.powers if p not in post.powers), tuple(unreviewed)))
    return out
