"""Locate verbatim text in an article body and turn it into code-point spans."""

import re

from pipeline.safe_yaml import Record


def occurrences(text: str, needle: str, whole_word: bool = False) -> list[int]:
    """Start offsets of every (non-overlapping) occurrence of ``needle``."""
    pattern = re.escape(needle)
    if whole_word:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return [match.start() for match in re.finditer(pattern, text)]


def locate(record: Record, needle: str, text: str, where: str, base: int = 0) -> tuple[int, int]:
    """The span of ``needle`` in ``text`` (offset by ``base``), honouring ``occurrence``.

    ``where`` names the text searched, for the error message.
    """
    if not isinstance(needle, str) or not needle:
        raise record.fail(f"the verbatim text is empty or not a string: {needle!r}")
    starts = occurrences(text, needle)
    wanted = record.get("occurrence")
    if not starts:
        hint = ""
        if " " in needle:
            loose = re.escape(needle).replace(r"\ ", "[ \u00a0]")
            if re.search(loose, text):
                hint = " (it is there with a NO-BREAK SPACE where you wrote a space: write \\u00a0)"
        raise record.fail(f"text not found in {where}: {needle!r}{hint}; copy it verbatim from the article")
    if wanted is None:
        if len(starts) > 1:
            raise record.fail(
                f"text occurs {len(starts)} times in {where}: {needle!r}; add 'occurrence: N' to say which"
            )
        wanted = 1
    if not isinstance(wanted, int) or isinstance(wanted, bool) or not 1 <= wanted <= len(starts):
        raise record.fail(f"occurrence {wanted!r} is out of range: the text occurs {len(starts)} time(s) in {where}")
    start = starts[wanted - 1]
    return base + start, base + start + len(needle)
