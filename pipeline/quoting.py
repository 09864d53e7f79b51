"""What counts as quoting the publishers: a run of four or more of a capture's words.

The build puts the publishers' licence notice on every resource whose cells
quote a capture, and the text-free edition replaces each such run by a
marker; both use this one definition.
"""

import re

# A run of this many of the publishers' words is their text; shorter runs are
# words and names.
MIN_WORDS = 4
WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def word_runs(text: str, length: int = MIN_WORDS) -> dict[str, tuple[int, int]]:
    """Every run of ``length`` consecutive words, exactly as the text prints it, with its first span."""
    words = [match.span() for match in WORD.finditer(text)]
    runs = {}
    for first in range(len(words) - length + 1):
        start, end = words[first][0], words[first + length - 1][1]
        runs.setdefault(text[start:end], (start, end))
    return runs


def capture_runs(captures: list[str]) -> set[str]:
    """Every run of MIN_WORDS words of the captures."""
    runs = set()
    for text in captures:
        runs.update(word_runs(text))
    return runs


def quoting_columns(runs: set[str], rows: list[dict]) -> set[str]:
    """The columns in which some cell holds one of the runs (capture_runs)."""
    found = set()
    for row in rows:
        for column, value in row.items():
            if column not in found and isinstance(value, str) and not runs.isdisjoint(word_runs(value)):
                found.add(column)
    return found
