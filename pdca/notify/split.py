"""Cutting a long Markdown message into numbered parts that each fit a robot's byte limit."""

from __future__ import annotations


def _prefix(part: int, parts: int) -> str:
    # A blank line after the number, so the first Markdown block of the part (a heading, a table) still parses.
    return f"({part}/{parts})\n\n"


def split_message(text: str, limit: int) -> list[str]:
    """`text` as it is when it fits in `limit` UTF-8 bytes, else parts headed `(1/3)`, `(2/3)`… that each fit.

    Parts break between lines; a single line longer than a part is cut between characters, never inside
    one character's UTF-8 bytes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text.encode()) <= limit:
        return [text]
    # The number's width depends on how many parts there are: reserve room for 9 parts, then 99, ….
    digits = 1
    while True:
        widest = 10**digits - 1
        budget = limit - len(_prefix(widest, widest).encode())
        if budget < 4:  # room for at least one character of any width
            raise ValueError(f"a limit of {limit} bytes leaves no room for text")
        chunks = _chunks(text, budget)
        if len(str(len(chunks))) <= digits:
            break
        digits += 1
    return [_prefix(i, len(chunks)) + chunk for i, chunk in enumerate(chunks, 1)]


def _chunks(text: str, budget: int) -> list[str]:
    chunks: list[str] = []
    lines: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal lines, size
        chunk = "\n".join(lines).strip("\n")
        if chunk.strip():
            chunks.append(chunk)
        lines, size = [], 0

    for line in text.split("\n"):
        width = len(line.encode())
        if width > budget:
            flush()
            *full, rest = _cut(line, budget)
            chunks.extend(full)
            # The cut line's tail opens the next part, so the lines after it fill that part too.
            lines, size = [rest], len(rest.encode())
            continue
        added = width + 1 if lines else width  # +1 for the "\n" that joins it to the line before
        if size + added > budget:
            flush()
            added = width
        lines.append(line)
        size += added
    flush()
    return chunks


def _cut(line: str, budget: int) -> list[str]:
    """One over-long line in pieces of at most `budget` bytes, each ending on a character boundary."""
    data = line.encode()
    pieces: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + budget, len(data))
        # Step back off UTF-8 continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end].decode())
        start = end
    return pieces
