"""A report's Markdown (what `pdca report` prints) as HTML for a page of the site: one source of words.

Register text reaches the Markdown already escaped (pdca.formats.markdown_report), so it can add no tag,
link or emphasis.  A register's own report templates are another matter: they may write anything.  So
the HTML is made inert here as well, whatever the Markdown holds:

- raw HTML is shown as text, except the `<br>` the built-in templates put between values in one cell;
- a link stays a link only when it is relative (a page of the site); any other keeps its text only;
- an image becomes its alt text (a picture could only be fetched from outside);
- table alignment becomes a class, since the pages allow no inline style (Content-Security-Policy);
- a table cell or text that is exactly the id of a risk or finding with a page links to that page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ALIGN = {"text-align:right": "num", "text-align:center": "mid", "text-align:left": "left"}


def _engine() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.add_render_rule("html_inline", _html)
    md.add_render_rule("html_block", _html)
    return md


def _html(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Raw HTML as text; only a line break passes."""
    content = tokens[idx].content
    if _BREAK.fullmatch(content.strip()):
        return "<br>"
    return escapeHtml(content)


_MD = _engine()


def to_html(markdown: str, links: Callable[[str], str | None]) -> str:
    """The HTML of a report.  `links(text)` gives the relative link of an id's page, or None."""
    tokens = _MD.parse(markdown)
    for token in tokens:
        _align(token)
        if token.type == "inline" and token.children is not None:
            token.children = _inline(token.children, links)
    return str(_MD.renderer.render(tokens, _MD.options, {}))


def _align(token: Token) -> None:
    if token.type in ("th_open", "td_open"):
        style = token.attrGet("style")
        if style is not None:
            token.attrs.pop("style", None)
            token.attrSet("class", _ALIGN.get(str(style), "left"))


def _inline(children: list[Token], links: Callable[[str], str | None]) -> list[Token]:
    out: list[Token] = []
    depth = 0  # inside a link that was kept
    dropped: list[bool] = []
    for child in children:
        if child.type == "link_open":
            keep = _relative(str(child.attrGet("href") or ""))
            dropped.append(not keep)
            if keep:
                depth += 1
                out.append(child)
        elif child.type == "link_close":
            if dropped and not dropped.pop():
                depth -= 1
                out.append(child)
        elif child.type == "image":
            out.append(_text(child.content))
        elif child.type == "text" and depth == 0 and (target := links(child.content.strip())) is not None:
            out += _link(target, child.content)
        else:
            out.append(child)
    return out


def _relative(href: str) -> bool:
    """A link to a page of the site: no scheme (http:, javascript:, file: ...), no host, no absolute path."""
    return bool(href) and not _SCHEME.match(href) and not href.startswith(("/", "\\"))


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _link(href: str, content: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrSet("href", href)
    return [opening, _text(content), Token("link_close", "a", -1)]


def id_links(pages: Mapping[str, str]) -> Callable[[str], str | None]:
    """`links` for to_html: the page of an id, from a table of id -> relative link."""
    return pages.get
