"""Identifiers made from words: slugs, numbered when the same words repeat."""

import re


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


# Ids take at most this many words of the text they name: enough to read, and
# never a run of the publishers' words that the text-free edition would leak.
ID_WORDS = 3


class NumberedIds:
    """Ids from a prefix and the first words of a text; a repeat gets -2, -3, … in reading order."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def next(self, prefix: str, words: str) -> str:
        base = f"{prefix}-{'-'.join(slugify(words).split('-')[:ID_WORDS]) or 'x'}"
        self.seen[base] = self.seen.get(base, 0) + 1
        return base if self.seen[base] == 1 else f"{base}-{self.seen[base]}"
