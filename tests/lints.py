"""The completeness lints as functions: each returns what a body has that the data does not account for.

tests/test_coverage.py runs them on every published article; the test that adds
a synthetic article runs them on a sandbox, which shows that a new article is
linted without being listed anywhere.
"""

import re
from pathlib import Path

import yaml


# Indonesian number words (cardinals, ordinals, vague multiples) and digit runs.
NUMBER_WORDS = (
    "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|sejuta|"
    "setahun|puluhan|ratusan|ribuan|jutaan|miliaran|triliunan|pertama|kedua|ketiga|keempat|kelima"
)
NUMBER = re.compile(rf"\d+(?:[.,/-]\d+)*|(?<!\w)(?:{NUMBER_WORDS})(?!\w)", re.IGNORECASE)
# "salah satu" means "one of" and counts nothing; "setahun" in "dalam setahun"
# is a rate, carried by the per_period of the number it qualifies (guideline,
# section 11).
IDIOMS = re.compile(r"(?<!\w)(?:salah satu|dalam setahun)(?!\w)", re.IGNORECASE)
# Opening marks start a quotation that runs to the next closing-capable mark
# on the same paragraph, or to the paragraph's end when it is never closed.
QUOTE_MARKS = "\"“”"
TITLE_WORDS = {"Menteri", "Menko", "Menkominfo", "Menperin", "Presiden", "Pak", "Pendiri", "CEO", "Ketua", "Founder"}
NAME_LIKE = re.compile(r"(?<![\w-])[A-Z][\w'’.-]*[\w]|(?<![\w-])[A-Z](?![\w])")


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _spans(frame, article_id, query=None):
    rows = frame[frame["article_id"] == article_id]
    if query is not None:
        rows = rows.query(query)
    return list(zip(rows["char_start"].astype(int), rows["char_end"].astype(int)))


def uncovered_text(tables, texts, article_id) -> list[str]:
    """Characters in no claim and not excluded with a reason, as excerpts."""
    text = texts[article_id]
    covered = bytearray(len(text))
    spans = _spans(tables["claims"], article_id) + _spans(tables["exclusions"], article_id, "scope == 'claims'")
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    missing = [i for i, ch in enumerate(text) if not covered[i] and not ch.isspace()]
    return [text[missing[0]:missing[0] + 60]] if missing else []


def quotation_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer(f"[{QUOTE_MARKS}]", paragraph.group())]
        for i in range(0, len(marks), 2):
            start = paragraph.start() + marks[i]
            end = paragraph.start() + marks[i + 1] + 1 if i + 1 < len(marks) else paragraph.end()
            spans.append((start, end))
    return spans


def quotation_problems(tables, texts, article_id) -> list[str]:
    """Quotations not wholly inside claims, split where claims do not touch, or not attributed as direct."""
    claims = tables["claims"][tables["claims"]["article_id"] == article_id]
    text = texts[article_id]
    problems = []
    for start, end in quotation_spans(text):
        quoted = text[start:end]
        inside = claims[(claims.char_start < end) & (claims.char_end > start)]
        if not len(inside) or not (inside.char_start.min() <= start and end <= inside.char_end.max()):
            problems.append(f"not inside claims: {quoted!r}")
            continue
        ordered = inside.sort_values("char_start")
        for left_end, right_start in zip(ordered.char_end.tolist(), ordered.char_start.tolist()[1:]):
            if text[left_end:right_start].strip():
                problems.append(f"split where claims do not touch: {quoted!r}")
        # Quotation marks around a single term ("Eleven-Eleven") name it; they quote no one.
        if " " in quoted and set(inside.attribution) != {"direct"}:
            problems.append(f"a quotation in a claim that is not direct: {quoted!r}")
    return problems


def numbers_outside_data(tables, texts, article_id) -> list[str]:
    """Numbers in no quantity, time expression, name or exclusion."""
    text = texts[article_id]
    spans = (
        _spans(tables["quantities"], article_id)
        + _spans(tables["time_expressions"], article_id)
        + _spans(tables["exclusions"], article_id, "scope == 'numbers'")
        + _spans(tables["mentions"], article_id, "mention_type == 'name'")
    )
    spans += [m.span() for m in IDIOMS.finditer(text)]
    return [
        f"{m.group()} in {text[max(0, m.start() - 30):m.end() + 30]!r}"
        for m in NUMBER.finditer(text) if not _covered(spans, m.start(), m.end())
    ]


def name_lint_ignores(root: Path) -> dict[str, str]:
    entries = yaml.safe_load((root / "data" / "curated" / "name_lint.yaml").read_text(encoding="utf-8"))["ignore"]
    return {entry["word"]: entry["reason"] for entry in entries}


def sentence_initial_common_word(text: str, match: re.Match, lowercase_words: set[str]) -> bool:
    """A capital that only marks the start of a sentence, on a word the bodies also use in lowercase."""
    before = text[: match.start()].rstrip(" ")
    opens_quotation = before.endswith(("“", '"'))
    before = before.rstrip(" \"“”")
    starts_sentence = opens_quotation or not before or before[-1] in ".?!:\n"
    return starts_sentence and match.group().lower() in lowercase_words


def unexplained_names(texts, tables, article_id, ignores) -> dict[str, list[str]]:
    """Name-like words not covered by a mention, by the sentence-start rule or the ignore list."""
    text = texts[article_id]
    lowercase_words = set(re.findall(r"(?<![\w-])[a-z][\w-]*", "\n".join(texts.values())))
    spans = _spans(tables["mentions"], article_id) + _spans(tables["exclusions"], article_id, "scope == 'claims'")
    candidates = list(NAME_LIKE.finditer(text))
    candidates += list(re.finditer(rf"(?<!\w)(?:{'|'.join(TITLE_WORDS)})(?!\w)", text))
    found: dict[str, list[str]] = {}
    for match in candidates:
        if _covered(spans, match.start(), match.end()):
            continue
        if match.group() not in TITLE_WORDS and sentence_initial_common_word(text, match, lowercase_words):
            continue
        found.setdefault(match.group(), []).append(text[max(0, match.start() - 30) : match.end() + 30])
    return {word: contexts for word, contexts in found.items() if word not in ignores}
