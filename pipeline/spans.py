"""Locate verbatim text in an article body and turn it into code-point spans."""

import re

from pipeline.errors import excerpt
from pipeline.safe_yaml import Record


def _word_character(character: str) -> bool:
    """What the regular expression \\w matches: letters, digits and the underscore, in any script."""
    return character.isalnum() or character == "_"


def occurrences(text: str, needle: str, whole_word: bool = False) -> list[int]:
    """Start offsets of every (non-overlapping) occurrence of ``needle``; str.find is many times faster than re."""
    starts, start = [], text.find(needle)
    while start != -1:
        end = start + len(needle)
        if not whole_word or (
            (start == 0 or not _word_character(text[start - 1]))
            and (end == len(text) or not _word_character(text[end]))
        ):
            starts.append(start)
            start = text.find(needle, end)
        else:
            start = text.find(needle, start + 1)
    return starts


def locate(record: Record, needle: str, text: str, where: str, base: int = 0) -> tuple[int, int]:
    """The span of ``needle`` in ``text`` (offset by ``base``), honouring ``occurrence``.

    ``where`` names the text searched, for the error message.
    """
    if not isinstance(needle, str) or not needle:
        raise record.fail(f"the verbatim text is empty or not a string: {excerpt(needle)}")
    starts = occurrences(text, needle)
    wanted = record.get("occurrence")
    if not starts:
        hint = ""
        if " " in needle:
            loose = re.escape(needle).replace(r"\ ", "[ \u00a0]")
            if re.search(loose, text):
                hint = " (it is there with a NO-BREAK SPACE where you wrote a space: write \\u00a0)"
        raise record.fail(f"text not found in {where}: {excerpt(needle)}{hint}; copy it verbatim from the article")
    if wanted is None:
        if len(starts) > 1:
            raise record.fail(
                f"text occurs {len(starts)} times in {where}: {excerpt(needle)}; add 'occurrence: N' to say which"
            )
        wanted = 1
    if not isinstance(wanted, int) or isinstance(wanted, bool) or not 1 <= wanted <= len(starts):
        raise record.fail(f"occurrence {excerpt(wanted)} is out of range: the text occurs {len(starts)} time(s) in {where}")
    start = starts[wanted - 1]
    return base + start, base + start + len(needle)
