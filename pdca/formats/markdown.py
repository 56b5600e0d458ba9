"""User text made inert for Markdown: one table cell or line, no emphasis, links, HTML or breaks."""

from __future__ import annotations

_MARKDOWN = str.maketrans({
    "\\": "\\\\", "|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`", "[": "\\[", "]": "\\]", "#": "\\#",
    "~": "\\~", "$": "\\$", "<": "&lt;", ">": "&gt;", "&": "&amp;", "\r": " ", "\n": " ", "\t": " ",
})


def escape(text: str) -> str:
    return text.translate(_MARKDOWN)
