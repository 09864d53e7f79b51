"""Identifiers made from words: slugs, numbered when the same words repeat."""

import re


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


class NumberedIds:
    """Ids from a prefix and some words; a repeat gets -2, -3, … in reading order."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def next(self, prefix: str, words: str, limit: int | None = None) -> str:
        base = f"{prefix}-{slugify(words)[:limit].strip('-') or 'x'}"
        self.seen[base] = self.seen.get(base, 0) + 1
        return base if self.seen[base] == 1 else f"{base}-{self.seen[base]}"
